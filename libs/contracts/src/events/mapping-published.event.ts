import { z } from 'zod';
import { mappingDefinitionSchema } from '@crm-bridge/sync-domain';

/**
 * Published by mapping-config when a mapping version becomes the integration's active one. It
 * carries the whole definition: consumers apply it without reading mapping-config's tables or
 * calling it (ARCHITECTURE §2).
 */
export const mappingPublishedDataSchema = z.object({
  mappingVersionId: z.string().uuid('must be a UUID'),
  version: z.number().int('must be a whole number').positive('must be at least 1'),
  publishedByUserId: z.string().min(1, 'must be a non-empty user id'),
  definition: mappingDefinitionSchema,
});

export type MappingPublishedData = z.infer<typeof mappingPublishedDataSchema>;
