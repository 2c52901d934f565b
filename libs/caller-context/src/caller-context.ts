import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';

/** Who is calling: resolved by the gateway from a user's JWT, or a partner API key (`userId` `api-key:<key id>`). */
export interface CallerContext {
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: readonly string[];
}

/**
 * The caller id (`userId`) a partner API key acts as: `api-key:<key id>`. Subgraph logs and audits
 * tell keys from users by it, and the instances holding a key's open subscriptions find them by it
 * when the key is revoked.
 */
export function apiKeyCallerId(keyId: string): string {
  return `api-key:${keyId}`;
}

/** The HTTP header the gateway sets on every subgraph request. */
export const CALLER_CONTEXT_HEADER = 'x-crm-bridge-caller';

/** The `iss` of every caller context: only the gateway signs them. */
export const CALLER_CONTEXT_ISSUER = 'crm-bridge-gateway';

/** Long enough for one federated request's fan-out, short enough that a leaked header is useless soon. */
export const DEFAULT_CALLER_CONTEXT_TTL_SECONDS = 60;

/** Clock skew between the gateway's and a subgraph's host that `exp` and `iat` checks forgive. */
export const CALLER_CONTEXT_CLOCK_TOLERANCE_SECONDS = 5;

/**
 * The one algorithm accepted. Pinned on verification, so a token naming another algorithm
 * (`none`, or RS256 to confuse the shared secret for a public key) is refused before its
 * signature is even looked at.
 */
const SIGNING_ALGORITHM = 'HS256';

export enum CallerContextErrorCode {
  Missing = 'CALLER_CONTEXT_MISSING',
  Malformed = 'CALLER_CONTEXT_MALFORMED',
  BadSignature = 'CALLER_CONTEXT_BAD_SIGNATURE',
  Expired = 'CALLER_CONTEXT_EXPIRED',
  NotYetValid = 'CALLER_CONTEXT_NOT_YET_VALID',
  WrongAudience = 'CALLER_CONTEXT_WRONG_AUDIENCE',
  WrongIssuer = 'CALLER_CONTEXT_WRONG_ISSUER',
}

export class CallerContextError extends Error {
  constructor(
    readonly code: CallerContextErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CallerContextError';
  }
}

/** The claims of a caller context token besides the registered ones (`iss`, `aud`, `iat`, `exp`). */
interface CallerClaims extends JWTPayload {
  sub: string;
  tenant_id: string;
  roles: string[];
}

export interface SignCallerContextOptions {
  /** The subgraph the token is for (its name in the supergraph): no other subgraph accepts it. */
  readonly audience: string;
  /** The signing time; now by default (tests pin it). */
  readonly nowSeconds?: number;
  readonly ttlSeconds?: number;
}

export interface VerifyCallerContextOptions {
  /** The verifying subgraph's own name: a token issued for another subgraph is refused. */
  readonly audience: string;
  /** The verification time; now by default (tests pin it). */
  readonly nowSeconds?: number;
}

function signingKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

function currentSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Signs a caller context for the `x-crm-bridge-caller` header: a JWT (JWS compact, HS256) with
 * `sub` (user), `tenant_id`, `roles`, `iss` {@link CALLER_CONTEXT_ISSUER}, `aud` (the subgraph),
 * `iat` and `exp`. It carries no `jti`: the same caller's identical subgraph requests must stay
 * byte-identical for in-flight merging (see {@link CallerContextSigner}).
 */
export function signCallerContext(caller: CallerContext, secret: string, options: SignCallerContextOptions): Promise<string> {
  const issuedAt = options.nowSeconds ?? currentSeconds();
  const claims: Pick<CallerClaims, 'tenant_id' | 'roles'> = { tenant_id: caller.tenantId, roles: [...caller.roles] };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: 'JWT' })
    .setSubject(caller.userId)
    .setIssuer(CALLER_CONTEXT_ISSUER)
    .setAudience(options.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.ttlSeconds ?? DEFAULT_CALLER_CONTEXT_TTL_SECONDS))
    .sign(signingKey(secret));
}

/**
 * Verifies a header produced by {@link signCallerContext}: HS256 only, the signature before any
 * claim, then `iss`, `aud` (this subgraph), `exp` and `iat` (all required, within
 * {@link CALLER_CONTEXT_CLOCK_TOLERANCE_SECONDS}) and the caller claims. Throws
 * {@link CallerContextError} with the reason's code on any failure.
 */
export async function verifyCallerContext(
  header: string | undefined | null,
  secret: string,
  options: VerifyCallerContextOptions,
): Promise<CallerContext> {
  if (!header) {
    throw new CallerContextError(CallerContextErrorCode.Missing, 'caller context header is missing');
  }
  const nowSeconds = options.nowSeconds ?? currentSeconds();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(header, signingKey(secret), {
      algorithms: [SIGNING_ALGORITHM],
      issuer: CALLER_CONTEXT_ISSUER,
      audience: options.audience,
      requiredClaims: ['iat', 'exp'],
      clockTolerance: CALLER_CONTEXT_CLOCK_TOLERANCE_SECONDS,
      currentDate: new Date(nowSeconds * 1000),
    }));
  } catch (error) {
    throw callerContextErrorFrom(error, options.audience);
  }
  // jose checks `iat` against the clock only together with a maximum token age; a token
  // issued in the future means a skewed or forged clock, so it is checked here.
  if ((payload.iat as number) > nowSeconds + CALLER_CONTEXT_CLOCK_TOLERANCE_SECONDS) {
    throw new CallerContextError(CallerContextErrorCode.NotYetValid, 'caller context claim "iat" is in the future');
  }
  return callerFromClaims(payload);
}

