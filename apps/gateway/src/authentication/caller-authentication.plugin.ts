import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError } from 'graphql';
import { CALLER_CONTEXT_HEADER, signCallerContext, type CallerContext } from '@crm-bridge/caller-context';
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
      if (transport.caller) return;
      const fromSocket = transport.connectionParams?.['authorization'];
      const authorization = typeof fromSocket === 'string' ? fromSocket : transport.request?.headers.get('authorization');
      try {
        extendContext({ caller: await verifier.verifyAuthorization(authorization) } as never);
      } catch (error) {
        if (!(error instanceof UserTokenException)) throw error;
        throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
      }
    },
  };
}

/**
 * The one header every subgraph request carries: the authenticated caller, signed with the
 * internal secret. Client-sent headers are never forwarded, so a client cannot supply its own.
 */
export function signedCallerHeaderFor(context: AuthenticatedGatewayContext, internalSigningSecret: string): Record<string, string> {
  if (!context.caller) return {};
  return { [CALLER_CONTEXT_HEADER]: signCallerContext(context.caller, internalSigningSecret) };
}
