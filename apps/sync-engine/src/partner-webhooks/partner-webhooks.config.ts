import { z } from '@crm-bridge/config';
import { tokenEncryptionKeyIdVariable, tokenEncryptionKeysVariable, type TokenVaultConfig } from '@crm-bridge/service-runtime';

/** Retries of a failed delivery, in seconds after the attempt before: about 28 hours in all, then FAILED. */
const DEFAULT_RETRY_SCHEDULE = '5,300,1800,7200,18000,36000,36000';

/**
 * Which webhook URLs admins may register. `STRICT` (default): https only, and never a loopback,
 * private, link-local or otherwise internal address literal, nor `localhost` — a webhook must not
 * let a tenant make sync-engine call into our own network. `DEVELOPMENT`: also
 * `http://localhost`, `http://127.0.0.1` and `http://[::1]` (a receiver on the developer's machine,
 * the tests' receiver), still no other private targets.
 */
export const WEBHOOK_URL_POLICIES = ['STRICT', 'DEVELOPMENT'] as const;
export type WebhookUrlPolicy = (typeof WEBHOOK_URL_POLICIES)[number];

/** Partner webhooks: delivery pacing, retries, when an endpoint is disabled, retention, and the keys sealing signing secrets. */
export const partnerWebhooksConfig = {
  /** The keyring sealing webhook signing secrets at rest (sync-engine's own, not auth-connector's). */
  TOKEN_ENCRYPTION_KEYS: tokenEncryptionKeysVariable,
  TOKEN_ENCRYPTION_KEY_ID: tokenEncryptionKeyIdVariable,
  WEBHOOK_URL_POLICY: z
    .enum(WEBHOOK_URL_POLICIES, { errorMap: () => ({ message: `must be one of ${WEBHOOK_URL_POLICIES.join(', ')}` }) })
    .default('STRICT'),
  /** How often each instance looks for due deliveries. Default 500 ms. */
  WEBHOOK_DELIVERY_TICK_MS: z.coerce
    .number({ invalid_type_error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(20, 'must be at least 20')
    .max(60_000, 'must be at most 60000')
    .default(500),
  /** Deliveries one instance sends at the same time. */
  WEBHOOK_DELIVERY_CONCURRENCY: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(256, 'must be at most 256')
    .default(16),
  /** How long one POST may take before it counts as failed. Default 10 s. */
  WEBHOOK_TIMEOUT_MS: z.coerce
    .number({ invalid_type_error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(100, 'must be at least 100')
    .max(60_000, 'must be at most 60000')
    .default(10_000),
  /** Seconds before each retry of a failed delivery, comma-separated; after the last one fails the delivery is FAILED. */
  WEBHOOK_RETRY_SCHEDULE_SECONDS: z
    .string()
    .default(DEFAULT_RETRY_SCHEDULE)
    .transform((value, context) => {
      const delays = value.split(',').map((part) => Number(part.trim()));
      if (delays.length === 0 || delays.some((delay) => !Number.isFinite(delay) || delay < 0 || delay > 604_800)) {
        context.addIssue({ code: 'custom', message: 'must be comma-separated numbers of seconds between 0 and 604800, e.g. 5,300,1800' });
        return z.NEVER;
      }
      return delays;
    }),
  /**
   * An endpoint is DISABLED once every attempt to it has failed for this long (default 24 h) and at
   * least WEBHOOK_DISABLE_AFTER_FAILURES attempts in a row failed; a 2xx ends the streak.
   */
  WEBHOOK_DISABLE_AFTER_FAILING_SECONDS: z.coerce
    .number({ invalid_type_error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(0, 'must be at least 0')
    .default(86_400),
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(10),
  /** After rotateWebhookSecret, how long the old secret still signs beside the new one. Default 24 h. */
  WEBHOOK_SECRET_GRACE_SECONDS: z.coerce
    .number({ invalid_type_error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(0, 'must be at least 0')
    .max(2_592_000, 'must be at most 2592000')
    .default(86_400),
  /**
   * DELIVERED and FAILED deliveries (with their attempts) are deleted this many days after they
   * finished; PENDING ones never. Default 30.
   */
  WEBHOOK_DELIVERY_RETENTION_DAYS: z.coerce
    .number({ invalid_type_error: 'must be a number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be at least 1')
    .max(3650, 'must be at most 3650')
    .default(30),
};

export interface PartnerWebhooksConfig extends TokenVaultConfig {
  WEBHOOK_URL_POLICY: WebhookUrlPolicy;
  WEBHOOK_DELIVERY_TICK_MS: number;
  WEBHOOK_DELIVERY_CONCURRENCY: number;
  WEBHOOK_TIMEOUT_MS: number;
  WEBHOOK_RETRY_SCHEDULE_SECONDS: number[];
  WEBHOOK_DISABLE_AFTER_FAILING_SECONDS: number;
  WEBHOOK_DISABLE_AFTER_FAILURES: number;
  WEBHOOK_SECRET_GRACE_SECONDS: number;
  WEBHOOK_DELIVERY_RETENTION_DAYS: number;
}
