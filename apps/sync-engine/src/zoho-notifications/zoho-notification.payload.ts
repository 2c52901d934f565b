import { z } from 'zod';

const ZOHO_ID = /^\d{1,19}$/;

/** The most record ids one notification may name. Zoho batches ids; this bounds the work one POST can queue. */
export const MAX_NOTIFIED_IDS = 1000;

/**
 * What Zoho POSTs to `notify_url` (reference §7): the channel and its token, the module, the
 * operation and the record ids, with Zoho's server time in epoch ms. Other keys Zoho sends
 * (`query_params`, `resource_uri`, `affected_fields`…) are allowed and not used.
 */
export const zohoNotificationPayloadSchema = z.object({
  channel_id: z
    .union([z.string(), z.number().int().nonnegative()], { required_error: 'is required', invalid_type_error: 'must be a channel id' })
    .transform(String)
    .refine((value) => ZOHO_ID.test(value), 'must be a channel id (digits)'),
  token: z
    .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
    .min(1, 'must not be empty')
    .max(256, 'is too long'),
  module: z.string({ required_error: 'is required', invalid_type_error: 'must be a module name' }).min(1, 'must not be empty'),
  operation: z.enum(['insert', 'update', 'delete'], { errorMap: () => ({ message: 'must be insert, update or delete' }) }),
  ids: z
    .array(z.string().regex(ZOHO_ID, 'must be a Zoho record id'), {
      required_error: 'is required',
      invalid_type_error: 'must be an array of record ids',
    })
    .min(1, 'must name at least one record')
    .max(MAX_NOTIFIED_IDS, `must name at most ${MAX_NOTIFIED_IDS} records`),
  server_time: z
    .number({ required_error: 'is required', invalid_type_error: 'must be epoch milliseconds' })
    .int('must be epoch milliseconds')
    .positive('must be epoch milliseconds'),
});

export type ZohoNotificationPayload = z.infer<typeof zohoNotificationPayloadSchema>;
