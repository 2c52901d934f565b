import { databaseUrlVariable, internalSigningSecretVariable, logLevelVariable, portVariable, z } from '@crm-bridge/config';
import { tracingVariables } from '@crm-bridge/observability';

/**
 * The variables every subgraph service reads. A service extends this with its own variables:
 *
 * @example
 *   const schema = subgraphServiceConfigSchema(4003).extend({ SYNC_BATCH_SIZE: z.coerce.number() });
 */
export function subgraphServiceConfigSchema(defaultPort: number) {
  return z.object({
    HOST: z.string().default('127.0.0.1'),
    PORT: portVariable(defaultPort),
    LOG_LEVEL: logLevelVariable,
    DATABASE_URL: databaseUrlVariable,
    /** Where local state (the embedded PostgreSQL cluster) lives when DATABASE_URL is unset. */
    LOCAL_DATA_DIR: z.string().default('.data'),
    EMBEDDED_POSTGRES_PORT: portVariable(54320),
    INTERNAL_SIGNING_SECRET: internalSigningSecretVariable,
    /** `true`: apply pending migrations and exit 0 without serving (init container / compose one-shot). */
    RUN_MIGRATIONS_ONLY: z.enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) }).default('false'),
    /** OpenTelemetry tracing (`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_TRACES_SAMPLER`, …): off unless an endpoint is set. */
    ...tracingVariables,
  });
}

export type SubgraphServiceConfig = z.infer<ReturnType<typeof subgraphServiceConfigSchema>>;
