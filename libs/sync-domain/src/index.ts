export {
  mappingDefinitionSchema,
  type MappingDefinition,
  type StageMapping,
  type InboundStage,
  type OutboundStage,
  type OnCreateStage,
  type FieldMapping,
  type ValueMapEntry,
  type ZohoDefault,
  type MatchKey,
} from './mapping/mapping-definition';
export type {
  DealMappingContext,
  ZohoDealsSnapshot,
  ZohoPipelineSnapshot,
  ZohoStageSnapshot,
  ZohoFieldSnapshot,
  PortalDealModel,
  PortalPhase,
  PortalField,
} from './mapping/mapping-context';
export {
  MAPPING_PROBLEM_CODES,
  formatProblemPath,
  hasErrors,
  type MappingProblem,
  type MappingProblemCode,
} from './mapping/mapping-problem';
export { parseMappingDefinition, findDefinitionProblems, validateDealMapping } from './mapping/validate-deal-mapping';
export { diffMappingDefinitions, type MappingChange } from './mapping/diff-mapping-definitions';
