import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { json } from 'express';
import { GraphQLError } from 'graphql';
import { CALLER_CONTEXT_HEADER, CallerContextError, verifyCallerContext } from '@crm-bridge/caller-context';
import type { ServiceMetrics, StructuredLogger } from '@crm-bridge/observability';
import { DataLoaderRegistry } from './data-loader-registry';
import { buildFederatedSubgraph, type SubgraphDefinition } from './federated-schema';
import { createSubgraphErrorFormatter } from './subgraph-error-formatter';
import type { SubgraphContext } from './subgraph-context';
import { ErrorKind } from './coded-error';

export const CORRELATION_ID_HEADER = 'x-correlation-id';

export interface MountSubgraphOptions {
  readonly definition: SubgraphDefinition;
  readonly internalSigningSecret: string;
  readonly logger: StructuredLogger;
  readonly metrics: ServiceMetrics;
  readonly path?: string;
}

export interface MountedSubgraph {
  readonly sdl: string;
  stop(): Promise<void>;
}

/**
 * Serves a subgraph with `@apollo/server` inside a Nest application. Resolvers come from Nest's
 * DI container. Every request must carry a caller context signed by the gateway; one that is
 * missing, forged or expired is refused with UNAUTHENTICATED (HTTP 401) before any resolver runs.
 */
export async function mountSubgraph(app: INestApplication, options: MountSubgraphOptions): Promise<MountedSubgraph> {
  const { schema, sdl } = await buildFederatedSubgraph(options.definition, {
    get: (type) => app.get(type, { strict: false }),
  });
  const server = new ApolloServer<SubgraphContext>({
    schema,
    formatError: createSubgraphErrorFormatter(options.logger),
    // Inline (ftv1) tracing costs CPU on every entity fetch and nothing here reads it.
    plugins: [operationMetricsPlugin(options.metrics), ApolloServerPluginInlineTraceDisabled()],
    // Subgraphs are reachable only from the gateway (NetworkPolicy); the gateway needs no landing page.
    introspection: true,
    // Stack traces would travel through the gateway to clients.
    includeStacktraceInErrorResponses: false,
    // The service runtime owns shutdown ordering; Apollo's own handler would re-raise SIGTERM
    // and kill the process before the database pool is closed.
    stopOnTerminationSignals: false,
  });
  await server.start();
  app.use(
    options.path ?? '/graphql',
    json({ limit: '1mb' }),
    expressMiddleware(server, {
      context: ({ req }) => {
        const correlationId = req.header(CORRELATION_ID_HEADER) ?? randomUUID();
        try {
          const caller = verifyCallerContext(req.header(CALLER_CONTEXT_HEADER), options.internalSigningSecret);
          return Promise.resolve({ caller, loaders: new DataLoaderRegistry(), correlationId });
        } catch (error) {
          if (!(error instanceof CallerContextError)) throw error;
          options.logger.warn('refused subgraph call without a valid caller context', { reason: error.code, correlationId });
          throw new GraphQLError('A valid caller context is required', {
            extensions: { code: ErrorKind.Unauthenticated, reason: error.code, http: { status: 401 } },
          });
        }
      },
    }),
  );
  return { sdl, stop: () => server.stop() };
}

function operationMetricsPlugin(metrics: ServiceMetrics): ApolloServerPlugin<SubgraphContext> {
  return {
    requestDidStart() {
      const stopTimer = metrics.graphqlOperationSeconds.startTimer();
      return Promise.resolve({
        willSendResponse({ operationName, errors }) {
          stopTimer({ operation: operationName ?? 'anonymous', outcome: errors && errors.length > 0 ? 'error' : 'ok' });
          return Promise.resolve();
        },
      });
    },
  };
}
