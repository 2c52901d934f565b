import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError } from 'graphql';
import { CALLER_CONTEXT_HEADER, CallerContextSigner, type CallerContext } from '@crm-bridge/caller-context';
import type { UserTokenVerifier } from './user-token.verifier';
import { UserTokenException } from './user-token.exception';

/** What the gateway adds to each operation's context once the caller is authenticated. */
export interface AuthenticatedGatewayContext {
  caller?: CallerContext;
}

interface ContextWithTransport {
  request?: Request;
  connectionParams?: Record<string, unknown>;
  caller?: CallerContext;
}

/**
 * Authenticates every operation, over HTTP (`Authorization` header) or graphql-ws
 * (`connectionParams.authorization`), before anything is planned or sent to a subgraph; refuses
 * with UNAUTHENTICATED (HTTP 401) otherwise.
 */
export function callerAuthenticationPlugin(verifier: UserTokenVerifier): GatewayPlugin {
  return {
    async onContextBuilding({ context, extendContext }) {
      const transport = context as ContextWithTransport;
      if (transport.caller) {
        return;
      }
      const fromSocket = transport.connectionParams?.['authorization'];
      const authorization = typeof fromSocket === 'string' ? fromSocket : transport.request?.headers.get('authorization');
      try {
        extendContext({ caller: await verifier.verifyAuthorization(authorization) } as never);
      } catch (error) {
        if (!(error instanceof UserTokenException)) {
          throw error;
        }
        throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
      }
    },
  };
}

/**
 * Puts the one header every subgraph request carries: the authenticated caller, as a JWT signed
 * with the internal secret for that subgraph only (`aud` is the subgraph's name), so a header
 * captured on its way to one subgraph is refused by every other.
 *
 * It is set on the subgraph execution request's `extensions.headers`, not on the outgoing fetch,
 * because the HTTP executor merges identical in-flight subgraph requests by URL, body *and those
 * headers*: set any later, two tenants asking the same query at once would share one answer (the
 * e2e suite proves they do not). The signer hands one caller the same token for a subgraph for
 * most of its lifetime, so that caller's identical requests still merge. It replaces whatever a
 * client sent along, and it covers graphql-ws operations, which have no HTTP request for header
 * propagation to start from.
 */
export function signedCallerPropagationPlugin(internalSigningSecret: string): GatewayPlugin {
  const signer = new CallerContextSigner(internalSigningSecret);
  return {
    async onSubgraphExecute(payload) {
      const { executionRequest, subgraphName } = payload;
      const caller = (executionRequest.context as AuthenticatedGatewayContext | undefined)?.caller;
      const extensions = (executionRequest.extensions ?? {}) as { headers?: Record<string, string> };
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(extensions.headers ?? {})) {
        if (name.toLowerCase() !== CALLER_CONTEXT_HEADER) {
          headers[name] = value;
        }
      }
      if (caller) {
        headers[CALLER_CONTEXT_HEADER] = await signer.sign(caller, subgraphName);
      }
      payload.setExecutionRequest({ ...executionRequest, extensions: { ...extensions, headers } });
    },
  };
}
