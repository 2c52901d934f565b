import { GraphQLError } from 'graphql';

/** An error as a subgraph sent it (its JSON form), tagged by the gateway with the subgraph's name. */
interface SubgraphErrorObject {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions: { readonly code: string; readonly serviceName: string } & Record<string, unknown>;
}

/**
 * The gateway's error masking: a coded error a subgraph answered reaches the client as it was
 * sent; anything else raised in the gateway keeps GraphQL Yoga's default behaviour (GraphQL errors
 * meant for clients pass, the rest become `Unexpected error.` with INTERNAL_SERVER_ERROR).
 *
 * Over HTTP the runtime already passes subgraph errors through. A subscription's are different: a
 * subgraph refusing one (ROLE_REQUIRED, EVENT_NO_LONGER_RETAINED) ends its stream with the error
 * in its JSON form, which the runtime rethrows as it is — not a GraphQLError, so the default
 * masking would replace its code. Subgraphs mask their own internals (`createSubgraphErrorFormatter`),
 * so a coded error tagged with the subgraph that sent it is safe to show.
 */
export function maskGatewayError(error: unknown, message: string): Error {
  if (isSubgraphErrorObject(error)) {
    return new GraphQLError(error.message, { path: error.path ?? null, extensions: error.extensions });
  }
  if (error instanceof GraphQLError && isOriginalGraphQLError(error)) {
    return error;
  }
  const http = error instanceof GraphQLError ? error.extensions['http'] : undefined;
  return new GraphQLError(message, {
    ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR', unexpected: true, ...(http ? { http } : {}) },
  });
}

function isSubgraphErrorObject(error: unknown): error is SubgraphErrorObject {
  if (typeof error !== 'object' || error === null || error instanceof Error) {
    return false;
  }
  const { message, extensions } = error as Partial<SubgraphErrorObject>;
  return typeof message === 'string' && typeof extensions?.serviceName === 'string' && typeof extensions.code === 'string';
}

/** A GraphQLError raised as one all the way down (no other error underneath): Yoga's test for "meant for the client". */
function isOriginalGraphQLError(error: GraphQLError): boolean {
  const original: unknown = error.originalError;
  return original === undefined || original === null || (original instanceof GraphQLError && isOriginalGraphQLError(original));
}
