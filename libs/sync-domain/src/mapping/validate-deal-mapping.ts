import type { MappingDirection, PortalFieldType } from '@crm-bridge/vocabulary';
import { mappingDefinitionSchema, type FieldMapping, type MappingDefinition, type StageMapping } from './mapping-definition';
import type { DealMappingContext, PortalDealModel, PortalField, ZohoFieldSnapshot, ZohoPipelineSnapshot } from './mapping-context';
import { formatProblemPath, type MappingProblem, type MappingProblemCode } from './mapping-problem';

type Path = readonly (string | number)[];

/** Collects problems in the order the rules find them. */
class ProblemList {
  readonly problems: MappingProblem[] = [];

  error(path: Path, code: MappingProblemCode, message: string): void {
    this.problems.push({ path: formatProblemPath(path), code, message, severity: 'ERROR' });
  }

  warning(path: Path, code: MappingProblemCode, message: string): void {
    this.problems.push({ path: formatProblemPath(path), code, message, severity: 'WARNING' });
  }
}

/** Zoho fields the stage mappings write; a field mapping may not write them as well. */
const STAGE_FIELDS = ['Stage', 'Pipeline'];

const writesToZoho = (direction: MappingDirection) => direction !== 'ZOHO_TO_PORTAL';
const writesToPortal = (direction: MappingDirection) => direction !== 'PORTAL_TO_ZOHO';
const quoted = (names: readonly string[]) => names.map((name) => `'${name}'`).join(', ');

/**
 * A candidate definition (a GraphQL input, a stored row) checked for shape: the definition, or
 * every shape problem with its path (`fieldMappings[0].direction`) — `INVALID_VALUE`, all errors.
 */
export function parseMappingDefinition(
  candidate: unknown,
):
  | { readonly definition: MappingDefinition; readonly problems: readonly [] }
  | { readonly definition: null; readonly problems: readonly MappingProblem[] } {
  const parsed = mappingDefinitionSchema.safeParse(candidate);
  if (parsed.success) {
    return { definition: parsed.data, problems: [] };
  }
  return {
    definition: null,
    problems: parsed.error.issues.map((issue) => ({
      path: formatProblemPath(issue.path),
      code: 'INVALID_VALUE',
      message: issue.message,
      severity: 'ERROR',
    })),
  };
}

/**
 * The problems a definition has on its own, without Zoho's metadata or the portal's deal model:
 * a pipeline, stage, phase, field, value or default given twice; a field mapping that writes the
 * stage; the match key's field also mapped; under INFER, several phases sharing one Zoho stage
 * (a warning naming them); a match key without an upsert key (a warning).
 */
export function findDefinitionProblems(definition: MappingDefinition): MappingProblem[] {
  const problems = new ProblemList();
  checkDuplicates(
    definition.stageMappings.map((mapping) => mapping.zohoPipeline),
    (index, pipeline) =>
      problems.error(
        ['stageMappings', index, 'zohoPipeline'],
        'DUPLICATE_PIPELINE',
        `Zoho pipeline '${pipeline}' is selected more than once`,
      ),
  );
  definition.stageMappings.forEach((mapping, index) => checkStageMappingOnItsOwn(mapping, ['stageMappings', index], problems));
  definition.fieldMappings.forEach((mapping, index) => checkFieldMappingOnItsOwn(definition, mapping, index, problems));
  checkDuplicates(
    definition.zohoDefaults.map((fieldDefault) => fieldDefault.zohoField),
    (index, field) =>
      problems.error(['zohoDefaults', index, 'zohoField'], 'DUPLICATE_DEFAULT', `Zoho field '${field}' is given a default more than once`),
  );
  if (definition.matchKey.kind === 'ZOHO_ID') {
    problems.warning(
      ['matchKey', 'kind'],
      'MATCH_KEY_NOT_RECOMMENDED',
      'ZOHO_ID gives a new deal nothing to upsert on: a create retried after a lost answer can duplicate it in Zoho. ' +
        'An EXTERNAL_ID field holding the portal id is recommended',
    );
  }
  return problems.problems;
}

/**
 * Every problem of a definition at once: those of `findDefinitionProblems`, and those against
 * Zoho's live Deals metadata and the portal's deal model — names that do not exist; Won and Lost
 * mapped both ways for every selected pipeline; a closed stage and its phase agreeing on the
 * outcome; a stage for every new deal; picklist values Zoho has, exactly; type and length
 * compatibility; every field Zoho needs on create mapped or defaulted; a usable match key.
 *
 * Length: a value longer than its target field is refused record by record (Zoho answers
 * `INVALID_DATA` for that record, the portal refuses it likewise), so a shorter target is a
 * WARNING — the mapping works for every value that fits, and sync reports the rest — while a
 * type that cannot hold the value at all is an ERROR.
 */
