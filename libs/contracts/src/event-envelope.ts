import { z } from 'zod';

/**
 * The envelope every event shares (ARCHITECTURE §3). `eventId` is the idempotency key consumers
 * deduplicate on; `integrationId` is the Kafka key, so all work of one integration stays in order
 * on one partition; `subject` names the record or entity the event is about.
 *
 * @example
 *   {
 *     eventId: '0b8e6c1e-4f7a-4a53-9a53-5b0f3f7d1c2a', type: 'mapping.published', schemaVersion: 1,
 *     occurredAt: '2026-11-22T08:00:00.000Z', source: 'mapping-config', tenantId: 'acme',
 *     integrationId: '5f0c…', subject: '<mapping version id>', correlationId: 'req-42',
 *     data: { mappingVersionId: '…', version: 3, publishedByUserId: 'u-7' },
 *   }
 */
export interface EventEnvelope<TType extends string, TData> {
  readonly eventId: string;
  readonly type: TType;
  /** Version of `data`'s shape for this type; consumers refuse versions newer than they know. */
  readonly schemaVersion: number;
  /** ISO 8601 instant in UTC at which the state change happened (not when it was published). */
  readonly occurredAt: string;
  /** The producing service, e.g. `sync-engine`. */
  readonly source: string;
  readonly tenantId: string;
  readonly integrationId: string;
  readonly subject: string;
  /** Carried from the request that caused the change, so logs of every service can be joined. */
  readonly correlationId: string;
  readonly data: TData;
}

const nonEmpty = (what: string) => z.string({ required_error: 'is required' }).min(1, `must be a non-empty ${what}`);

/** The envelope fields without `data`, which is checked per type. */
export const envelopeFieldsSchema = z.object({
  eventId: z.string({ required_error: 'is required' }).uuid('must be a UUID'),
  schemaVersion: z
    .number({ required_error: 'is required', invalid_type_error: 'must be a whole number' })
    .int('must be a whole number')
    .positive('must be at least 1'),
  occurredAt: z.string({ required_error: 'is required' }).datetime({ offset: true, message: 'must be an ISO 8601 instant' }),
  source: nonEmpty('service name'),
  tenantId: nonEmpty('tenant id'),
  integrationId: z.string({ required_error: 'is required' }).uuid('must be a UUID'),
  subject: nonEmpty('entity id'),
  correlationId: nonEmpty('correlation id'),
});
