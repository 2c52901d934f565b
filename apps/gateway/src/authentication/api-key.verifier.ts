import { ANY_TENANT, apiKeyCallerId, signServiceToken, type CallerContext } from '@crm-bridge/caller-context';
import { apiKeyRightSchema, type ApiKeyRight } from '@crm-bridge/contracts';
import { CallerRoles, ErrorKind, type CallerRole } from '@crm-bridge/subgraph';
import { ApiKeyException, ApiKeyExceptionCode } from './api-key.exception';

/** A partner API key the gateway accepted: the caller it acts as, and its rights for the operation check. */
export interface ApiKeyCaller {
  readonly caller: CallerContext;
  readonly apiKey: { readonly id: string; readonly rights: readonly ApiKeyRight[] };
}

/** The roles subgraphs already understand, so none of them needs to know about keys. */
const ROLE_OF_RIGHT: { readonly [Right in ApiKeyRight]: CallerRole } = {
  READ: CallerRoles.viewer,
  SUBSCRIBE: CallerRoles.subscriber,
};

/**
 * Asks auth-connector (`POST /internal/api-keys/verify`, with a service token for
 * `ANY_TENANT`) whose key it was handed, on every request: nothing is cached, so a revoked key
 * is refused from the very next request on. One indexed read per request on auth-connector's side
 * (it writes `lastUsedAt` at most once a minute per key).
 */
export class ApiKeyVerifier {
  constructor(
    private readonly options: {
      /** e.g. `http://auth-connector:4001/internal/api-keys/verify`; null for a supergraph without auth-connector, where no key can be checked. */
      readonly verifyUrl: string | null;
      readonly signingSecret: string;
      readonly timeoutMs?: number;
    },
  ) {}

  async verify(key: string): Promise<ApiKeyCaller> {
    if (this.options.verifyUrl === null) {
      throw unavailable();
    }
    const serviceToken = await signServiceToken({ service: 'gateway', tenantId: ANY_TENANT }, this.options.signingSecret, {
      audience: 'auth-connector',
    });
    let response: Response;
    let body: Record<string, unknown> | null;
    try {
      response = await fetch(this.options.verifyUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${serviceToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ key }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
      body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    } catch {
      throw unavailable();
    }
    if (response.status === 401 && body?.['code'] === ApiKeyExceptionCode.Revoked) {
      throw new ApiKeyException(ApiKeyExceptionCode.Revoked, ErrorKind.Unauthenticated, 'The API key has been revoked');
    }
    if (response.status === 401 && body?.['code'] === ApiKeyExceptionCode.Invalid) {
      throw new ApiKeyException(ApiKeyExceptionCode.Invalid, ErrorKind.Unauthenticated, 'The API key is not valid');
    }
    const rights = apiKeyRightSchema.array().safeParse(body?.['rights']);
    const keyId = body?.['keyId'];
    const tenantId = body?.['tenantId'];
    if (response.status !== 200 || typeof keyId !== 'string' || typeof tenantId !== 'string' || !rights.success) {
      // A refused service token lands here too: a misconfigured secret is an outage, not the partner's fault.
      throw unavailable();
    }
    return {
      caller: { tenantId, userId: apiKeyCallerId(keyId), roles: rights.data.map((right) => ROLE_OF_RIGHT[right]) },
      apiKey: { id: keyId, rights: rights.data },
    };
  }
}

/** Refused rather than let through unchecked; what went wrong is auth-connector's to log, not the partner's to read. */
function unavailable(): ApiKeyException {
  return new ApiKeyException(
    ApiKeyExceptionCode.VerificationUnavailable,
    ErrorKind.Unavailable,
    'The API key could not be checked just now; try again',
  );
}