export function validateDealMapping(definition: MappingDefinition, context: DealMappingContext): MappingProblem[] {
  const problems = new ProblemList();
  problems.problems.push(...findDefinitionProblems(definition));
  const zohoFields = new Map(context.zoho.fields.map((field) => [field.apiName, field]));
  const portalFields = new Map(context.portal.fields.map((field) => [field.name, field]));
  const pipelines = new Map(context.zoho.pipelines.map((pipeline) => [pipeline.name, pipeline]));

  definition.stageMappings.forEach((mapping, index) => {
    const pipeline = pipelines.get(mapping.zohoPipeline);
    if (!pipeline) {
      problems.error(
        ['stageMappings', index, 'zohoPipeline'],
        'UNKNOWN_PIPELINE',
        `Zoho has no Deals pipeline '${mapping.zohoPipeline}' (it has ${quoted([...pipelines.keys()])})`,
      );
      return;
    }
    checkStageMappingAgainstMetadata(mapping, pipeline, context.portal, ['stageMappings', index], problems);
  });

  definition.fieldMappings.forEach((mapping, index) => {
    const path = ['fieldMappings', index];
    const zohoField = zohoFields.get(mapping.zohoField);
    const portalField = portalFields.get(mapping.portalField);
    if (!zohoField) {
      problems.error([...path, 'zohoField'], 'UNKNOWN_ZOHO_FIELD', `Zoho Deals have no field '${mapping.zohoField}'`);
    }
    if (!portalField) {
      problems.error([...path, 'portalField'], 'UNKNOWN_PORTAL_FIELD', `portal deals have no field '${mapping.portalField}'`);
    }
    if (zohoField && portalField) {
      checkFieldPair(mapping, portalField, zohoField, path, problems);
    }
  });

  definition.zohoDefaults.forEach((fieldDefault, index) => {
    const zohoField = zohoFields.get(fieldDefault.zohoField);
    if (!zohoField) {
      problems.error(['zohoDefaults', index, 'zohoField'], 'UNKNOWN_ZOHO_FIELD', `Zoho Deals have no field '${fieldDefault.zohoField}'`);
      return;
    }
    if (zohoField.readOnly) {
      problems.error(['zohoDefaults', index, 'zohoField'], 'READ_ONLY_FIELD', `Zoho field '${zohoField.apiName}' is read-only`);
    }
    const reason = invalidDefaultReason(fieldDefault.value, zohoField);
    if (reason === 'not in picklist') {
      problems.error(['zohoDefaults', index, 'value'], 'UNKNOWN_PICKLIST_VALUE', picklistMessage(fieldDefault.value, zohoField));
    } else if (reason !== null) {
      problems.error(
        ['zohoDefaults', index, 'value'],
        'INVALID_DEFAULT',
        `'${fieldDefault.value}' is not ${reason} (Zoho field '${zohoField.apiName}' is ${zohoField.dataType})`,
      );
    }
  });

  checkMandatoryFields(definition, context.zoho.fields, problems);
  checkMatchKey(definition, zohoFields, portalFields, problems);
  return problems.problems;
}

function checkStageMappingOnItsOwn(mapping: StageMapping, path: Path, problems: ProblemList): void {
  checkDuplicates(
    mapping.inbound.map((stage) => stage.zohoStage),
    (index, stage) =>
      problems.error(
        [...path, 'inbound', index, 'zohoStage'],
        'DUPLICATE_STAGE_MAPPING',
        `Zoho stage '${stage}' is mapped to a portal phase more than once`,
      ),
  );
  checkDuplicates(
    mapping.outbound.map((stage) => stage.portalPhase),
    (index, phase) =>
      problems.error(
        [...path, 'outbound', index, 'portalPhase'],
        'DUPLICATE_PHASE_MAPPING',
        `portal phase '${phase}' is mapped to a Zoho stage more than once`,
      ),
  );
  const onCreate = mapping.onCreate;
  if (onCreate.strategy === 'MANUAL') {
    checkDuplicates(
      onCreate.stages.map((stage) => stage.portalPhase),
      (index, phase) =>
        problems.error(
          [...path, 'onCreate', 'stages', index, 'portalPhase'],
          'DUPLICATE_PHASE_MAPPING',
          `portal phase '${phase}' is given a first Zoho stage more than once`,
        ),
    );
  }
  if (onCreate.strategy === 'INFER') {
    // A new deal's stage is inferred from its phase; phases sharing a stage all arrive in Zoho
    // alike, and the stage maps back inbound to one phase only.
    const phasesByStage = new Map<string, string[]>();
    for (const stage of mapping.outbound) {
      phasesByStage.set(stage.zohoStage, [...(phasesByStage.get(stage.zohoStage) ?? []), stage.portalPhase]);
    }
    for (const [stage, phases] of phasesByStage) {
      if (phases.length > 1) {
        problems.warning(
          [...path, 'onCreate', 'strategy'],
          'INFERRED_STAGE_SHARED',
          `portal phases ${quoted(phases)} all infer Zoho stage '${stage}' for new deals, so Zoho cannot tell them apart`,
        );
      }
    }
  }
}

