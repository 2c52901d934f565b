import { z } from 'zod';
import { zohoDataCentreSchema } from '../vocabulary/vocabulary';

/**
 * Published by auth-connector when a Zoho org has been connected (OAuth grant stored), and again
 * when it is connected anew (after NEEDS_REAUTH). The org's profile fields are optional because
 * events published before they existed lack them; mapping-config defaults an integration's time
 * zone to `zohoOrgTimeZone`.
 */
export const connectionConnectedDataSchema = z.object({
  connectionId: z.string().uuid('must be a UUID'),
  dataCentre: zohoDataCentreSchema,
  apiDomain: z.string().url('must be a URL'),
  zohoOrgId: z.string().min(1, 'must be a non-empty Zoho org id'),
  grantedScopes: z.array(z.string().min(1)).min(1, 'must list at least one scope'),
  zohoOrgName: z.string().nullable().optional(),
  /** IANA time zone of the org, e.g. `Europe/Berlin`. */
  zohoOrgTimeZone: z.string().min(1).optional(),
  /** ISO 4217 home currency. */
  zohoOrgCurrency: z.string().nullable().optional(),
  /** Zoho CRM edition, e.g. `enterprise`. */
  zohoOrgEdition: z.string().nullable().optional(),
});

export type ConnectionConnectedData = z.infer<typeof connectionConnectedDataSchema>;
