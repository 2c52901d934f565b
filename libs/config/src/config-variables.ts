import { z } from 'zod';

/** A TCP port, with a default used when the variable is unset. */
export function portVariable(defaultPort: number) {
  return z.coerce
    .number({ invalid_type_error: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(defaultPort);
}

export const logLevelVariable = z
  .enum(['debug', 'info', 'warn', 'error'], {
    errorMap: () => ({ message: 'must be one of debug, info, warn, error' }),
  })
  .default('info');

/** A PostgreSQL connection URL. Optional: when unset, the embedded PostgreSQL is used. */
export const databaseUrlVariable = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value), {
    message: 'must be a postgres:// or postgresql:// connection URL',
  })
  .optional();

/**
 * The shared secret that signs the internal caller context between gateway and subgraphs.
 * 32 characters is the floor for an HMAC-SHA256 key that is not trivially brute-forced.
 */
export const internalSigningSecretVariable = z
  .string({ required_error: 'is required (shared by the gateway and every subgraph)' })
  .min(32, 'must be at least 32 characters');

/** A comma-separated list, e.g. `KAFKA_BROKERS=kafka-1:9092,kafka-2:9092`. */
export function listVariable() {
  return z.string().transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0),
  );
}

/** A duration in whole seconds. */
export function secondsVariable(defaultSeconds: number) {
  return z.coerce
    .number({ invalid_type_error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .positive('must be greater than zero')
    .default(defaultSeconds);
}