function checkFieldMappingOnItsOwn(definition: MappingDefinition, mapping: FieldMapping, index: number, problems: ProblemList): void {
  const path = ['fieldMappings', index];
  const earlier = definition.fieldMappings.slice(0, index);
  if (earlier.some((other) => other.zohoField === mapping.zohoField)) {
    problems.error([...path, 'zohoField'], 'DUPLICATE_FIELD_MAPPING', `Zoho field '${mapping.zohoField}' is mapped more than once`);
  }
  // One portal field may feed several Zoho fields, but only one Zoho field may write it.
  if (
    writesToPortal(mapping.direction) &&
    earlier.some((other) => other.portalField === mapping.portalField && writesToPortal(other.direction))
  ) {
    problems.error(
      [...path, 'portalField'],
      'DUPLICATE_FIELD_MAPPING',
      `portal field '${mapping.portalField}' is written from more than one Zoho field`,
    );
  }
  if (STAGE_FIELDS.includes(mapping.zohoField)) {
    problems.error(
      [...path, 'zohoField'],
      'STAGE_FIELD_MAPPED',
      `Zoho field '${mapping.zohoField}' is set by the stage mappings, not by a field mapping`,
    );
  }
  const matchKey = definition.matchKey;
  if (matchKey.kind === 'EXTERNAL_ID' && matchKey.zohoField === mapping.zohoField) {
    problems.error(
      [...path, 'zohoField'],
      'MATCH_KEY_FIELD_MAPPED',
      `Zoho field '${mapping.zohoField}' is the match key: sync writes the portal id into it`,
    );
  }
  if (writesToZoho(mapping.direction)) {
    checkDuplicates(
      mapping.valueMap.map((entry) => entry.portalValue),
      (entry, value) =>
        problems.error(
          [...path, 'valueMap', entry, 'portalValue'],
          'DUPLICATE_VALUE_MAPPING',
          `portal value '${value}' is mapped more than once`,
        ),
    );
  }
  if (writesToPortal(mapping.direction)) {
    checkDuplicates(
      mapping.valueMap.map((entry) => entry.zohoValue),
      (entry, value) =>
        problems.error(
          [...path, 'valueMap', entry, 'zohoValue'],
          'DUPLICATE_VALUE_MAPPING',
          `Zoho value '${value}' is mapped more than once, so it cannot be mapped back to one portal value`,
        ),
    );
  }
}

