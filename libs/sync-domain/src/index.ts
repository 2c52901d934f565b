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
export {
  sameCanonicalValue,
  VALUE_PROBLEM_CODES,
  type CanonicalValue,
  type CanonicalValues,
  type ValueProblem,
  type ValueProblemCode,
  type ValueResult,
} from './normalise/canonical-value';
export { isKnownTimeZone } from './normalise/time-zone';
export { normalisePortalValue, toZohoValue, fromZohoValue, type ZohoValue, type TypedField } from './normalise/normalise-value';
export {
  applyPortalToZoho,
  applyZohoToPortal,
  type ApplyContext,
  type PortalRecord,
  type FieldSkip,
  type ZohoPayloadResult,
  type PortalValuesResult,
  type ZohoWriteKind,
} from './apply/apply-mapping';
export {
  resolveInboundPhase,
  resolveOutboundStage,
  resolveNewDealStage,
  STAGE_SKIP_CODES,
  type StageSkipCode,
  type IgnoredDeal,
  type InboundPhaseResolution,
  type OutboundStageResolution,
  type NewDealStageResolution,
  type ZohoDealStage,
  type PortalDealPhase,
} from './stage/resolve-stage';
export {
  changedFields,
  classifyIncoming,
  detectChanges,
  type FieldChange,
  type IncomingChange,
  type SideChanges,
} from './change/detect-changes';
export { mergeFields, type FieldConflict, type FieldMergeResult } from './merge/merge-fields';
export {
  reconcileDeal,
  conflictableDealFields,
  type DealSides,
  type DealSyncWays,
  type DealReconciliation,
  type DealSyncNote,
  type ZohoDealWrite,
  type PortalDealWrite,
} from './reconcile/reconcile-deal';
export { normaliseDealName, dealNameSimilarity } from './registration/name-similarity';
export {
  registrationCollision,
  type RegisteredDeal,
  type RegistrationRules,
  type RegistrationCollision,
} from './registration/registration-collision';
