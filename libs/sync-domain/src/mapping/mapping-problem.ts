import type { ProblemSeverity } from '@crm-bridge/vocabulary';

/** Every reason a mapping can be refused or warned about; each rule has its own. */
export const MAPPING_PROBLEM_CODES = [
  // The shape (mappingDefinitionSchema).
  'INVALID_VALUE',
  // Without metadata.
  'DUPLICATE_PIPELINE',
  'DUPLICATE_STAGE_MAPPING',
  'DUPLICATE_PHASE_MAPPING',
  'DUPLICATE_FIELD_MAPPING',
  'DUPLICATE_VALUE_MAPPING',
  'DUPLICATE_DEFAULT',
  'STAGE_FIELD_MAPPED',
  'MATCH_KEY_FIELD_MAPPED',
  'INFERRED_STAGE_SHARED',
  'MATCH_KEY_NOT_RECOMMENDED',
  // Against Zoho's metadata and the portal's deal model.
  'UNKNOWN_PIPELINE',
  'UNKNOWN_STAGE',
  'UNKNOWN_PHASE',
  'UNKNOWN_ZOHO_FIELD',
  'UNKNOWN_PORTAL_FIELD',
  'CLOSED_STAGE_UNMAPPED',
  'CLOSED_PHASE_UNMAPPED',
  'OUTCOME_MISMATCH',
  'NEW_DEAL_STAGE_UNKNOWN',
  'UNKNOWN_PICKLIST_VALUE',
  'UNMAPPED_PICKLIST_VALUE',
  'VALUE_MAP_ON_NON_PICKLIST',
  'TYPE_MISMATCH',
  'LENGTH_EXCEEDED',
  'READ_ONLY_FIELD',
  'MANDATORY_FIELD_UNSET',
  'INVALID_DEFAULT',
  'MATCH_KEY_NOT_EXTERNAL_ID',
  'MATCH_KEY_NOT_UNIQUE',
] as const;
export type MappingProblemCode = (typeof MAPPING_PROBLEM_CODES)[number];

/**
 * One thing wrong with a mapping. `path` points into the definition the way a form field does,
 * e.g. `stageMappings[1].inbound[0].portalPhase`; an `ERROR` refuses the save, a `WARNING` does not.
 */
export interface MappingProblem {
  readonly path: string;
  readonly code: MappingProblemCode;
  readonly message: string;
  readonly severity: ProblemSeverity;
}

/** `['stageMappings', 1, 'phase']` → `stageMappings[1].phase`. */
export function formatProblemPath(segments: readonly (string | number)[]): string {
  return segments.reduce<string>(
    (path, segment) => (typeof segment === 'number' ? `${path}[${segment}]` : path === '' ? segment : `${path}.${segment}`),
    '',
  );
}

/** True when any problem refuses the save. */
export function hasErrors(problems: readonly MappingProblem[]): boolean {
  return problems.some((problem) => problem.severity === 'ERROR');
}