function checkStageMappingAgainstMetadata(
  mapping: StageMapping,
  pipeline: ZohoPipelineSnapshot,
  portal: PortalDealModel,
  path: Path,
  problems: ProblemList,
): void {
  const stages = new Map(pipeline.stages.map((stage) => [stage.name, stage]));
  const phases = new Map(portal.phases.map((phase) => [phase.name, phase]));
  const stageIsKnown = (stage: string, stagePath: Path) => {
    if (!stages.has(stage)) {
      problems.error(
        stagePath,
        'UNKNOWN_STAGE',
        `Zoho pipeline '${pipeline.name}' has no stage '${stage}' (it has ${quoted([...stages.keys()])})`,
      );
    }
    return stages.get(stage);
  };
  const phaseIsKnown = (phase: string, phasePath: Path) => {
    if (!phases.has(phase)) {
      problems.error(phasePath, 'UNKNOWN_PHASE', `the portal has no deal phase '${phase}' (it has ${quoted([...phases.keys()])})`);
    }
    return phases.get(phase);
  };

  mapping.inbound.forEach((entry, index) => {
    const stage = stageIsKnown(entry.zohoStage, [...path, 'inbound', index, 'zohoStage']);
    const phase = phaseIsKnown(entry.portalPhase, [...path, 'inbound', index, 'portalPhase']);
    if (stage && phase && stage.outcome !== phase.outcome) {
      problems.error(
        [...path, 'inbound', index, 'portalPhase'],
        'OUTCOME_MISMATCH',
        `Zoho stage '${stage.name}' is ${stage.outcome} but portal phase '${phase.name}' is ${phase.outcome}`,
      );
    }
  });
  mapping.outbound.forEach((entry, index) => {
    const phase = phaseIsKnown(entry.portalPhase, [...path, 'outbound', index, 'portalPhase']);
    const stage = stageIsKnown(entry.zohoStage, [...path, 'outbound', index, 'zohoStage']);
    if (stage && phase && stage.outcome !== phase.outcome) {
      problems.error(
        [...path, 'outbound', index, 'zohoStage'],
        'OUTCOME_MISMATCH',
        `portal phase '${phase.name}' is ${phase.outcome} but Zoho stage '${stage.name}' is ${stage.outcome}`,
      );
    }
  });

  // Won and Lost, both ways: a deal closed on one side must close on the other.
  const inboundStages = new Set(mapping.inbound.map((entry) => entry.zohoStage));
  for (const stage of pipeline.stages) {
    if (stage.outcome !== 'OPEN' && !inboundStages.has(stage.name)) {
      problems.error(
        [...path, 'inbound'],
        'CLOSED_STAGE_UNMAPPED',
        `Zoho stage '${stage.name}' closes deals as ${stage.outcome} in pipeline '${pipeline.name}' but is not mapped to a portal phase: ` +
          'deals closed there would stay open in the portal',
      );
    }
  }
  const outboundPhases = new Set(mapping.outbound.map((entry) => entry.portalPhase));
  for (const phase of portal.phases) {
    if (phase.outcome !== 'OPEN' && !outboundPhases.has(phase.name)) {
      problems.error(
        [...path, 'outbound'],
        'CLOSED_PHASE_UNMAPPED',
        `portal phase '${phase.name}' closes deals as ${phase.outcome} but is not mapped to a stage of Zoho pipeline '${pipeline.name}': ` +
          'deals closed in the portal would stay open in Zoho',
      );
    }
  }

  const onCreate = mapping.onCreate;
  switch (onCreate.strategy) {
    case 'STATIC':
      stageIsKnown(onCreate.zohoStage, [...path, 'onCreate', 'zohoStage']);
      return;
    case 'INFER':
      for (const phase of portal.phases.filter((candidate) => !outboundPhases.has(candidate.name))) {
        problems.warning(
          [...path, 'onCreate', 'strategy'],
          'NEW_DEAL_STAGE_UNKNOWN',
          `portal phase '${phase.name}' maps to no Zoho stage, so a deal created in it cannot be inferred a stage and is reported as skipped`,
        );
      }
      return;
    case 'MANUAL': {
      onCreate.stages.forEach((entry, index) => {
        phaseIsKnown(entry.portalPhase, [...path, 'onCreate', 'stages', index, 'portalPhase']);
        stageIsKnown(entry.zohoStage, [...path, 'onCreate', 'stages', index, 'zohoStage']);
      });
      const listed = new Set(onCreate.stages.map((entry) => entry.portalPhase));
      for (const phase of portal.phases.filter((candidate) => !listed.has(candidate.name))) {
        problems.warning(
          [...path, 'onCreate', 'stages'],
          'NEW_DEAL_STAGE_UNKNOWN',
          `portal phase '${phase.name}' has no first Zoho stage, so a deal created in it is reported as skipped`,
        );
      }
      return;
    }
  }
}

/**
 * Zoho `data_type`s each portal type can travel to and from without losing meaning. Text-like
 * Zoho types accept the portal's text-like values; numbers go to numbers of at least their
 * precision (a decimal into an integer field would be cut).
 */
