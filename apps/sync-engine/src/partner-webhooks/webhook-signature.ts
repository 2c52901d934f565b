import { createHmac, randomBytes } from 'node:crypto';

/** The Standard Webhooks secret prefix; the HMAC key is the base64 after it. */
const SECRET_PREFIX = 'whsec_';
/** 32 random bytes: above the specification's minimum of 24, the size of the HMAC-SHA256 output. */
const SECRET_BYTES = 32;

/** What an endpoint's sealed signing secret is bound to: its tenant and its id. */
export function signingSecretContext(tenantId: string, endpointId: string): string {
  return `${tenantId}/webhook-endpoint/${endpointId}/signing-secret`;
}

/** A new signing secret, `whsec_<base64 of 32 random bytes>`. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/** What one request signs: its `webhook-id`, `webhook-timestamp` (unix seconds) and the exact body. */
export interface SignedWebhookContent {
  readonly id: string;
  readonly timestamp: number;
  readonly body: string;
}

/**
 * The `webhook-signature` header: `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` per
 * secret, space-separated — the current secret first, then a rotated-out one still in its grace
 * period, so a receiver that knows either accepts the request.
 */
export function webhookSignatureHeader(content: SignedWebhookContent, secrets: readonly string[]): string {
  const signed = `${content.id}.${content.timestamp}.${content.body}`;
  return secrets.map((secret) => `v1,${createHmac('sha256', signingKeyOf(secret)).update(signed, 'utf8').digest('base64')}`).join(' ');
}

function signingKeyOf(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) {
    throw new Error('a webhook secret starts with whsec_');
  }
  return Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
}
