import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { json, type NextFunction, type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import { CALLER_CONTEXT_HEADER, CallerContextError, verifyCallerContext } from '@crm-bridge/caller-context';
import {
  SpanAttributes,
  SpanKind,
  SpanStatusCode,
  activeSpan,
  extractTraceContext,
  markSpanFailed,
  runInContext,
  startSpan,
  type GraphqlOperationType,
  type ServiceMetrics,
  type Span,
  type StructuredLogger,
} from '@crm-bridge/observability';
import { DataLoaderRegistry } from './data-loader-registry';
import { buildFederatedSubgraph, type SubgraphDefinition } from './federated-schema';
import { createSubgraphErrorFormatter } from './subgraph-error-formatter';
import { serveSubgraphSubscriptions } from './subgraph-subscriptions';
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
  /** Ends every graphql-ws connection (first: an open socket would keep the HTTP server from closing). */
  stopSubscriptions(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Serves a subgraph with `@apollo/server` inside a Nest application. Resolvers come from Nest's
 * DI container. Every request must carry a caller context signed by the gateway for this
 * subgraph (`definition.name`, which must be its name in the supergraph); one that is missing,
 * forged, expired or meant for another subgraph is refused with UNAUTHENTICATED (HTTP 401) before
 * any resolver runs. graphql-ws is served on the same path for the gateway's subscriptions, with
 * the same check per operation ({@link serveSubgraphSubscriptions}).
 */
export async function mountSubgraph(app: INestApplication, options: MountSubgraphOptions): Promise<MountedSubgraph> {
  const { schema, sdl } = await buildFederatedSubgraph(options.definition, {
    get: (type) => app.get(type, { strict: false }),
  });
  const server = new ApolloServer<SubgraphContext>({
    schema,
    formatError: createSubgraphErrorFormatter(options.logger),
    // Inline (ftv1) tracing costs CPU on every entity fetch and nothing here reads it.
    plugins: [operationObservabilityPlugin(options.metrics), ApolloServerPluginInlineTraceDisabled()],
    // Subgraphs are reachable only from the gateway (NetworkPolicy); the gateway needs no landing page.
    introspection: true,
    // Stack traces would travel through the gateway to clients.
    includeStacktraceInErrorResponses: false,
    // The service runtime owns shutdown ordering; Apollo's own handler would re-raise SIGTERM
    // and kill the process before the database pool is closed.
    stopOnTerminationSignals: false,
  });
  await server.start();
  const path = options.path ?? '/graphql';
  app.use(
    path,
    json({ limit: '1mb' }),
    // After the body parser: it resumes the chain from a stream callback, outside any context set before it.
    serverSpanMiddleware(path),
    expressMiddleware(server, {
      context: async ({ req }) => {
        const correlationId = req.header(CORRELATION_ID_HEADER) ?? randomUUID();
        try {
          // The audience is this subgraph's name in the supergraph: a header captured on its way
          // to another subgraph is refused here.
          const caller = await verifyCallerContext(req.header(CALLER_CONTEXT_HEADER), options.internalSigningSecret, {
            audience: options.definition.name,
          });
          return { caller, loaders: new DataLoaderRegistry(), correlationId };
        } catch (error) {
          if (!(error instanceof CallerContextError)) {
            throw error;
          }
          options.logger.warn('refused subgraph call without a valid caller context', { reason: error.code, correlationId });
          throw new GraphQLError('A valid caller context is required', {
            extensions: { code: ErrorKind.Unauthenticated, reason: error.code, http: { status: 401 } },
          });
        }
      },
    }),
  );
  const subscriptions = serveSubgraphSubscriptions(app.getHttpServer() as HttpServer, {
    schema,
    subgraphName: options.definition.name,
    internalSigningSecret: options.internalSigningSecret,
    logger: options.logger,
    path,
  });
  return { sdl, stopSubscriptions: () => subscriptions.dispose(), stop: () => server.stop() };
}

/**
 * One SERVER span per subgraph request, child of the gateway's fetch span when the request carries
 * `traceparent`, active while Apollo handles the request (resolvers, log lines and Kafka events
 * created inside it join the trace). The GraphQL plugin names it after the operation.
 */
function serverSpanMiddleware(path: string) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const { span, context } = startSpan(`${request.method} ${path}`, {
      kind: SpanKind.SERVER,
      parent: extractTraceContext(request.headers),
      attributes: { [SpanAttributes.httpRequestMethod]: request.method, [SpanAttributes.httpRoute]: path },
    });
    response.on('finish', () => {
      span.setAttribute(SpanAttributes.httpResponseStatusCode, response.statusCode);
      if (response.statusCode >= 500) {
        markSpanFailed(span, new Error(`HTTP ${response.statusCode}`));
      }
      span.end();
    });
    runInContext(context, next);
  };
}

/** Operation metrics, and the operation's name and type on the request's server span. */
function operationObservabilityPlugin(metrics: ServiceMetrics): ApolloServerPlugin<SubgraphContext> {
  return {
    requestDidStart() {
      const startedAt = process.hrtime.bigint();
      const span: Span | undefined = activeSpan();
      return Promise.resolve({
        didResolveOperation({ operationName, operation }) {
          const name = operationName ?? 'anonymous';
          const type: GraphqlOperationType = operation?.operation ?? 'unknown';
          span?.updateName(`${type} ${name}`);
          span?.setAttributes({ [SpanAttributes.graphqlOperationName]: name, [SpanAttributes.graphqlOperationType]: type });
          return Promise.resolve();
        },
        willSendResponse({ operationName, operation, errors }) {
          const type: GraphqlOperationType = operation?.operation ?? 'unknown';
          const failed = errors !== undefined && errors.length > 0;
          if (failed) {
            span?.setStatus({ code: SpanStatusCode.ERROR, message: 'GraphQL errors' });
          }
          metrics.recordGraphqlOperation(
            { name: operationName, type, outcome: failed ? 'error' : 'ok' },
            Number(process.hrtime.bigint() - startedAt) / 1e9,
          );
          return Promise.resolve();
        },
      });
    },
  };
}
