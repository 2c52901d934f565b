import { z } from 'zod';
import { conflictClearedReasonSchema, recordModuleSchema } from '@crm-bridge/vocabulary';

/**
 * sync-engine no longer finds conflicts it reported on these fields of one record, and they were
 * not settled by a `conflict.resolved`: the two sides converged (`CONVERGED`), the record was
 * deleted on either side (`RECORD_DELETED`) or the field is no longer mapped both ways
 * (`FIELD_UNMAPPED`). conflict-resolver closes the open conflicts of those fields without a
 * resolution; a field that conflicts again later is detected anew. The envelope's `subject` is the
 * portal record id.
 *
 * @example
 *   { module: 'DEALS', portalRecordId: '…', zohoRecordId: '4150868000000224005', fields: ['amount'],
 *     reason: 'CONVERGED', clearedAt: '2026-12-06T10:05:00.000Z' }
 */
export const conflictClearedDataSchema = z.object({
  module: recordModuleSchema,
  portalRecordId: z.string().uuid('must be a UUID'),
  zohoRecordId: z.string().min(1, 'must be a non-empty Zoho record id'),
  /** The portal field names whose conflicts ended, all for `reason`. */
  fields: z.array(z.string().min(1, 'must be a non-empty field name')).min(1, 'must name at least one field'),
  reason: conflictClearedReasonSchema,
  clearedAt: z.string().datetime({ offset: true, message: 'must be an ISO 8601 instant' }),
});

export type ConflictClearedData = z.infer<typeof conflictClearedDataSchema>;
