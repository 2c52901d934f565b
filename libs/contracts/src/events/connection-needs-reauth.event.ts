import { z } from 'zod';

/**
 * Published by auth-connector when Zoho refused a connection's refresh token for good (revoked by
 * a user, the client deleted): no access token can be had until someone connects the org again.
 * Sync stops for the connection's integrations and tells the tenant.
 */
export const connectionNeedsReauthDataSchema = z.object({
  connectionId: z.string().uuid('must be a UUID'),
  zohoOrgId: z.string().min(1).nullable(),
  /** Zoho's error code, e.g. `invalid_code`. */
  errorCode: z.string().min(1, "must be Zoho's error code"),
  /** A readable reason for the tenant's admin. */
  reason: z.string().min(1, 'must say why'),
});

export type ConnectionNeedsReauthData = z.infer<typeof connectionNeedsReauthDataSchema>;
