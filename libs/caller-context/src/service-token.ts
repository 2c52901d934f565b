import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { CALLER_CONTEXT_CLOCK_TOLERANCE_SECONDS, CALLER_CONTEXT_ISSUER } from './caller-context';

/** One service calling another on behalf of one tenant, as {@link verifyServiceToken} proved it. */
export interface ServiceCaller {
  /** The calling service's name, e.g. `sync-engine` (the token's `iss`). */
  readonly service: string;
  /** The only tenant whose data the call may touch. */
  readonly tenantId: string;
}

/** Short: a service signs a fresh token per call (or per few calls); a leaked one is soon useless. */
export const DEFAULT_SERVICE_TOKEN_TTL_SECONDS = 60;

/**
 * The `tenant_id` of a service token for a call made before anyone knows the tenant, to find it
 * out: the gateway asking auth-connector whose partner API key it was handed. Only an endpoint
 * that verifies with `anyTenant: true` accepts it; every other refuses it as malformed, so such a
 * token never reaches one tenant's data.
 */
export const ANY_TENANT = '*';

/** Marks a service token, so a caller-context token (same key, same algorithm) is never taken for one. */
const TOKEN_USE = 'service';

export enum ServiceTokenErrorCode {
  Missing = 'SERVICE_TOKEN_MISSING',
  Malformed = 'SERVICE_TOKEN_MALFORMED',
  BadSignature = 'SERVICE_TOKEN_BAD_SIGNATURE',
  Expired = 'SERVICE_TOKEN_EXPIRED',
  WrongAudience = 'SERVICE_TOKEN_WRONG_AUDIENCE',
}

export class ServiceTokenError extends Error {
  constructor(
    readonly code: ServiceTokenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceTokenError';
  }
}

/**
 * Signs a service-to-service token: a JWT (HS256, the `INTERNAL_SIGNING_SECRET` every service
 * shares) with `iss` and `sub` the calling service, `aud` the called one, `tenant_id` the one
 * tenant the call is for, `token_use: "service"`, `iat` and a short `exp`.
 *
 * @example
 *   const token = await signServiceToken({ service: 'sync-engine', tenantId }, secret, { audience: 'auth-connector' });
 *   await fetch(`${authConnectorUrl}/internal/connections/${id}/access-token`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
 */
export async function signServiceToken(
  caller: ServiceCaller,
  secret: string,
  options: { audience: string; ttlSeconds?: number; nowSeconds?: number },
): Promise<string> {
  if (caller.service === CALLER_CONTEXT_ISSUER) {
    throw new Error(`a service token cannot be issued as ${CALLER_CONTEXT_ISSUER}: that issuer signs caller contexts only`);
  }
  if (caller.tenantId.length === 0) {
    throw new Error('a service token is for one tenant: tenantId is required');
  }
  const issuedAt = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ tenant_id: caller.tenantId, token_use: TOKEN_USE })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(caller.service)
    .setSubject(caller.service)
    .setAudience(options.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.ttlSeconds ?? DEFAULT_SERVICE_TOKEN_TTL_SECONDS))
    .sign(new TextEncoder().encode(secret));
}

/**
 * Verifies a token of {@link signServiceToken} for the service `audience`: HS256 only, signature,
 * `aud`, `exp` and `iat` (required, with the caller context's clock tolerance), `token_use`,
 * and the tenant. Throws {@link ServiceTokenError} with the reason's code.
 */
export async function verifyServiceToken(
  token: string | undefined | null,
  secret: string,
  options: {
    audience: string;
    nowSeconds?: number;
    /** Accept a token for {@link ANY_TENANT} (and still any one tenant's); only an endpoint that finds the tenant out sets it. */
    anyTenant?: boolean;
  },
): Promise<ServiceCaller> {
  if (!token) {
    throw new ServiceTokenError(ServiceTokenErrorCode.Missing, 'service token is missing (Authorization: Bearer <token>)');
  }
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      audience: options.audience,
      requiredClaims: ['iss', 'iat', 'exp'],
      clockTolerance: CALLER_CONTEXT_CLOCK_TOLERANCE_SECONDS,
      ...(options.nowSeconds === undefined ? {} : { currentDate: new Date(options.nowSeconds * 1000) }),
    });
    const tenantId = payload['tenant_id'];
    if (payload['token_use'] !== TOKEN_USE || typeof tenantId !== 'string' || tenantId.length === 0 || typeof payload.iss !== 'string') {
      throw new ServiceTokenError(ServiceTokenErrorCode.Malformed, 'not a service token (token_use, tenant_id and iss are required)');
    }
    if (tenantId === ANY_TENANT && !options.anyTenant) {
      throw new ServiceTokenError(ServiceTokenErrorCode.Malformed, `a service token for ${ANY_TENANT} (any tenant) is not accepted here`);
    }
    return { service: payload.iss, tenantId };
  } catch (error) {
    if (error instanceof ServiceTokenError) {
      throw error;
    }
    if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JOSEAlgNotAllowed) {
      throw new ServiceTokenError(ServiceTokenErrorCode.BadSignature, 'service token signature is invalid');
    }
    if (error instanceof joseErrors.JWTExpired) {
      throw new ServiceTokenError(ServiceTokenErrorCode.Expired, 'service token has expired');
    }
    if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud') {
      throw new ServiceTokenError(ServiceTokenErrorCode.WrongAudience, `service token is not for ${options.audience}`);
    }
    if (error instanceof joseErrors.JOSEError) {
      throw new ServiceTokenError(ServiceTokenErrorCode.Malformed, `service token is invalid: ${error.message}`);
    }
    throw error;
  }
}
