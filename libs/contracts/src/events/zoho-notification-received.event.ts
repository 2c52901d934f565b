import { z } from 'zod';
import { recordModuleSchema, recordOperationSchema } from '@crm-bridge/vocabulary';

/**
 * Zoho notified a change through one of the integration's notification channels (verified: a
 * known channel and its token). It carries ids only, as Zoho does; inbound sync fetches the
 * records. `serverTime` is Zoho's clock when it sent the notification (ISO instant, UTC).
 */
export const zohoNotificationReceivedDataSchema = z.object({
  module: recordModuleSchema,
  operation: recordOperationSchema,
  zohoRecordIds: z.array(z.string().regex(/^\d{1,19}$/, 'must be a Zoho record id')).min(1, 'must name at least one record'),
  channelId: z.string().regex(/^\d{1,19}$/, 'must be a Zoho channel id'),
  serverTime: z.string().datetime({ message: 'must be an ISO 8601 instant' }),
});

export type ZohoNotificationReceivedData = z.infer<typeof zohoNotificationReceivedDataSchema>;
