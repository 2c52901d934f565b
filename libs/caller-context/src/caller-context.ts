import { createHmac, timingSafeEqual } from 'node:crypto';

/** Who is calling: resolved by the gateway from a user's JWT (or, later, a partner API key). */
export interface CallerContext {
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: readonly string[];
}

/** The HTTP header the gateway sets on every subgraph request. */
export const CALLER_CONTEXT_HEADER = 'x-crm-bridge-caller';

const FORMAT_VERSION = 'v1';
/** Long enough for one federated request's fan-out, short enough that a leaked header is useless soon. */
export const DEFAULT_CALLER_CONTEXT_TTL_SECONDS = 60;

export enum CallerContextErrorCode {
  Missing = 'CALLER_CONTEXT_MISSING',
  Malformed = 'CALLER_CONTEXT_MALFORMED',
  BadSignature = 'CALLER_CONTEXT_BAD_SIGNATURE',
  Expired = 'CALLER_CONTEXT_EXPIRED',
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

interface SignedPayload {
  tid: string;
  uid: string;
  roles: string[];
  iat: number;
  exp: number;
}

function sign(encodedPayload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`${FORMAT_VERSION}.${encodedPayload}`).digest();
}

/**
 * Serialises and HMAC-SHA256-signs a caller context for the `x-crm-bridge-caller` header:
 * `v1.<base64url(JSON payload)>.<base64url(signature)>`.
 */
export function signCallerContext(
  caller: CallerContext,
  secret: string,
  options: { nowSeconds?: number; ttlSeconds?: number } = {},
): string {
  const issuedAt = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const payload: SignedPayload = {
    tid: caller.tenantId,
    uid: caller.userId,
    roles: [...caller.roles],
    iat: issuedAt,
    exp: issuedAt + (options.ttlSeconds ?? DEFAULT_CALLER_CONTEXT_TTL_SECONDS),
  };
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${FORMAT_VERSION}.${encoded}.${sign(encoded, secret).toString('base64url')}`;
}

/**
 * Verifies a header produced by {@link signCallerContext}. The signature is checked before the
 * payload is parsed, and in constant time. Throws {@link CallerContextError} on any failure.
 */
export function verifyCallerContext(
  header: string | undefined | null,
  secret: string,
  options: { nowSeconds?: number } = {},
): CallerContext {
  if (!header) {
    throw new CallerContextError(CallerContextErrorCode.Missing, 'caller context header is missing');
  }
  const parts = header.split('.');
  if (parts.length !== 3 || parts[0] !== FORMAT_VERSION || !parts[1] || !parts[2]) {
    throw new CallerContextError(CallerContextErrorCode.Malformed, 'caller context header is malformed');
  }
  const [, encoded, signature] = parts as [string, string, string];
  const expected = sign(encoded, secret);
  const presented = Buffer.from(signature, 'base64url');
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    throw new CallerContextError(CallerContextErrorCode.BadSignature, 'caller context signature is invalid');
  }
  const payload = parsePayload(encoded);
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (payload.exp < now) {
    throw new CallerContextError(CallerContextErrorCode.Expired, 'caller context has expired');
  }
  return { tenantId: payload.tid, userId: payload.uid, roles: payload.roles };
}

function parsePayload(encoded: string): SignedPayload {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw new CallerContextError(CallerContextErrorCode.Malformed, 'caller context payload is not JSON');
  }
  const payload = value as Partial<SignedPayload> | null;
  if (
    !payload ||
    typeof payload.tid !== 'string' ||
    payload.tid.length === 0 ||
    typeof payload.uid !== 'string' ||
    !Array.isArray(payload.roles) ||
    !payload.roles.every((role) => typeof role === 'string') ||
    typeof payload.exp !== 'number' ||
    typeof payload.iat !== 'number'
  ) {
    throw new CallerContextError(CallerContextErrorCode.Malformed, 'caller context payload is incomplete');
  }
  return payload as SignedPayload;
}
