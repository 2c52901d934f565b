import { z } from 'zod';
import { zohoDataCentreSchema } from '@crm-bridge/vocabulary';

/** Published by auth-connector when a Zoho org has been connected (OAuth grant stored). */
export const connectionConnectedDataSchema = z.object({
  connectionId: z.string().uuid('must be a UUID'),
  dataCentre: zohoDataCentreSchema,
  apiDomain: z.string().url('must be a URL'),
  zohoOrgId: z.string().min(1, 'must be a non-empty Zoho org id'),
  /** The org's IANA time zone (Zoho's org settings); integrations default to it. */
  zohoOrgTimeZone: z.string().min(1, 'must be an IANA time zone'),
  grantedScopes: z.array(z.string().min(1)).min(1, 'must list at least one scope'),
});

export type ConnectionConnectedData = z.infer<typeof connectionConnectedDataSchema>;
