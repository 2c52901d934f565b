import { z } from 'zod';
import { integrationSettingsSchema } from '../integration-settings';

/**
 * Published by mapping-config whenever an integration is created or its settings are saved. It
 * carries every setting, so a consumer applies the latest event it has seen and needs nothing else.
 */
export const integrationSettingsChangedDataSchema = integrationSettingsSchema.extend({
  /** True for the event of `createIntegration`. */
  created: z.boolean(),
});

export type IntegrationSettingsChangedData = z.infer<typeof integrationSettingsChangedDataSchema>;
