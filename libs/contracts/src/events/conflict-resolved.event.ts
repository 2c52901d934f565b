import { z } from 'zod';
import { conflictPolicySchema, conflictResolutionSchema, recordModuleSchema } from '@crm-bridge/vocabulary';
import { recordFieldValueSchema } from './record-field-value';

/**
 * conflict-resolver settled one conflicting field, by the integration's policy or by a reviewer;
 * sync-engine writes `resolvedValue` to both sides (the portal record, and Zoho through outbound
 * sync) so both end equal. `zohoValue` is Zoho's value the resolution saw: if Zoho has changed the
 * field again since, that is a new change, and sync treats it as one. The envelope's `subject` is
 * the conflict id.
 *
 * @example
 *   { conflictId: '…', module: 'DEALS', portalRecordId: '…', zohoRecordId: '4150868000000224005', field: 'amount',
 *     resolution: 'ZOHO_VALUE', resolvedValue: '1500.00', zohoValue: '1500.00', policy: 'ZOHO_WINS',
 *     resolvedBy: 'policy:ZOHO_WINS', resolvedAt: '2026-12-06T10:00:03.500Z' }
 */
export const conflictResolvedDataSchema = z.object({
  conflictId: z.string().uuid('must be a UUID'),
  module: recordModuleSchema,
  portalRecordId: z.string().uuid('must be a UUID'),
  zohoRecordId: z.string().min(1, 'must be a non-empty Zoho record id'),
  field: z.string().min(1, 'must be a non-empty field name'),
  resolution: conflictResolutionSchema,
  resolvedValue: recordFieldValueSchema,
  /** Zoho's value of the field when the conflict was resolved. */
  zohoValue: recordFieldValueSchema,
  /** The policy that decided; null when a reviewer did. */
  policy: conflictPolicySchema.nullable(),
  /** The reviewer's user id, or `policy:<POLICY>`. */
  resolvedBy: z.string().min(1, 'must name who resolved it'),
  resolvedAt: z.string().datetime({ offset: true, message: 'must be an ISO 8601 instant' }),
});

export type ConflictResolvedData = z.infer<typeof conflictResolvedDataSchema>;
