import { z } from 'zod';
import { zohoApiVersionSchema, zohoReadStrategySchema } from '@crm-bridge/vocabulary';

/**
 * Published by auth-connector when a tenant admin changed how a connection talks to Zoho: the API
 * version its calls use and how sync reads records. Carries both settings, not the change, so a
 * consumer needs no earlier event to know the current ones.
 */
export const connectionSettingsChangedDataSchema = z.object({
  connectionId: z.string().uuid('must be a UUID'),
  zohoOrgId: z.string().min(1).nullable(),
  apiVersion: zohoApiVersionSchema,
  readStrategy: zohoReadStrategySchema,
  changedByUserId: z.string().min(1, 'must be a user id'),
});

export type ConnectionSettingsChangedData = z.infer<typeof connectionSettingsChangedDataSchema>;
