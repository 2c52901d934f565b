import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError, OperationTypeNode, getOperationAST, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { CALLER_CONTEXT_HEADER, CallerContextSigner, type CallerContext } from '@crm-bridge/caller-context';
import { CodedError, ErrorKind, describeErrorKind } from '@crm-bridge/subgraph';
import type { UserTokenVerifier } from './user-token.verifier';
import type { ApiKeyCaller, ApiKeyVerifier } from './api-key.verifier';
import { ApiKeyException, ApiKeyExceptionCode } from './api-key.exception';

/** What the gateway adds to each operation's context once the caller is authenticated. */
export interface AuthenticatedGatewayContext {
  caller?: CallerContext;
  /** Set when the caller is a partner API key: what {@link apiKeyRightsPlugin} checks the operation against. */
  apiKey?: ApiKeyCaller['apiKey'];
  /** When the user's token expires: where `credentialExpiryPlugin` ends the caller's subscriptions. */
  credentialExpiresAt?: Date;
}

interface ContextWithTransport {
  request?: Request;
  connectionParams?: Record<string, unknown>;
  caller?: CallerContext;
}

type PresentedCredentials =
  { readonly kind: 'user-token'; readonly authorization: string | null } | { readonly kind: 'api-key'; readonly key: string };

/**
 * Authenticates every operation, over HTTP (`Authorization` header) or graphql-ws
 * (`connectionParams.authorization`), before anything is planned or sent to a subgraph: a user's
 * JWT (`Bearer <jwt>`), or a partner system's API key (`ApiKey <key>`, or the key alone in
 * `X-Api-Key` / `connectionParams["x-api-key"]`), which auth-connector is asked about every time.
 * Refuses with the reason's code and its HTTP status (401; 503 if a key cannot be checked).
 */
export function callerAuthenticationPlugin(users: UserTokenVerifier, apiKeys: ApiKeyVerifier): GatewayPlugin {
  return {
    async onContextBuilding({ context, extendContext }) {
      const transport = context as ContextWithTransport;
      if (transport.caller) {
        return;
      }
      try {
        const credentials = presentedCredentials(transport);
        if (credentials.kind === 'api-key') {
          const { caller, apiKey } = await apiKeys.verify(credentials.key);
          extendContext({ caller, apiKey } as never);
        } else {
          const { caller, expiresAt } = await users.verifyAuthorization(credentials.authorization);
          extendContext({ caller, ...(expiresAt ? { credentialExpiresAt: expiresAt } : {}) } as never);
        }
      } catch (error) {
        if (!(error instanceof CodedError)) {
          throw error;
        }
        throw new GraphQLError(error.message, {
          extensions: { code: error.code, http: { status: describeErrorKind(error.kind).httpStatus } },
        });
      }
    },
  };
}

function presentedCredentials(transport: ContextWithTransport): PresentedCredentials {
  const fromSocketOrHeader = (name: string): string | null => {
    const fromSocket = transport.connectionParams?.[name];
    return typeof fromSocket === 'string' ? fromSocket : (transport.request?.headers.get(name) ?? null);
  };
  const authorization = fromSocketOrHeader('authorization');
  const keyHeader = fromSocketOrHeader('x-api-key');
  if (keyHeader !== null && authorization !== null) {
    throw new ApiKeyException(
      ApiKeyExceptionCode.CredentialsAmbiguous,
      ErrorKind.Unauthenticated,
      'Send either an Authorization header or X-Api-Key, not both',
    );
  }
  if (keyHeader !== null) {
    return { kind: 'api-key', key: keyHeader.trim() };
  }
  const apiKeyScheme = /^ApiKey\s+(.*)$/i.exec(authorization ?? '');
  return apiKeyScheme ? { kind: 'api-key', key: (apiKeyScheme[1] as string).trim() } : { kind: 'user-token', authorization };
}

/**
 * Holds a partner API key to its rights when execution starts, before the query planner sends
 * anything to a subgraph: no key runs a mutation (`API_KEY_READ_ONLY`), a query needs `READ` and a
 * subscription `SUBSCRIBE` (`API_KEY_RIGHT_REQUIRED`). Subgraphs see the key as roles they already
 * know (`viewer`, `subscriber`), which hold no write role either.
 */
export function apiKeyRightsPlugin(): GatewayPlugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refusal = apiKeyRefusal(args);
      if (refusal) {
        setResultAndStopExecution(refusal);
      }
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refusal = apiKeyRefusal(args);
      if (refusal) {
        setResultAndStopExecution(refusal);
      }
    },
  };
}

function apiKeyRefusal({ document, operationName, contextValue }: ExecutionArgs): ExecutionResult | undefined {
  const apiKey = (contextValue as AuthenticatedGatewayContext | undefined)?.apiKey;
  const operation = apiKey ? getOperationAST(document, operationName) : null;
  if (!apiKey || !operation) {
    return undefined;
  }
  const refuse = (code: ApiKeyExceptionCode, message: string): ExecutionResult => ({
    errors: [new GraphQLError(message, { nodes: [operation], extensions: { code, http: { status: 403 } } })],
  });
  switch (operation.operation) {
    case OperationTypeNode.MUTATION:
      return refuse(ApiKeyExceptionCode.ReadOnly, 'API keys cannot run mutations: a key may only read (READ) or subscribe (SUBSCRIBE)');
    case OperationTypeNode.QUERY:
      return apiKey.rights.includes('READ')
        ? undefined
        : refuse(ApiKeyExceptionCode.RightRequired, 'This API key lacks the READ right that queries need');
    case OperationTypeNode.SUBSCRIPTION:
      return apiKey.rights.includes('SUBSCRIBE')
        ? undefined
        : refuse(ApiKeyExceptionCode.RightRequired, 'This API key lacks the SUBSCRIBE right that subscriptions need');
  }
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
