import { z } from 'zod';
import { mappingDirectionSchema } from '@crm-bridge/vocabulary';

const name = (what: string) =>
  z
    .string({ required_error: 'is required', invalid_type_error: `must be ${what}` })
    .trim()
    .min(1, `must be ${what}`);

/**
 * What one mapping version says: which Zoho pipelines a portal pipeline syncs with, which Zoho
 * stage each portal phase becomes, and which fields map to which, in which direction. It is what
 * mapping-config stores per version and what `mapping.published` carries to sync-engine, so sync
 * never has to ask mapping-config for it. The connect-and-configure work grows this shape.
 *
 * @example
 *   {
 *     pipelines: [{ portalPipeline: 'Partner deals', zohoLayout: 'Standard', zohoPipeline: 'Standard (Standard)' }],
 *     stageMap: { Qualified: 'Qualification', Won: 'Closed Won' },
 *     fieldMaps: [{ portalField: 'amount', zohoField: 'Amount', direction: 'BOTH' }],
 *   }
 */
export const mappingDefinitionSchema = z
  .object(
    {
      pipelines: z.array(
        z.object({
          portalPipeline: name('a portal pipeline name'),
          zohoLayout: name('a Zoho layout name'),
          zohoPipeline: name('a Zoho pipeline name'),
        }),
      ),
      /** Portal phase → Zoho stage. */
      stageMap: z.record(name('a Zoho stage name')),
      fieldMaps: z
        .array(
          z.object({
            portalField: name('a portal field name'),
            zohoField: name('a Zoho field API name'),
            direction: mappingDirectionSchema,
          }),
        )
        .superRefine((maps, context) => {
          const seen = new Set<string>();
          maps.forEach((map, index) => {
            if (seen.has(map.zohoField)) {
              context.addIssue({ code: 'custom', path: [index, 'zohoField'], message: `${map.zohoField} is mapped more than once` });
            }
            seen.add(map.zohoField);
          });
        }),
    },
    { required_error: 'is required', invalid_type_error: 'must be an object' },
  )
  .strict();

export type MappingDefinition = z.infer<typeof mappingDefinitionSchema>;
