import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { createGatewayRuntime, getGraphQLWSOptions } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { EnvironmentSource } from '@crm-bridge/config';
import { ServiceMetrics, StructuredLogger, startTracing, type LogSink } from '@crm-bridge/observability';
import { loadGatewayConfig, SUBGRAPH_URL_VARIABLES, type GatewayConfig } from './gateway.config';
import { UserTokenVerifier } from './authentication/user-token.verifier';
import { ApiKeyVerifier } from './authentication/api-key.verifier';
import {
  apiKeyRightsPlugin,
  callerAuthenticationPlugin,
  signedCallerPropagationPlugin,
  type AuthenticatedGatewayContext,
} from './authentication/caller-authentication.plugin';
import { credentialExpiryPlugin } from './authentication/credential-expiry.plugin';
import { hiveLoggerFor } from './gateway-log.writer';
import {
  inGatewayRequestSpan,
  operationObservabilityPlugin,
  subgraphFetchTracingPlugin,
} from './observability/gateway-observability.plugin';
import { perFetchAbortSignalPlugin } from './subgraph-fetch/per-fetch-abort-signal.plugin';
import { operationLimitPlugins } from './operation-limits/operation-limits.plugin';
import { maskGatewayError } from './subgraph-errors/subgraph-error-masking';

export const GRAPHQL_PATH = '/graphql';

export interface RunningGateway {
  readonly config: GatewayConfig;
  /** Base URL, e.g. `http://127.0.0.1:4000`; GraphQL (HTTP and graphql-ws) at `${url}/graphql`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves the federated API on Hive Gateway's runtime with its Rust query planner (ADR 0001),
 * over the supergraph committed at build time. Users authenticate with a JWT, partner systems with
 * an API key (checked with auth-connector); subgraphs receive only a caller context the gateway signed. graphql-ws shares the HTTP port and path.
 */
export async function startGateway(environment: EnvironmentSource, options: { logSink?: LogSink } = {}): Promise<RunningGateway> {
  const config = loadGatewayConfig(environment);
  const logger = new StructuredLogger('gateway', config.LOG_LEVEL, options.logSink);
  const metrics = new ServiceMetrics('gateway');
  const tracing = startTracing('gateway', config);
  if (tracing.enabled) {
    logger.info('tracing on', { sampler: config.OTEL_TRACES_SAMPLER, samplerArg: config.OTEL_TRACES_SAMPLER_ARG });
  }
  const verifier = new UserTokenVerifier(
    config.JWT_HS256_SECRET ? { kind: 'hs256', secret: config.JWT_HS256_SECRET } : { kind: 'jwks', url: config.JWT_JWKS_URL as string },
    { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
  );

  const supergraph = readFileSync(config.SUPERGRAPH_PATH, 'utf8');
  const authConnectorUrl = config.AUTH_CONNECTOR_URL ?? subgraphUrlInSupergraph(supergraph, 'auth-connector');
  const apiKeys = new ApiKeyVerifier({
    verifyUrl: authConnectorUrl === undefined ? null : new URL('/internal/api-keys/verify', authConnectorUrl).href,
    signingSecret: config.INTERNAL_SIGNING_SECRET,
  });

  const runtime = createGatewayRuntime<AuthenticatedGatewayContext>({
    supergraph,
    unifiedGraphHandler,
    logging: hiveLoggerFor(logger, config.LOG_LEVEL),
    graphqlEndpoint: GRAPHQL_PATH,
    healthCheckEndpoint: '/health/live',
    readinessCheckEndpoint: '/health/ready',
    landingPage: false,
    // Off deliberately (ADR 0001): merging identical in-flight requests must never share one
    // caller's answer with another, and the gain only shows in benchmarks that repeat a query.
    inboundInflightRequestDeduplication: false,
    maskedErrors: { maskError: maskGatewayError },
    transportEntries: subgraphTransportEntries(config),
    plugins: () => [
      ...operationLimitPlugins({
        maxTokens: config.GRAPHQL_MAX_TOKENS,
        maxDepth: config.GRAPHQL_MAX_DEPTH,
        maxAliases: config.GRAPHQL_MAX_ALIASES,
        maxCost: config.GRAPHQL_MAX_COST,
        assumedListSize: config.GRAPHQL_ASSUMED_LIST_SIZE,
        introspection: config.GRAPHQL_INTROSPECTION === 'true',
        fieldSuggestions: config.GRAPHQL_FIELD_SUGGESTIONS === 'true',
      }),
      callerAuthenticationPlugin(verifier, apiKeys),
      apiKeyRightsPlugin(),
      credentialExpiryPlugin(),
      signedCallerPropagationPlugin(config.INTERNAL_SIGNING_SECRET),
      operationObservabilityPlugin(metrics),
      subgraphFetchTracingPlugin(),
      perFetchAbortSignalPlugin(),
    ],
  });

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '').split('?')[0] ?? '';
    const route = path === GRAPHQL_PATH || path === '/metrics' || path.startsWith('/health/') ? path : 'other';
    const startedAt = process.hrtime.bigint();
    response.on('finish', () => {
      const durationSeconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      metrics.recordHttpRequest({ method: request.method ?? 'GET', route, status: response.statusCode }, durationSeconds);
    });
    if (route === '/metrics') {
      void metrics.render().then(({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body));
      return;
    }
    // Only API traffic is traced: probes and scrapes every few seconds would drown real traces.
    if (route === GRAPHQL_PATH) {
      inGatewayRequestSpan(request, response, route, () => void runtime(request, response));
    } else {
      void runtime(request, response);
    }
  });
  const webSockets = new WebSocketServer({ server, path: GRAPHQL_PATH });
  const graphqlWs = useServer(
    getGraphQLWSOptions(runtime, (context) => ({ connectionParams: context.connectionParams })),
    webSockets,
  );

