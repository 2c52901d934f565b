import { z } from 'zod';
import { recordModuleSchema, recordOperationSchema } from '@crm-bridge/vocabulary';

/**
 * A record changed on the portal side; sync-engine debounces and pushes it to Zoho. Field values
 * are already normalised (ARCHITECTURE §6): amounts as decimal strings, dates as ISO strings.
 */
export const portalRecordChangedDataSchema = z.object({
  module: recordModuleSchema,
  portalRecordId: z.string().uuid('must be a UUID'),
  operation: recordOperationSchema,
  changedFields: z.array(z.string().min(1)),
  values: z.record(z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

export type PortalRecordChangedData = z.infer<typeof portalRecordChangedDataSchema>;
