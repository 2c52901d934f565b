import { z } from '@crm-bridge/config';

/** How each sync-engine instance claims and works integrations (ADR 0009). */
export const integrationWorkConfig = {
  /** How often the worker looks for integrations with work due. Default 250 ms: it bounds the propagation delay it adds. */
  SYNC_WORKER_TICK_MS: z.coerce
    .number({ invalid_type_error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(50, 'must be at least 50')
    .max(60_000, 'must be at most 60000')
    .default(250),
  /**
   * How long an instance's claim on an integration lasts unless renewed (it renews every third of
   * it while working). After a crash, another instance takes the integration over once it runs out.
   */
  SYNC_LEASE_SECONDS: z.coerce
    .number({ invalid_type_error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(3, 'must be at least 3')
    .max(600, 'must be at most 600')
    .default(30),
  /** Integrations one instance works at the same time. */
  SYNC_WORKER_CONCURRENCY: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(64, 'must be at most 64')
    .default(4),
  /**
   * The wait before the first retry of sync work that failed — a deal Zoho or the portal refused, a
   * push or read that failed as a whole — in both directions; it doubles per failure in a row,
   * jittered (see `retry-backoff.ts`). Default 5 s.
   */
  SYNC_RETRY_INITIAL_MS: z.coerce
    .number({ invalid_type_error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(100, 'must be at least 100')
    .max(3_600_000, 'must be at most 3600000')
    .default(5_000),
  /** The longest wait between retries of failed sync work, both directions. Default 1 h. */
  SYNC_RETRY_MAX_MS: z.coerce
    .number({ invalid_type_error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(1_000, 'must be at least 1000')
    .max(86_400_000, 'must be at most 86400000')
    .default(3_600_000),
};

export interface IntegrationWorkConfig {
  SYNC_WORKER_TICK_MS: number;
  SYNC_LEASE_SECONDS: number;
  SYNC_WORKER_CONCURRENCY: number;
  SYNC_RETRY_INITIAL_MS: number;
  SYNC_RETRY_MAX_MS: number;
}

/** The retry back-off both sync directions share. */
export type SyncRetryConfig = Pick<IntegrationWorkConfig, 'SYNC_RETRY_INITIAL_MS' | 'SYNC_RETRY_MAX_MS'>;
