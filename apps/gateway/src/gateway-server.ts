import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { createGatewayRuntime, getGraphQLWSOptions, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { EnvironmentSource } from '@crm-bridge/config';
import { ServiceMetrics, StructuredLogger } from '@crm-bridge/observability';
import { loadGatewayConfig, SUBGRAPH_URL_VARIABLES, type GatewayConfig } from './gateway.config';
import { UserTokenVerifier } from './authentication/user-token.verifier';
import {
  callerAuthenticationPlugin,
  signedCallerPropagationPlugin,
  type AuthenticatedGatewayContext,
} from './authentication/caller-authentication.plugin';
import { hiveLoggerFor } from './gateway-log.writer';

export const GRAPHQL_PATH = '/graphql';

export interface RunningGateway {
  readonly config: GatewayConfig;
  /** Base URL, e.g. `http://127.0.0.1:4000`; GraphQL (HTTP and graphql-ws) at `${url}/graphql`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves the federated API on Hive Gateway's runtime with its Rust query planner (ADR 0001),
 * over the supergraph committed at build time. Users authenticate with a JWT; subgraphs receive
 * only a caller context the gateway signed. graphql-ws shares the HTTP port and path.
 */
export async function startGateway(environment: EnvironmentSource): Promise<RunningGateway> {
  const config = loadGatewayConfig(environment);
  const logger = new StructuredLogger('gateway', config.LOG_LEVEL);
  const metrics = new ServiceMetrics('gateway');
  const verifier = new UserTokenVerifier(
    config.JWT_HS256_SECRET ? { kind: 'hs256', secret: config.JWT_HS256_SECRET } : { kind: 'jwks', url: config.JWT_JWKS_URL as string },
    { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
  );

  const runtime = createGatewayRuntime<AuthenticatedGatewayContext>({
    supergraph: readFileSync(config.SUPERGRAPH_PATH, 'utf8'),
    unifiedGraphHandler,
    logging: hiveLoggerFor(logger, config.LOG_LEVEL),
    graphqlEndpoint: GRAPHQL_PATH,
    healthCheckEndpoint: '/health/live',
    readinessCheckEndpoint: '/health/ready',
    landingPage: false,
    // Off deliberately (ADR 0001): merging identical in-flight requests must never share one
    // caller's answer with another, and the gain only shows in benchmarks that repeat a query.
    inboundInflightRequestDeduplication: false,
    transportEntries: subgraphTransportEntries(config),
    plugins: () => [
      callerAuthenticationPlugin(verifier),
      signedCallerPropagationPlugin(config.INTERNAL_SIGNING_SECRET),
      operationMetricsPlugin(metrics),
    ],
  });

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const route = (request.url ?? '').split('?')[0] ?? '';
    response.on('finish', () => {
      const known = route === GRAPHQL_PATH || route === '/metrics' || route.startsWith('/health/');
      metrics.httpRequests.inc({ method: request.method ?? 'GET', route: known ? route : 'other', status: String(response.statusCode) });
    });
    if (route === '/metrics') {
      void metrics.render().then(({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body));
      return;
    }
    void runtime(request, response);
  });
  const webSockets = new WebSocketServer({ server, path: GRAPHQL_PATH });
  const graphqlWs = useServer(
    getGraphQLWSOptions(runtime, (context) => ({ connectionParams: context.connectionParams })),
    webSockets,
  );

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
        logger.info('stopped');
      })();
      return closing;
    },
  };
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
    if (location) entries[subgraph] = { location };
  }
  return entries;
}

function operationMetricsPlugin(metrics: ServiceMetrics): GatewayPlugin {
  return {
    onExecute({ args }) {
      const stopTimer = metrics.graphqlOperationSeconds.startTimer();
      return {
        onExecuteDone({ result }) {
          const errors = (result as { errors?: unknown }).errors;
          const failed = Array.isArray(errors) && errors.length > 0;
          const operationName: unknown = args.operationName;
          stopTimer({ operation: typeof operationName === 'string' ? operationName : 'anonymous', outcome: failed ? 'error' : 'ok' });
        },
      };
    },
  };
}