const COMPATIBLE_ZOHO_TYPES: { readonly [Type in PortalFieldType]: readonly string[] } = {
  TEXT: ['text', 'textarea', 'email', 'phone', 'website', 'picklist', 'autonumber'],
  TEXT_AREA: ['textarea', 'text'],
  INTEGER: ['integer', 'bigint', 'double', 'decimal', 'currency', 'percent'],
  DECIMAL: ['double', 'decimal', 'currency', 'percent'],
  CURRENCY: ['currency', 'double', 'decimal'],
  PERCENT: ['percent', 'double', 'decimal'],
  BOOLEAN: ['boolean'],
  DATE: ['date'],
  DATE_TIME: ['datetime'],
  PICKLIST: ['picklist', 'text'],
  MULTI_PICKLIST: ['multiselectpicklist'],
  EMAIL: ['email', 'text'],
  PHONE: ['phone', 'text'],
  URL: ['website', 'text'],
  LOOKUP: ['lookup', 'ownerlookup', 'userlookup'],
};

const PICKLIST_TYPES = ['picklist', 'multiselectpicklist'];
const TEXT_TYPES = ['text', 'textarea', 'email', 'phone', 'website'];

function checkFieldPair(
  mapping: FieldMapping,
  portalField: PortalField,
  zohoField: ZohoFieldSnapshot,
  path: Path,
  problems: ProblemList,
): void {
  if (!COMPATIBLE_ZOHO_TYPES[portalField.type].includes(zohoField.dataType)) {
    problems.error(
      [...path, 'zohoField'],
      'TYPE_MISMATCH',
      `portal field '${portalField.name}' is ${portalField.type} but Zoho field '${zohoField.apiName}' is ${zohoField.dataType}`,
    );
    return;
  }
  if (writesToZoho(mapping.direction) && zohoField.readOnly) {
    problems.error([...path, 'direction'], 'READ_ONLY_FIELD', `Zoho field '${zohoField.apiName}' is read-only: map it ZOHO_TO_PORTAL only`);
  }
  checkLengths(mapping, portalField, zohoField, path, problems);
  const zohoIsPicklist = PICKLIST_TYPES.includes(zohoField.dataType);
  if (!zohoIsPicklist && mapping.valueMap.length > 0) {
    problems.warning(
      [...path, 'valueMap'],
      'VALUE_MAP_ON_NON_PICKLIST',
      `Zoho field '${zohoField.apiName}' is ${zohoField.dataType}, not a picklist: its value map only renames the values listed`,
    );
  }
  if (!zohoIsPicklist) {
    return;
  }
  const zohoValues = new Set(zohoField.picklistValues);
  const portalValues = new Set(portalField.picklistValues);
  mapping.valueMap.forEach((entry, index) => {
    if (writesToZoho(mapping.direction) && !zohoValues.has(entry.zohoValue)) {
      problems.error([...path, 'valueMap', index, 'zohoValue'], 'UNKNOWN_PICKLIST_VALUE', picklistMessage(entry.zohoValue, zohoField));
    }
    if (writesToPortal(mapping.direction) && portalValues.size > 0 && !portalValues.has(entry.portalValue)) {
      problems.error(
        [...path, 'valueMap', index, 'portalValue'],
        'UNKNOWN_PICKLIST_VALUE',
        `portal field '${portalField.name}' has no value '${entry.portalValue}'`,
      );
    }
  });
  // A portal value with no entry passes unchanged, so it must be a Zoho value itself.
  if (writesToZoho(mapping.direction)) {
    const mapped = new Set(mapping.valueMap.map((entry) => entry.portalValue));
    const unresolved = portalField.picklistValues.filter((value) => !mapped.has(value) && !zohoValues.has(value));
    if (unresolved.length > 0) {
      problems.error(
        [...path, 'valueMap'],
        'UNMAPPED_PICKLIST_VALUE',
        `portal values ${quoted(unresolved)} of '${portalField.name}' are neither mapped nor values of Zoho's '${zohoField.apiName}' picklist, which Zoho would refuse`,
      );
    }
  }
}

function checkLengths(
  mapping: FieldMapping,
  portalField: PortalField,
  zohoField: ZohoFieldSnapshot,
  path: Path,
  problems: ProblemList,
): void {
  if (!TEXT_TYPES.includes(zohoField.dataType) || zohoField.length === null) {
    return;
  }
  if (writesToZoho(mapping.direction) && (portalField.maxLength === null || portalField.maxLength > zohoField.length)) {
    const portalLength = portalField.maxLength === null ? 'no length limit' : `up to ${portalField.maxLength} characters`;
    problems.warning(
      [...path, 'zohoField'],
      'LENGTH_EXCEEDED',
      `portal field '${portalField.name}' holds ${portalLength} but Zoho field '${zohoField.apiName}' takes ${zohoField.length}: ` +
        'longer values are refused by Zoho and reported per deal',
    );
  }
  if (writesToPortal(mapping.direction) && portalField.maxLength !== null && zohoField.length > portalField.maxLength) {
    problems.warning(
      [...path, 'portalField'],
      'LENGTH_EXCEEDED',
      `Zoho field '${zohoField.apiName}' holds up to ${zohoField.length} characters but portal field '${portalField.name}' takes ${portalField.maxLength}: ` +
        'longer values are refused by the portal and reported per deal',
    );
  }
}

