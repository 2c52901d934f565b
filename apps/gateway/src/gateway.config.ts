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

/** `true` or `false`, with a default used when the variable is unset. */
function switchVariable(defaultValue: 'true' | 'false') {
  return z.enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) }).default(defaultValue);
}

/** A limit on client operations: a whole number ≥ 1, with a default used when the variable is unset. */
function operationLimitVariable(defaultLimit: number) {
  return z.coerce
    .number({ invalid_type_error: 'must be a whole number' })
    .int('must be a whole number')
    .positive('must be at least 1')
    .default(defaultLimit);
}

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
    SUBGRAPH_REQUEST_MERGING: switchVariable('true'),
    /** Whether clients may introspect the schema (`__schema`, `__type`). On for local use; off in production. */
    GRAPHQL_INTROSPECTION: switchVariable('true'),
    /** Whether validation errors suggest names (`Did you mean "deals"?`), which reveals the schema bit by bit. */
    GRAPHQL_FIELD_SUGGESTIONS: switchVariable('true'),
    /** Most lexical tokens in one document; checked while parsing, so a huge document costs little. */
    GRAPHQL_MAX_TOKENS: operationLimitVariable(2000),
    /** Deepest field nesting of an operation (the deepest local query, deals → integration → connection, is 6). */
    GRAPHQL_MAX_DEPTH: operationLimitVariable(10),
    /** Most aliases in an operation: each alias can repeat an expensive field. */
    GRAPHQL_MAX_ALIASES: operationLimitVariable(15),
    /** Highest estimated cost of an operation (see `operation-cost.ts`): a page of `first: n` counts n times its items. */
    GRAPHQL_MAX_COST: operationLimitVariable(5000),
    /** How many items the cost estimate assumes for a list field that takes no `first` argument. */
    GRAPHQL_ASSUMED_LIST_SIZE: operationLimitVariable(10),
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
