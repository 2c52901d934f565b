import {
  PORTAL_STANDARD_DEAL_FIELDS,
  type DealOutcome,
  type PortalCustomDealField,
  type PortalDealPhase,
  type PortalFieldType,
} from '@crm-bridge/contracts';
import type { InputProblem } from '@crm-bridge/subgraph';

export enum PortalDealSchemaProblemCode {
  PhaseNameRequired = 'PHASE_NAME_REQUIRED',
  PhaseNameTooLong = 'PHASE_NAME_TOO_LONG',
  DuplicatePhaseName = 'DUPLICATE_PHASE_NAME',
  WonPhaseRequired = 'WON_PHASE_REQUIRED',
  MultipleWonPhases = 'MULTIPLE_WON_PHASES',
  LostPhaseRequired = 'LOST_PHASE_REQUIRED',
  InvalidApiName = 'INVALID_API_NAME',
  ApiNameReserved = 'API_NAME_RESERVED',
  DuplicateApiName = 'DUPLICATE_API_NAME',
  LabelRequired = 'LABEL_REQUIRED',
  LabelTooLong = 'LABEL_TOO_LONG',
  FieldTypeNotAllowed = 'FIELD_TYPE_NOT_ALLOWED',
  PicklistOptionsRequired = 'PICKLIST_OPTIONS_REQUIRED',
  PicklistOptionRequired = 'PICKLIST_OPTION_REQUIRED',
  DuplicatePicklistOption = 'DUPLICATE_PICKLIST_OPTION',
  OptionsNotAllowed = 'OPTIONS_NOT_ALLOWED',
}

/** Names and labels people read in lists and pickers. */
export const MAX_NAME_LENGTH = 100;

/**
 * An API name: starts with a lower-case letter, then letters, digits or `_`, at most 64 characters.
 * It becomes a key in events and mappings, so no spaces or punctuation.
 */
const API_NAME_PATTERN = /^[a-z][A-Za-z0-9_]{0,63}$/;

const RESERVED_API_NAMES = new Set(PORTAL_STANDARD_DEAL_FIELDS.map((field) => field.apiName.toLowerCase()));

export interface PhaseInput {
  readonly name: string;
  readonly outcome: DealOutcome;
}

export interface CustomFieldInput {
  readonly apiName: string;
  readonly label: string;
  readonly type: PortalFieldType;
  readonly options?: readonly string[] | null;
}

/**
 * The phases as they will be stored (names trimmed), and every problem: each name non-empty and
 * unique (ignoring case), exactly one Won phase, at least one Lost phase.
 */
export function validatePhases(phases: readonly PhaseInput[]): { phases: PortalDealPhase[]; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const problem = (code: PortalDealSchemaProblemCode, path: string, reason: string) =>
    problems.push({ code, path, message: `${path} ${reason}` });
  const firstIndexOf = new Map<string, number>();
  let wonIndex: number | undefined;
  const trimmed = phases.map((phase, index) => {
    const name = phase.name.trim();
    const path = `input.phases[${index}]`;
    if (name.length === 0) {
      problem(PortalDealSchemaProblemCode.PhaseNameRequired, `${path}.name`, 'must not be empty');
    } else if (name.length > MAX_NAME_LENGTH) {
      problem(
        PortalDealSchemaProblemCode.PhaseNameTooLong,
        `${path}.name`,
        `must be at most ${MAX_NAME_LENGTH} characters (got ${name.length})`,
      );
    } else {
      const earlier = firstIndexOf.get(name.toLowerCase());
      if (earlier !== undefined) {
        problem(
          PortalDealSchemaProblemCode.DuplicatePhaseName,
          `${path}.name`,
          `"${name}" is the name of input.phases[${earlier}] already`,
        );
      } else {
        firstIndexOf.set(name.toLowerCase(), index);
      }
    }
    if (phase.outcome === 'WON') {
      if (wonIndex !== undefined) {
        problem(
          PortalDealSchemaProblemCode.MultipleWonPhases,
          `${path}.outcome`,
          `is WON, but input.phases[${wonIndex}] is the Won phase already; exactly one phase is Won`,
        );
      }
      wonIndex ??= index;
    }
    return { name, outcome: phase.outcome };
  });
  if (wonIndex === undefined) {
    problem(PortalDealSchemaProblemCode.WonPhaseRequired, 'input.phases', 'must have exactly one phase with outcome WON');
  }
  if (!phases.some((phase) => phase.outcome === 'LOST')) {
    problem(PortalDealSchemaProblemCode.LostPhaseRequired, 'input.phases', 'must have at least one phase with outcome LOST');
  }
  return { phases: trimmed, problems };
}

