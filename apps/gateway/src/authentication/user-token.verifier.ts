import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { CallerContext } from '@crm-bridge/caller-context';
import { UserTokenException, UserTokenExceptionCode } from './user-token.exception';

/**
 * Claims of a CRM Bridge user token:
 * - `sub`: the user id;
 * - `tenant_id`: the tenant the user acts for (every query is scoped by it);
 * - `roles`: e.g. `["admin"]`, `["viewer"]`.
 */
export interface UserTokenClaims extends JWTPayload {
  sub: string;
  tenant_id: string;
  roles: string[];
}

/** A verified user token: the caller it names, and when it stops being valid (`exp`; null for a token without one). */
export interface VerifiedUserToken {
  readonly caller: CallerContext;
  readonly expiresAt: Date | null;
}

export type UserTokenKeySource = { kind: 'hs256'; secret: string } | { kind: 'jwks'; url: string };

/**
 * Verifies user JWTs (HS256 with a shared secret, or keys from a JWKS endpoint) and turns their
 * claims into the caller context the gateway signs for subgraphs.
 */
export class UserTokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];

  constructor(
    source: UserTokenKeySource,
    private readonly expected: { issuer?: string | undefined; audience?: string | undefined } = {},
  ) {
    if (source.kind === 'hs256') {
      this.key = new TextEncoder().encode(source.secret);
      this.algorithms = ['HS256'];
    } else {
      this.key = createRemoteJWKSet(new URL(source.url));
      this.algorithms = ['RS256', 'ES256', 'PS256', 'EdDSA'];
    }
  }

  /** Accepts `Bearer <jwt>` or a bare JWT (graphql-ws `connectionParams.authorization`). */
  async verifyAuthorization(authorization: string | null | undefined): Promise<VerifiedUserToken> {
    const token = authorization?.replace(/^Bearer\s+/i, '').trim();
    if (!token) {
      throw new UserTokenException(
        UserTokenExceptionCode.Missing,
        'An Authorization header is required: Bearer <JWT> for users, ApiKey <key> for partner systems',
      );
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key as Uint8Array, {
        algorithms: this.algorithms,
        ...(this.expected.issuer ? { issuer: this.expected.issuer } : {}),
        ...(this.expected.audience ? { audience: this.expected.audience } : {}),
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) {
        throw new UserTokenException(UserTokenExceptionCode.Expired, 'The token has expired');
      }
      throw new UserTokenException(UserTokenExceptionCode.Invalid, 'The token is not valid');
    }
    return { caller: callerFromClaims(payload), expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null };
  }
}

function callerFromClaims(payload: JWTPayload): CallerContext {
  const problems: string[] = [];
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
    problems.push('sub must be the user id');
  }
  const tenantId = payload['tenant_id'];
  if (typeof tenantId !== 'string' || tenantId.length === 0) {
    problems.push('tenant_id must be the tenant id');
  }
  const roles = payload['roles'] ?? [];
  if (!Array.isArray(roles) || !roles.every((role) => typeof role === 'string')) {
    problems.push('roles must be a list of strings');
  }
  if (problems.length > 0) {
    throw new UserTokenException(UserTokenExceptionCode.ClaimsInvalid, `Token claims are invalid: ${problems.join('; ')}`);
  }
  return { tenantId: tenantId as string, userId: payload.sub as string, roles: roles as string[] };
}
