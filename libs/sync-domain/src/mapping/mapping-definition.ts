import { z } from 'zod';
import { mappingDirectionSchema } from '@crm-bridge/vocabulary';

/** Zoho API names, stage names and values are short; a cap keeps a stored version bounded. */
const MAX_NAME_LENGTH = 255;

const name = (what: string) =>
  z
    .string({ required_error: 'is required', invalid_type_error: `must be ${what}` })
    .trim()
    .min(1, `must be ${what}`)
    .max(MAX_NAME_LENGTH, `must be ${what} of at most ${MAX_NAME_LENGTH} characters`);

const list = <TItem extends z.ZodTypeAny>(item: TItem) =>
  z.array(item, { required_error: 'is required', invalid_type_error: 'must be a list' });

const object = <TShape extends z.ZodRawShape>(shape: TShape) =>
  z.object(shape, { required_error: 'is required', invalid_type_error: 'must be an object' }).strict();

/** A Zoho stage → the portal phase a deal in it is shown in. */
const inboundStageSchema = object({
  zohoStage: name('a Zoho stage name'),
  portalPhase: name('a portal phase name'),
});

/** A portal phase → the Zoho stage a deal in it is written with. */
const outboundStageSchema = object({
  portalPhase: name('a portal phase name'),
  zohoStage: name('a Zoho stage name'),
});

/** How a deal created in the portal gets its first Zoho stage in this pipeline. */
const onCreateStageSchema = z.discriminatedUnion(
  'strategy',
  [
    object({ strategy: z.literal('STATIC'), zohoStage: name('a Zoho stage name') }),
    object({ strategy: z.literal('INFER') }),
    object({ strategy: z.literal('MANUAL'), stages: list(outboundStageSchema) }),
  ],
  {
    errorMap: (issue, context) =>
      issue.code === 'invalid_union_discriminator'
        ? { message: 'must be one of STATIC, INFER, MANUAL' }
        : { message: context.defaultError },
  },
);

/** One selected Zoho pipeline and how its stages and the portal's phases translate, each way. */
const stageMappingSchema = object({
  /** The pipeline as Zoho writes it on a deal (its display value, e.g. `Standard (Standard)`). */
  zohoPipeline: name('a Zoho pipeline name'),
  /** Zoho stages missing here leave the portal phase unchanged (and sync reports them). */
  inbound: list(inboundStageSchema),
  /** Portal phases missing here leave the Zoho stage unchanged. */
  outbound: list(outboundStageSchema),
  onCreate: onCreateStageSchema,
});

/** A portal picklist value ↔ a Zoho picklist value (Zoho compares exactly, case included). */
const valueMapEntrySchema = object({
  portalValue: name('a portal value'),
  zohoValue: name('a Zoho picklist value'),
});

const fieldMappingSchema = object({
  portalField: name('a portal field name'),
  /** Zoho's API name, e.g. `Closing_Date`. */
  zohoField: name('a Zoho field API name'),
  direction: mappingDirectionSchema,
  /** Empty: values pass unchanged. */
  valueMap: list(valueMapEntrySchema),
});

/** A value written to a Zoho field when a deal is created and nothing mapped fills it. */
const zohoDefaultSchema = object({
  zohoField: name('a Zoho field API name'),
  /** As Zoho's API takes it: text, a number (`12.5`), `true`/`false`, an ISO date or date-time. */
  value: name('a value'),
});

const matchKeySchema = z.discriminatedUnion(
  'kind',
  [
    object({ kind: z.literal('ZOHO_ID') }),
    object({ kind: z.literal('EXTERNAL_ID'), zohoField: name('a Zoho field API name') }),
    object({ kind: z.literal('DUPLICATE_CHECK'), zohoField: name('a Zoho field API name'), portalField: name('a portal field name') }),
  ],
  {
    errorMap: (issue, context) =>
      issue.code === 'invalid_union_discriminator'
        ? { message: 'must be one of ZOHO_ID, EXTERNAL_ID, DUPLICATE_CHECK' }
        : { message: context.defaultError },
  },
);

/**
 * What one mapping version says — for deals, the module it covers so far: the selected Zoho pipelines with their stage mappings both
 * ways and the on-create strategy, the field mappings with their value maps, defaults for Zoho
 * fields nothing maps, and how a portal deal finds its Zoho deal. mapping-config stores it per
 * version, `mapping.published` carries it to sync-engine, and the sync core applies it.
 *
 * This schema checks the shape only; `findDefinitionProblems` and `validateDealMapping` check the
 * meaning (duplicates, Won and Lost mapped, names that exist in Zoho and the portal).
 *
 * @example
 *   {
 *     stageMappings: [{
 *       zohoPipeline: 'Standard (Standard)',
 *       inbound: [{ zohoStage: 'Closed Won', portalPhase: 'Won' }, { zohoStage: 'Closed Lost', portalPhase: 'Lost' }],
 *       outbound: [{ portalPhase: 'Won', zohoStage: 'Closed Won' }, { portalPhase: 'Lost', zohoStage: 'Closed Lost' }],
 *       onCreate: { strategy: 'STATIC', zohoStage: 'Qualification' },
 *     }],
 *     fieldMappings: [{ portalField: 'amount', zohoField: 'Amount', direction: 'BOTH', valueMap: [] }],
 *     zohoDefaults: [{ zohoField: 'Lead_Source', value: 'Partner' }],
 *     matchKey: { kind: 'EXTERNAL_ID', zohoField: 'Portal_Deal_Id' },
 *   }
 */
export const mappingDefinitionSchema = object({
  /** One per selected Zoho pipeline; at least one. */
  stageMappings: list(stageMappingSchema).min(1, 'must select at least one Zoho pipeline'),
  fieldMappings: list(fieldMappingSchema),
  zohoDefaults: list(zohoDefaultSchema),
  matchKey: matchKeySchema,
});

export type MappingDefinition = z.infer<typeof mappingDefinitionSchema>;
export type StageMapping = MappingDefinition['stageMappings'][number];
export type InboundStage = StageMapping['inbound'][number];
export type OutboundStage = StageMapping['outbound'][number];
export type OnCreateStage = StageMapping['onCreate'];
export type FieldMapping = MappingDefinition['fieldMappings'][number];
export type ValueMapEntry = FieldMapping['valueMap'][number];
export type ZohoDefault = MappingDefinition['zohoDefaults'][number];
export type MatchKey = MappingDefinition['matchKey'];