function callerContextErrorFrom(error: unknown, audience: string): unknown {
  if (error instanceof joseErrors.JOSEAlgNotAllowed) {
    return new CallerContextError(CallerContextErrorCode.BadSignature, `caller context is not signed with ${SIGNING_ALGORITHM}`);
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return new CallerContextError(CallerContextErrorCode.BadSignature, 'caller context signature is invalid');
  }
  if (error instanceof joseErrors.JWTExpired) {
    return new CallerContextError(CallerContextErrorCode.Expired, 'caller context has expired');
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed && error.reason === 'check_failed') {
    if (error.claim === 'aud') {
      return new CallerContextError(CallerContextErrorCode.WrongAudience, `caller context claim "aud" is not this subgraph (${audience})`);
    }
    if (error.claim === 'iss') {
      return new CallerContextError(CallerContextErrorCode.WrongIssuer, `caller context claim "iss" is not ${CALLER_CONTEXT_ISSUER}`);
    }
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    // A missing or mistyped registered claim (`exp`, `iat`, `iss`, `aud`), or a failed `nbf`.
    return new CallerContextError(CallerContextErrorCode.Malformed, `caller context claim "${error.claim}" is invalid: ${error.message}`);
  }
  if (error instanceof joseErrors.JOSEError) {
    return new CallerContextError(CallerContextErrorCode.Malformed, 'caller context is not a well-formed JWT');
  }
  return error;
}

function callerFromClaims(payload: JWTPayload): CallerContext {
  const problems: string[] = [];
  if (typeof payload.sub !== 'string') {
    problems.push('"sub" must be the user id');
  }
  const tenantId = payload['tenant_id'];
  if (typeof tenantId !== 'string' || tenantId.length === 0) {
    problems.push('"tenant_id" must be the tenant id');
  }
  const roles = payload['roles'];
  if (!Array.isArray(roles) || !roles.every((role) => typeof role === 'string')) {
    problems.push('"roles" must be a list of strings');
  }
  if (problems.length > 0) {
    throw new CallerContextError(CallerContextErrorCode.Malformed, `caller context claims are invalid: ${problems.join('; ')}`);
  }
  const claims = payload as CallerClaims;
  return { tenantId: claims.tenant_id, userId: claims.sub, roles: claims.roles };
}

interface ReusableToken {
  readonly token: Promise<string>;
  /** From this second on the token is signed afresh, so one in use always has time left to travel. */
  readonly renewAtSeconds: number;
}

/**
 * The gateway's signer: one token per (caller, subgraph), reused for the first three quarters of
 * its lifetime. Reuse keeps the header identical across one caller's concurrent requests to a
 * subgraph, which is what lets the HTTP executor merge them in flight (it keys on the headers),
 * and saves an HMAC per subgraph fetch. Tokens for callers not seen for a while are dropped.
 */
export class CallerContextSigner {
  private readonly tokens = new Map<string, ReusableToken>();
  private readonly ttlSeconds: number;
  private readonly reuseSeconds: number;
  private readonly now: () => number;
  private nextSweepAtSeconds = 0;

  constructor(
    private readonly secret: string,
    options: { ttlSeconds?: number; nowSeconds?: () => number } = {},
  ) {
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_CALLER_CONTEXT_TTL_SECONDS;
    this.reuseSeconds = Math.floor((this.ttlSeconds * 3) / 4);
    this.now = options.nowSeconds ?? currentSeconds;
  }

  /** The header value for `caller`'s request to the subgraph named `audience`. */
  sign(caller: CallerContext, audience: string): Promise<string> {
    const nowSeconds = this.now();
    this.dropStaleTokens(nowSeconds);
    // Every claim the token carries is part of the key, so no two callers can share a token.
    const key = JSON.stringify([audience, caller.tenantId, caller.userId, caller.roles]);
    const reusable = this.tokens.get(key);
    if (reusable && nowSeconds < reusable.renewAtSeconds) {
      return reusable.token;
    }
    const token = signCallerContext(caller, this.secret, { audience, nowSeconds, ttlSeconds: this.ttlSeconds });
    const entry = { token, renewAtSeconds: nowSeconds + this.reuseSeconds };
    this.tokens.set(key, entry);
    token.catch(() => {
      if (this.tokens.get(key) === entry) {
        this.tokens.delete(key);
      }
    });
    return token;
  }

  /** At most once per reuse period, so the map holds only callers of the last two periods. */
  private dropStaleTokens(nowSeconds: number): void {
    if (nowSeconds < this.nextSweepAtSeconds) {
      return;
    }
    for (const [key, reusable] of this.tokens) {
      if (reusable.renewAtSeconds <= nowSeconds) {
        this.tokens.delete(key);
      }
    }
    this.nextSweepAtSeconds = nowSeconds + this.reuseSeconds;
  }
}