  // The runtime loads the supergraph on its first HTTP request; a graphql-ws operation arriving
  // first would find no schema ("Expected null to be a GraphQL schema"), so load it before listening.
  await runtime.getSchema();
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const address = server.address() as { port: number };
  const url = `http://${config.HOST}:${address.port}`;
  logger.info('gateway ready', { url, graphql: `${url}${GRAPHQL_PATH}` });

  let closing: Promise<void> | undefined;
  return {
    config,
    url,
    close: () => {
      closing ??= (async () => {
        logger.info('shutting down');
        await graphqlWs.dispose();
        await new Promise<void>((resolve) => webSockets.close(() => resolve()));
        await new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await runtime.dispose();
        await tracing.shutdown();
        logger.info('stopped');
      })();
      return closing;
    },
  };
}

/**
 * A subgraph's URL as composed into the supergraph (`@join__graph`): where auth-connector, which
 * serves its internal endpoints beside its subgraph, is found when `AUTH_CONNECTOR_URL` is unset.
 * Undefined for a supergraph without it (tests compose their own).
 */
function subgraphUrlInSupergraph(supergraph: string, subgraph: string): string | undefined {
  return new RegExp(`@join__graph\\(name: "${subgraph}", url: "([^"]+)"\\)`).exec(supergraph)?.[1];
}

/**
 * Per-subgraph URL overrides from config, graphql-ws for subscriptions to every subgraph, and
 * whether identical in-flight subgraph requests are merged. Merging is keyed by URL, body and
 * headers, which include the signed caller context, so it only ever merges one caller's requests.
 */
function subgraphTransportEntries(config: GatewayConfig): Record<string, { location?: string; options?: Record<string, unknown> }> {
  const entries: Record<string, { location?: string; options?: Record<string, unknown> }> = {
    '*.http': {
      options: {
        subscriptions: { kind: 'ws' },
        deduplicateInflightRequests: config.SUBGRAPH_REQUEST_MERGING === 'true',
      },
    },
  };
  for (const [subgraph, variable] of Object.entries(SUBGRAPH_URL_VARIABLES)) {
    const location = config[variable];
    if (location) {
      entries[subgraph] = { location };
    }
  }
  return entries;
}
