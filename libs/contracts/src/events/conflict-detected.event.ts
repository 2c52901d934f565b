import { z } from 'zod';
import { recordModuleSchema } from '@crm-bridge/vocabulary';
import { recordFieldValueSchema } from './record-field-value';

/** One field both sides changed, to different values, since the last-synced snapshot. */
const conflictingFieldSchema = z.object({
  /** The portal field name (`amount`, `phase`, a custom field's api name). */
  field: z.string().min(1, 'must be a non-empty field name'),
  /** The last-synced value both sides started from; null when the field had none. */
  baseValue: recordFieldValueSchema,
  portalValue: recordFieldValueSchema,
  zohoValue: recordFieldValueSchema,
  /** When each side changed the record, as instants: the portal record's update time and Zoho's Modified_Time. */
  portalChangedAt: z.string().datetime({ offset: true, message: 'must be an ISO 8601 instant' }),
  zohoChangedAt: z.string().datetime({ offset: true, message: 'must be an ISO 8601 instant' }),
});

/**
 * sync-engine found fields of one linked record that both the portal and Zoho changed since their
 * last-synced snapshot (ARCHITECTURE §6). The fields changed on one side only were merged as usual;
 * these are written on neither side until conflict-resolver publishes `conflict.resolved`. The same
 * open conflict is detected again by every later sync of the record (with the newest values) until
 * it is resolved, so consumers treat (record, field) as the key. The envelope's `subject` is the
 * portal record id.
 *
 * @example
 *   { module: 'DEALS', portalRecordId: '…', zohoRecordId: '4150868000000224005', detectedAt: '2026-12-06T10:00:03.120Z',
 *     fields: [{ field: 'amount', baseValue: '1000.00', portalValue: '1200.00', zohoValue: '1500.00',
 *                portalChangedAt: '2026-12-06T10:00:01.000Z', zohoChangedAt: '2026-12-06T10:00:02.000Z' }] }
 */
export const conflictDetectedDataSchema = z.object({
  module: recordModuleSchema,
  portalRecordId: z.string().uuid('must be a UUID'),
  zohoRecordId: z.string().min(1, 'must be a non-empty Zoho record id'),
  detectedAt: z.string().datetime({ offset: true, message: 'must be an ISO 8601 instant' }),
  fields: z.array(conflictingFieldSchema).min(1, 'must name at least one conflicting field'),
});

export type ConflictDetectedData = z.infer<typeof conflictDetectedDataSchema>;
