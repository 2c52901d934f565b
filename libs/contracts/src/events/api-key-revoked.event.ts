import { z } from 'zod';

/**
 * Published by auth-connector in the transaction that revoked a partner API key (once: revoking it
 * again publishes nothing). The gateway refuses the key from the next request on; this event is how
 * the instances holding its open `dealUpdated` subscriptions learn to end them. The envelope's
 * `tenantId` is the key's tenant; its `integrationId` and `subject` are the key id (a key belongs
 * to no integration, and the Kafka key only has to keep one key's events in order).
 *
 * @example
 *   { keyId: '3f2a…', revokedAt: '2026-12-06T22:10:00.000Z', revokedByUserId: 'admin-7' }
 */
export const apiKeyRevokedDataSchema = z.object({
  keyId: z.string().uuid('must be a UUID'),
  revokedAt: z.string().datetime({ offset: true, message: 'must be an ISO 8601 instant' }),
  revokedByUserId: z.string().min(1, 'must be a user id'),
});

export type ApiKeyRevokedData = z.infer<typeof apiKeyRevokedDataSchema>;