/**
 * The custom fields as they will be stored, and every problem: API names well formed, unique
 * (ignoring case) and not a standard field's; labels non-empty; types a custom field may have;
 * picklists with unique non-empty options, other types without options.
 */
export function validateCustomFields(fields: readonly CustomFieldInput[]): { fields: PortalCustomDealField[]; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const problem = (code: PortalDealSchemaProblemCode, path: string, reason: string) =>
    problems.push({ code, path, message: `${path} ${reason}` });
  const firstIndexOf = new Map<string, number>();
  const cleaned = fields.map((field, index) => {
    const path = `input.customFields[${index}]`;
    const apiName = field.apiName.trim();
    const label = field.label.trim();
    const options = (field.options ?? []).map((option) => option.trim());
    if (!API_NAME_PATTERN.test(apiName)) {
      problem(
        PortalDealSchemaProblemCode.InvalidApiName,
        `${path}.apiName`,
        `"${apiName}" must start with a lower-case letter and have only letters, digits and _ (at most 64 characters)`,
      );
    } else if (RESERVED_API_NAMES.has(apiName.toLowerCase())) {
      problem(PortalDealSchemaProblemCode.ApiNameReserved, `${path}.apiName`, `"${apiName}" is a standard deal field's API name`);
    } else {
      const earlier = firstIndexOf.get(apiName.toLowerCase());
      if (earlier !== undefined) {
        problem(
          PortalDealSchemaProblemCode.DuplicateApiName,
          `${path}.apiName`,
          `"${apiName}" is the API name of input.customFields[${earlier}] already`,
        );
      } else {
        firstIndexOf.set(apiName.toLowerCase(), index);
      }
    }
    if (label.length === 0) {
      problem(PortalDealSchemaProblemCode.LabelRequired, `${path}.label`, 'must not be empty');
    } else if (label.length > MAX_NAME_LENGTH) {
      problem(
        PortalDealSchemaProblemCode.LabelTooLong,
        `${path}.label`,
        `must be at most ${MAX_NAME_LENGTH} characters (got ${label.length})`,
      );
    }
    if (field.type === 'LOOKUP') {
      problem(
        PortalDealSchemaProblemCode.FieldTypeNotAllowed,
        `${path}.type`,
        'LOOKUP is for standard fields only; a custom field stores a value',
      );
    }
    if (field.type === 'PICKLIST') {
      if (options.length === 0) {
        problem(PortalDealSchemaProblemCode.PicklistOptionsRequired, `${path}.options`, 'must list at least one option for a PICKLIST');
      }
      const seen = new Set<string>();
      options.forEach((option, optionIndex) => {
        if (option.length === 0) {
          problem(PortalDealSchemaProblemCode.PicklistOptionRequired, `${path}.options[${optionIndex}]`, 'must not be empty');
        } else if (seen.has(option)) {
          problem(PortalDealSchemaProblemCode.DuplicatePicklistOption, `${path}.options[${optionIndex}]`, `"${option}" is listed twice`);
        }
        seen.add(option);
      });
    } else if (options.length > 0) {
      problem(
        PortalDealSchemaProblemCode.OptionsNotAllowed,
        `${path}.options`,
        `must be empty for a ${field.type} field; only a PICKLIST has options`,
      );
    }
    return { apiName, label, type: field.type, options };
  });
  return { fields: cleaned, problems };
}
