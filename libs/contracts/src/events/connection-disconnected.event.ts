import { z } from 'zod';

/** Published by auth-connector when a tenant admin disconnected a Zoho org: its secrets are deleted. */
export const connectionDisconnectedDataSchema = z.object({
  connectionId: z.string().uuid('must be a UUID'),
  zohoOrgId: z.string().min(1).nullable(),
  disconnectedByUserId: z.string().min(1, 'must be a user id'),
  /** False when Zoho could not be reached to revoke the grant (it is deleted here all the same). */
  revokedAtZoho: z.boolean(),
});

export type ConnectionDisconnectedData = z.infer<typeof connectionDisconnectedDataSchema>;
