import { z } from 'zod';
import { portalCustomDealFieldSchema, portalDealPhaseSchema } from '../portal-deal-schema';

/**
 * Published by mapping-config when a tenant's deal phases or custom deal fields change, once per
 * integration of the tenant (the envelope's `integrationId` is the Kafka key, and every sync-work
 * topic is ordered per integration), and once for a new integration with the tenant's current
 * schema. It carries the whole schema; `revision` grows by one per change, so a consumer can
 * ignore an older one arriving late. Empty lists with revision 0: the tenant never set them.
 */
export const portalDealSchemaChangedDataSchema = z.object({
  revision: z.number().int('must be a whole number').nonnegative('must be at least 0'),
  phases: z.array(portalDealPhaseSchema),
  customFields: z.array(portalCustomDealFieldSchema),
});

export type PortalDealSchemaChangedData = z.infer<typeof portalDealSchemaChangedDataSchema>;