function checkMandatoryFields(definition: MappingDefinition, zohoFields: readonly ZohoFieldSnapshot[], problems: ProblemList): void {
  const filled = new Set([
    ...definition.fieldMappings.filter((mapping) => writesToZoho(mapping.direction)).map((mapping) => mapping.zohoField),
    ...definition.zohoDefaults.map((fieldDefault) => fieldDefault.zohoField),
    ...STAGE_FIELDS,
    ...(definition.matchKey.kind === 'EXTERNAL_ID' ? [definition.matchKey.zohoField] : []),
  ]);
  for (const field of zohoFields) {
    if (field.mandatoryOnCreate && !field.readOnly && !filled.has(field.apiName)) {
      problems.error(
        ['fieldMappings'],
        'MANDATORY_FIELD_UNSET',
        `Zoho requires '${field.apiName}' on every new deal: map a portal field to it (PORTAL_TO_ZOHO or BOTH) or give it a default`,
      );
    }
  }
}

function checkMatchKey(
  definition: MappingDefinition,
  zohoFields: ReadonlyMap<string, ZohoFieldSnapshot>,
  portalFields: ReadonlyMap<string, PortalField>,
  problems: ProblemList,
): void {
  const matchKey = definition.matchKey;
  if (matchKey.kind === 'ZOHO_ID') {
    return;
  }
  const field = zohoFields.get(matchKey.zohoField);
  if (!field) {
    problems.error(['matchKey', 'zohoField'], 'UNKNOWN_ZOHO_FIELD', `Zoho Deals have no field '${matchKey.zohoField}'`);
  } else if (matchKey.kind === 'EXTERNAL_ID' && !field.externalId) {
    problems.error(
      ['matchKey', 'zohoField'],
      'MATCH_KEY_NOT_EXTERNAL_ID',
      `Zoho field '${field.apiName}' is not an external-id field, so Zoho cannot upsert on it (mark it as an external field in Zoho)`,
    );
  } else if (matchKey.kind === 'DUPLICATE_CHECK' && !field.unique) {
    problems.error(
      ['matchKey', 'zohoField'],
      'MATCH_KEY_NOT_UNIQUE',
      `Zoho field '${field.apiName}' does not refuse duplicates, so Zoho's duplicate check cannot match on it (make it unique in Zoho)`,
    );
  }
  if (matchKey.kind === 'DUPLICATE_CHECK' && !portalFields.has(matchKey.portalField)) {
    problems.error(['matchKey', 'portalField'], 'UNKNOWN_PORTAL_FIELD', `portal deals have no field '${matchKey.portalField}'`);
  }
}

/** Why `value` cannot be written to `field` as a default, or null when it can. */
function invalidDefaultReason(value: string, field: ZohoFieldSnapshot): string | null {
  switch (field.dataType) {
    case 'picklist':
      return field.picklistValues.includes(value) ? null : 'not in picklist';
    case 'integer':
    case 'bigint':
      return /^-?\d+$/.test(value) ? null : 'a whole number';
    case 'double':
    case 'decimal':
    case 'currency':
    case 'percent':
      return /^-?\d+(\.\d+)?$/.test(value) ? null : 'a number';
    case 'boolean':
      return value === 'true' || value === 'false' ? null : 'true or false';
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? null : 'an ISO date (2026-12-31)';
    case 'datetime':
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$/.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : 'an ISO date-time with offset (2026-12-31T17:00:00+01:00)';
    default:
      return null;
  }
}

function picklistMessage(value: string, field: ZohoFieldSnapshot): string {
  const nearly = field.picklistValues.find((candidate) => candidate.toLowerCase() === value.trim().toLowerCase());
  const hint = nearly === undefined ? `it has ${quoted(field.picklistValues)}` : `did you mean '${nearly}'? Zoho compares exactly`;
  return `Zoho's '${field.apiName}' picklist has no value '${value}' (${hint})`;
}

/** Calls `report` for every later occurrence of a value seen before. */
function checkDuplicates(values: readonly string[], report: (index: number, value: string) => void): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) {
      report(index, value);
    }
    seen.add(value);
  });
}
