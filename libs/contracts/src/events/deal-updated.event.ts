import { z } from 'zod';
import { recordChangeOriginSchema, recordOperationSchema } from '@crm-bridge/vocabulary';
import { recordFieldValueSchema } from './record-field-value';

/** One field of the deal that changed, with its value before and after. */
const dealFieldChangeSchema = z.object({
  /** The portal field name (`name`, `phase`, `amount`, a custom field's api name). */
  field: z.string().min(1, 'must be a non-empty field name'),
  oldValue: recordFieldValueSchema,
  newValue: recordFieldValueSchema,
});

/**
 * A portal deal was created, changed or deleted — through the portal's GraphQL API or Kafka writes,
 * by inbound sync bringing a Zoho change, or by a conflict's resolution — published by sync-engine in
 * the transaction that wrote it. What partner systems hear about (the `dealUpdated` subscription and
 * webhooks): the fields that changed with old and new values, where the change came from, and the
 * deal's pipeline, phase and partner after the change (before it, for a deletion) so subscribers can
 * filter without a read. The envelope's `subject` is the deal id; its `eventId` is what a subscriber
 * resumes after.
 *
 * @example
 *   { dealId: '…', operation: 'UPDATED', origin: 'ZOHO', pipeline: 'Standard', phase: 'Negotiation',
 *     partnerId: 'partner-17', changes: [{ field: 'phase', oldValue: 'Proposal', newValue: 'Negotiation' }],
 *     updatedAt: '2026-12-06T10:00:03.120Z' }
 */
export const dealUpdatedDataSchema = z.object({
  dealId: z.string().uuid('must be a UUID'),
  operation: recordOperationSchema,
  origin: recordChangeOriginSchema,
  pipeline: z.string().nullable(),
  phase: z.string().min(1, 'must be a non-empty phase'),
  partnerId: z.string().nullable(),
  /** Every field that changed; on CREATED every field with a value (old values null), on DELETED none. */
  changes: z.array(dealFieldChangeSchema),
  /** The deal's `updatedAt` after the change (the deletion's time for DELETED). */
  updatedAt: z.string().datetime({ offset: true, message: 'must be an ISO 8601 instant' }),
});

export type DealUpdatedData = z.infer<typeof dealUpdatedDataSchema>;
