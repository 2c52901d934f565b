import { z } from 'zod';

/** Published by mapping-config when a mapping version becomes the integration's active one. */
export const mappingPublishedDataSchema = z.object({
  mappingVersionId: z.string().uuid('must be a UUID'),
  version: z.number().int('must be a whole number').positive('must be at least 1'),
  publishedByUserId: z.string().min(1, 'must be a non-empty user id'),
});

export type MappingPublishedData = z.infer<typeof mappingPublishedDataSchema>;
