import type { ModuleDefinition } from '../metadata/metadata.model';
import type { SandboxOrg } from '../org/sandbox-org';
import { isEmptyValue, validateFieldValue } from './field-value.validator';
import { recordError, type RecordError, type StoredRecord } from './record.model';

export type RecordInputResult = { ok: true; changes: Record<string, unknown> } | { ok: false; error: RecordError };

export interface RecordInputContext {
  org: SandboxOrg;
  module: ModuleDefinition;
  /** The position of the record in `data[]`, for `json_path` (`$.data[1].Last_Name`). */
  index: number;
  /** The record being updated; absent on insert. */
  existing?: StoredRecord;
  /** Lookup field → external-id field of the looked-up module, from `X-EXTERNAL`. */
  externalLookups?: Readonly<Record<string, string>>;
}

export function invalidData(index: number, apiName: string, message = 'invalid data', extra: Record<string, unknown> = {}): RecordError {
  return recordError('INVALID_DATA', message, { ...extra, api_name: apiName, json_path: `$.data[${index}].${apiName}` });
}

export function mandatoryNotFound(index: number, apiName: string): RecordError {
  return recordError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: apiName, json_path: `$.data[${index}].${apiName}` });
}

/**
 * Validates one element of a write's `data[]` and returns the canonical changes to apply.
 * Unknown keys and read-only system fields are ignored, as Zoho ignores them; `$`-prefixed keys
 * are control keys. Mandatory fields must be present on insert and may not be cleared on update.
 * Deals: the Stage must belong to the Pipeline, and Probability must be 0–100 (reference §4).
 */
export function validateRecordInput(input: unknown, context: RecordInputContext): RecordInputResult {
  const { module, org, index, existing } = context;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return {
      ok: false,
      error: recordError('INVALID_DATA', 'invalid data', { expected_data_type: 'jsonobject', json_path: `$.data[${index}]` }),
    };
  }
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (key === 'id' || key.startsWith('$')) {
      continue;
    }
    const field = module.fields.find((candidate) => candidate.apiName === key);
    if (!field || field.readOnly) {
      continue;
    }
    const result = validateFieldValue(field, value, org, context.externalLookups?.[field.apiName]);
    if (!result.ok) {
      return { ok: false, error: invalidData(index, field.apiName, result.problem.message, result.problem.details) };
    }
    changes[field.apiName] = result.value;
  }
  for (const field of module.fields) {
    if (!field.systemMandatory) {
      continue;
    }
    const present = field.apiName in changes;
    if (existing === undefined ? !present || isEmptyValue(changes[field.apiName]) : present && isEmptyValue(changes[field.apiName])) {
      return { ok: false, error: mandatoryNotFound(index, field.apiName) };
    }
  }
  if (module.apiName === 'Deals') {
    const dealError = applyDealRules(changes, context);
    if (dealError) {
      return { ok: false, error: dealError };
    }
  }
  return { ok: true, changes };
}

/** Pipeline/Stage consistency, Probability range and the values Zoho derives from the Stage. */
function applyDealRules(changes: Record<string, unknown>, { org, index, existing }: RecordInputContext): RecordError | null {
  const merged = { ...existing?.values, ...changes };
  if ('Pipeline' in changes || 'Stage' in changes) {
    const pipelineName = merged['Pipeline'];
    const pipeline = typeof pipelineName === 'string' ? org.catalog.findPipeline(pipelineName) : undefined;
    if (!pipeline) {
      return invalidData(index, 'Pipeline');
    }
    const stage = pipeline.stages.find(
      (candidate) => candidate.actualValue === merged['Stage'] || candidate.displayValue === merged['Stage'],
    );
    if (!stage) {
      return invalidData(index, 'Stage', "Pipeline doesn't contain the Stage");
    }
    const stageChanged = stage.actualValue !== existing?.values['Stage'];
    changes['Pipeline'] = pipeline.actualValue;
    changes['Stage'] = stage.actualValue;
    // A stage change sets the stage's probability unless the caller gives one.
    if (stageChanged && !('Probability' in changes)) {
      changes['Probability'] = stage.probability;
    }
  }
  const probability = 'Probability' in changes ? changes['Probability'] : merged['Probability'];
  if (typeof probability === 'number' && (probability < 0 || probability > 100)) {
    return invalidData(index, 'Probability', 'Given Probability is not valid');
  }
  const amount = 'Amount' in changes ? changes['Amount'] : merged['Amount'];
  if ('Amount' in changes || 'Probability' in changes) {
    changes['Expected_Revenue'] =
      typeof amount === 'number' && typeof probability === 'number' ? Math.round(amount * probability) / 100 : null;
  }
  return null;
}
