import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { SubscribePayload } from 'graphql-ws';
import { CALLER_CONTEXT_HEADER, CallerContextError, verifyCallerContext, type CallerContext } from '@crm-bridge/caller-context';
import type { StructuredLogger } from '@crm-bridge/observability';
import { DataLoaderRegistry } from './data-loader-registry';
import { ErrorKind } from './coded-error';
import { createSubgraphErrorFormatter } from './subgraph-error-formatter';
import type { SubgraphContext } from './subgraph-context';

export interface SubgraphSubscriptionsOptions {
  readonly schema: GraphQLSchema;
  /** The subgraph's name in the supergraph: the audience its signed caller contexts must carry. */
  readonly subgraphName: string;
  readonly internalSigningSecret: string;
  readonly logger: StructuredLogger;
  readonly path: string;
}

/**
 * Serves the subgraph's operations over graphql-ws on its HTTP server and path, for the gateway's
 * subscriptions (Hive Gateway's `ws` subscription transport).
 *
 * The signed caller context is checked per operation, not per connection: the gateway keeps one
 * socket per subgraph and multiplexes every caller's subscriptions over it, and it puts the caller
 * into each operation's `extensions.headers` (`x-crm-bridge-caller`), which its ws executor sends in
 * the `subscribe` message. An operation without a valid one — missing, forged, expired or signed
 * for another subgraph — is refused with UNAUTHENTICATED before any resolver runs. A subscription
 * keeps the caller it was opened with (caller tokens expire after a minute; the subscription does
 * not): the gateway ends a user's subscriptions when the user's own token expires, and the feature
 * holding them ends a revoked API key's (sync-engine's `dealUpdated` hears `api-key.revoked`).
 */
export function serveSubgraphSubscriptions(server: Server, options: SubgraphSubscriptionsOptions): { dispose(): Promise<void> } {
  const formatError = createSubgraphErrorFormatter(options.logger);
  const formatResolverError = (error: GraphQLError) => (error.originalError ? formatError(error.toJSON(), error) : error.toJSON());
  const callers = new WeakMap<SubscribePayload, CallerContext>();
  const webSockets = new WebSocketServer({ server, path: options.path });
  const graphqlWs = useServer<Record<string, unknown>>(
    {
      schema: options.schema,
      onSubscribe: async (_context, _id, payload) => {
        const headers = (payload.extensions?.['headers'] ?? {}) as Record<string, unknown>;
        const token = headers[CALLER_CONTEXT_HEADER];
        try {
          const caller = await verifyCallerContext(typeof token === 'string' ? token : undefined, options.internalSigningSecret, {
            audience: options.subgraphName,
          });
          callers.set(payload, caller);
          return undefined;
        } catch (error) {
          if (!(error instanceof CallerContextError)) {
            throw error;
          }
          options.logger.warn('refused subgraph subscription without a valid caller context', { reason: error.code });
          return [
            new GraphQLError('A valid caller context is required', {
              extensions: { code: ErrorKind.Unauthenticated, reason: error.code },
            }),
          ];
        }
      },
      context: (_context, _id, payload): SubgraphContext => {
        const caller = callers.get(payload);
        if (!caller) {
          throw new Error('graphql-ws built a context for an operation onSubscribe did not admit');
        }
        return { caller, loaders: new DataLoaderRegistry(), correlationId: randomUUID() };
      },
      // Resolver errors (coded exceptions such as an expired resume point) get the same
      // `extensions.code` as over HTTP, and internals stay masked; GraphQL's own (validation) pass.
      onNext: (_context, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map(formatResolverError) } : undefined,
      onError: (_context, _id, _payload, errors) => errors.map(formatResolverError),
    },
    webSockets,
  );
  return {
    dispose: async () => {
      await graphqlWs.dispose();
      await new Promise<void>((resolve) => webSockets.close(() => resolve()));
    },
  };
}
