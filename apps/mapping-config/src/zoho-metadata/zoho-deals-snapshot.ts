import type { DealOutcome } from '@crm-bridge/contracts';
import type { ZohoDealsSnapshot, ZohoFieldSnapshot, ZohoPipelineSnapshot, ZohoStageSnapshot } from '@crm-bridge/sync-domain';
import type { ZohoFieldMeta, ZohoPipelineMeta } from '@crm-bridge/zoho-client';

/** Zoho's `forecast_type` of a stage, as Zoho spells it, and the outcome it means. */
const OUTCOME_OF_FORECAST_TYPE: Readonly<Record<string, DealOutcome>> = {
  Open: 'OPEN',
  'Closed Won': 'WON',
  'Closed Lost': 'LOST',
};

/** Zoho types whose values nobody writes: Zoho computes them. */
const COMPUTED_DATA_TYPES = ['formula', 'autonumber'];

/** Zoho puts `-None-` in front of every ordinary picklist; it is "no value", not a value to map to. */
const NO_PICKLIST_VALUE = '-None-';

/** Metadata Zoho sent that cannot be read as a deal pipeline or field, e.g. a forecast type Zoho does not document. */
export class UnreadableZohoMetadataError extends Error {
  constructor(
    /** Where in the metadata, e.g. `pipeline 'Standard' stage 'Won'`. */
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
    this.name = 'UnreadableZohoMetadataError';
  }
}

/** The outcome a stage's `forecast_type` means: `Open` → OPEN, `Closed Won` → WON, `Closed Lost` → LOST. */
export function dealOutcomeOfForecastType(forecastType: unknown, where: string): DealOutcome {
  const outcome = typeof forecastType === 'string' ? OUTCOME_OF_FORECAST_TYPE[forecastType] : undefined;
  if (outcome === undefined) {
    throw new UnreadableZohoMetadataError(where, `forecast_type ${JSON.stringify(forecastType)} is not Open, Closed Won or Closed Lost`);
  }
  return outcome;
}

/**
 * A Deals field as the mapping validator needs it. Mandatory is `system_mandatory`: Zoho's fields
 * API leaves out per-layout mandatory flags (reference §3). Unique is a non-empty `unique` object
 * (`{"casesensitive": …}`; `{}` means not unique); an external-id field has `external.type` = user.
 */
export function toZohoFieldSnapshot(field: ZohoFieldMeta): ZohoFieldSnapshot {
  const unique = field['unique'];
  const external = field['external'];
  const length = field['length'];
  return {
    apiName: field.api_name,
    dataType: field.data_type,
    length: typeof length === 'number' ? length : null,
    mandatoryOnCreate: field['system_mandatory'] === true,
    unique: unique === true || (typeof unique === 'object' && unique !== null && Object.keys(unique).length > 0),
    externalId: typeof external === 'object' && external !== null && (external as { type?: unknown }).type === 'user',
    readOnly: field['read_only'] === true || field['field_read_only'] === true || COMPUTED_DATA_TYPES.includes(field.data_type),
    picklistValues: (field.pick_list_values ?? []).map((value) => value.actual_value).filter((value) => value !== NO_PICKLIST_VALUE),
  };
}

/**
 * One pipeline with its stages in Zoho's order. The pipeline is named by its `display_value`
 * (what Zoho writes on a deal, `Standard (Standard)`), a stage by its `actual_value` (what the
 * API reads and writes). Zoho's pipeline API gives no probability; the Stage field's picklist
 * does (`probabilities`, by stage). A stage found in neither counts as 100 if won, else 0.
 */
export function toZohoPipelineSnapshot(pipeline: ZohoPipelineMeta, probabilities: ReadonlyMap<string, number>): ZohoPipelineSnapshot {
  const stages = stagesInOrder(pipeline).map((stage): ZohoStageSnapshot => {
    const outcome = dealOutcomeOfForecastType(stage.forecast_type, `pipeline '${pipeline.display_value}' stage '${stage.actual_value}'`);
    const own = stage['probability'];
    const probability = typeof own === 'number' ? own : (probabilities.get(stage.actual_value) ?? (outcome === 'WON' ? 100 : 0));
    return { name: stage.actual_value, probability, outcome };
  });
  return { name: pipeline.display_value, stages };
}

/** A pipeline's stages (`maps`) in Zoho's order, by `sequence_number`. */
export function stagesInOrder(pipeline: ZohoPipelineMeta): ZohoPipelineMeta['maps'] {
  return [...pipeline.maps].sort((a, b) => (a.sequence_number ?? 0) - (b.sequence_number ?? 0));
}

/**
 * What `validateDealMapping` checks a mapping against, from Zoho's Deals metadata: the pipelines
 * of every layout (a pipeline offered in several layouts once, as the first layout has it) and
 * the Deals fields.
 *
 * @example
 *   toZohoDealsSnapshot({ pipelines: (await Promise.all(layouts.map((l) => zoho.metadata.pipelines(orgRef, l.id)))).flat(),
 *                         fields: await zoho.metadata.fields(orgRef, 'Deals') });
 */
export function toZohoDealsSnapshot(metadata: {
  pipelines: readonly ZohoPipelineMeta[];
  fields: readonly ZohoFieldMeta[];
}): ZohoDealsSnapshot {
  const probabilities = stageProbabilities(metadata.fields);
  const pipelines = new Map<string, ZohoPipelineSnapshot>();
  for (const pipeline of metadata.pipelines) {
    if (!pipelines.has(pipeline.display_value)) {
      pipelines.set(pipeline.display_value, toZohoPipelineSnapshot(pipeline, probabilities));
    }
  }
  return { pipelines: [...pipelines.values()], fields: metadata.fields.map(toZohoFieldSnapshot) };
}

/** Each stage's probability, from the Stage field's picklist (Zoho puts it there, reference §3). */
function stageProbabilities(fields: readonly ZohoFieldMeta[]): Map<string, number> {
  const stageField = fields.find((field) => field.api_name === 'Stage');
  const probabilities = new Map<string, number>();
  for (const value of stageField?.pick_list_values ?? []) {
    const probability = value['probability'];
    if (typeof probability === 'number') {
      probabilities.set(value.actual_value, probability);
    }
  }
  return probabilities;
}
