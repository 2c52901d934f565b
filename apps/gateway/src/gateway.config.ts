import { internalSigningSecretVariable, loadConfig, logLevelVariable, portVariable, z, type EnvironmentSource } from '@crm-bridge/config';
import { tracingVariables } from '@crm-bridge/observability';

/** Subgraph URL variables: unset means the URL composed into the supergraph (local defaults). */
export const SUBGRAPH_URL_VARIABLES = {
  'auth-connector': 'AUTH_CONNECTOR_URL',
  'mapping-config': 'MAPPING_CONFIG_URL',
  'sync-engine': 'SYNC_ENGINE_URL',
  'conflict-resolver': 'CONFLICT_RESOLVER_URL',
} as const;

const httpUrl = z
  .string()
  .url('must be an http(s) URL')
  .refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL');

const gatewayConfigSchema = z
  .object({
    HOST: z.string().default('127.0.0.1'),
    PORT: portVariable(4000),
    LOG_LEVEL: logLevelVariable,
    INTERNAL_SIGNING_SECRET: internalSigningSecretVariable,
    /** HS256 key for user JWTs (local mode and simple deployments). */
    JWT_HS256_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** JWKS endpoint of the identity provider, for RS256/ES256 user JWTs. */
    JWT_JWKS_URL: httpUrl.optional(),
    JWT_ISSUER: z.string().optional(),
    JWT_AUDIENCE: z.string().optional(),
    /** The committed supergraph composed at build time. */
    SUPERGRAPH_PATH: z.string().default('apps/gateway/supergraph.graphql'),
    AUTH_CONNECTOR_URL: httpUrl.optional(),
    MAPPING_CONFIG_URL: httpUrl.optional(),
    SYNC_ENGINE_URL: httpUrl.optional(),
    CONFLICT_RESOLVER_URL: httpUrl.optional(),
    /**
     * Merge identical in-flight subgraph requests of the same signed caller (ADR 0001). On by
     * default; `false` sends every subgraph request (used by the benchmark to compare).
     */
    SUBGRAPH_REQUEST_MERGING: z.enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) }).default('true'),
    /** OpenTelemetry tracing (`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_TRACES_SAMPLER`, …): off unless an endpoint is set. */
    ...tracingVariables,
  })
  .superRefine((config, context) => {
    if (!config.JWT_HS256_SECRET === !config.JWT_JWKS_URL) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['JWT_HS256_SECRET'],
        message: 'set exactly one of JWT_HS256_SECRET or JWT_JWKS_URL',
      });
    }
  });

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function loadGatewayConfig(environment: EnvironmentSource): GatewayConfig {
  return loadConfig('gateway', gatewayConfigSchema, environment);
}
