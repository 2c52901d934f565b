import { z } from 'zod';
import {
  DEFAULT_ZOHO_API_VERSION,
  DEFAULT_ZOHO_READ_STRATEGY,
  zohoApiVersionSchema,
  zohoDataCentreSchema,
  zohoReadStrategySchema,
} from '@crm-bridge/vocabulary';

/**
 * Published by auth-connector when a Zoho org has been connected (OAuth grant stored), and again
 * when it is connected anew (after NEEDS_REAUTH). mapping-config defaults an integration's time
 * zone to `zohoOrgTimeZone`; the other profile fields are optional (Zoho may not report them).
 * `apiVersion` and `readStrategy` are the connection's settings, for sync; events published before
 * they existed read as the defaults (V8, AUTOMATIC), which is what those connections used.
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
  /**
   * User licences the org bought (`license_details.users_license_purchased`): with the edition it
   * sets the org's daily API credits. Null when Zoho did not report a count; missing in events
   * published before it existed. Sync reckons either as its default licence count.
   */
  zohoOrgUserLicences: z.number().int('must be a whole number').positive('must be at least 1').nullable().optional(),
  /** The Zoho API version calls for this connection use. */
  apiVersion: zohoApiVersionSchema.default(DEFAULT_ZOHO_API_VERSION),
  /** How sync reads records from this org. */
  readStrategy: zohoReadStrategySchema.default(DEFAULT_ZOHO_READ_STRATEGY),
});

export type ConnectionConnectedData = z.infer<typeof connectionConnectedDataSchema>;
