import { z } from 'zod';
import { zohoDataCentreSchema } from '@crm-bridge/vocabulary';

/**
 * Published by auth-connector when a Zoho org has been connected (OAuth grant stored), and again
 * when it is connected anew (after NEEDS_REAUTH). mapping-config defaults an integration's time
 * zone to `zohoOrgTimeZone`; the other profile fields are optional (Zoho may not report them).
 */
export const connectionConnectedDataSchema = z.object({
  connectionId: z.string().uuid('must be a UUID'),
  dataCentre: zohoDataCentreSchema,
  apiDomain: z.string().url('must be a URL'),
  zohoOrgId: z.string().min(1, 'must be a non-empty Zoho org id'),
  /** The org's IANA time zone (Zoho's org settings); integrations default to it. */
  zohoOrgTimeZone: z.string().min(1, 'must be an IANA time zone'),
  grantedScopes: z.array(z.string().min(1)).min(1, 'must list at least one scope'),
  zohoOrgName: z.string().nullable().optional(),
  /** ISO 4217 home currency. */
  zohoOrgCurrency: z.string().nullable().optional(),
  /** Zoho CRM edition, e.g. `enterprise`. */
  zohoOrgEdition: z.string().nullable().optional(),
});

export type ConnectionConnectedData = z.infer<typeof connectionConnectedDataSchema>;
