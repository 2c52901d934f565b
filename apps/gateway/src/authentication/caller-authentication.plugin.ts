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
 * Puts the one header every subgraph request carries: the authenticated caller, signed with the
 * internal secret. It is set on the outgoing fetch itself, after everything else, so it always
 * replaces whatever a client tried to pass along (HTTP headers or `extensions.headers`), and it
 * covers graphql-ws operations, which have no HTTP request to propagate headers from.
 */
export function signedCallerPropagationPlugin(internalSigningSecret: string): GatewayPlugin {
  return {
    onFetch({ context, options, setOptions }) {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries((options.headers ?? {}) as Record<string, string>)) {
        if (name.toLowerCase() !== CALLER_CONTEXT_HEADER) headers[name] = value;
      }
      const caller = (context as AuthenticatedGatewayContext).caller;
      if (caller) headers[CALLER_CONTEXT_HEADER] = signCallerContext(caller, internalSigningSecret);
      setOptions({ ...options, headers });
    },
  };
}
