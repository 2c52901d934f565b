export { Topics, ALL_TOPICS, deadLetterTopicOf, type TopicName } from './topics';
export { type EventEnvelope } from './event-envelope';
export {
  eventCatalog,
  EVENT_TYPES,
  isKnownEventType,
  topicOfEventType,
  type CrmBridgeEvent,
  type CrmBridgeEventType,
  type EventOfType,
} from './event-catalog';
export { parseEvent, createEvent, EventValidationError, type EventFieldIssue, type NewEventFields } from './event-validation';
export { connectionConnectedDataSchema, type ConnectionConnectedData } from './events/connection-connected.event';
export { connectionNeedsReauthDataSchema, type ConnectionNeedsReauthData } from './events/connection-needs-reauth.event';
export { connectionSettingsChangedDataSchema, type ConnectionSettingsChangedData } from './events/connection-settings-changed.event';
export { connectionDisconnectedDataSchema, type ConnectionDisconnectedData } from './events/connection-disconnected.event';
export { mappingPublishedDataSchema, type MappingPublishedData } from './events/mapping-published.event';
export { integrationSettingsChangedDataSchema, type IntegrationSettingsChangedData } from './events/integration-settings-changed.event';
export { portalDealSchemaChangedDataSchema, type PortalDealSchemaChangedData } from './events/portal-deal-schema-changed.event';
export {
  SYNC_INTERVAL_MINUTES,
  DEBOUNCE_SECONDS,
  moduleSyncSettingSchema,
  integrationSettingsSchema,
  type ModuleSyncSetting,
  type IntegrationSettings,
} from './integration-settings';
export {
  PORTAL_STANDARD_DEAL_FIELDS,
  portalDealPhaseSchema,
  portalCustomDealFieldSchema,
  type PortalStandardDealField,
  type PortalDealPhase,
  type PortalCustomDealField,
} from './portal-deal-schema';
export { portalRecordChangedDataSchema, type PortalRecordChangedData } from './events/portal-record-changed.event';
// The vocabulary lives below contracts so that sync-domain, which contracts' events use, can use it too.
export {
  RECORD_MODULES,
  CONTACT_TARGET_MODULES,
  ZOHO_DATA_CENTRES,
  ZOHO_API_VERSIONS,
  DEFAULT_ZOHO_API_VERSION,
  ZOHO_READ_STRATEGIES,
  DEFAULT_ZOHO_READ_STRATEGY,
  SYNC_DIRECTIONS,
  MAPPING_DIRECTIONS,
  CONFLICT_POLICIES,
  RECORD_OPERATIONS,
  ON_CREATE_STAGE_STRATEGIES,
  MATCH_KEY_KINDS,
  DEAL_OUTCOMES,
  PORTAL_FIELD_TYPES,
  PROBLEM_SEVERITIES,
  MAPPING_CHANGE_KINDS,
  recordModuleSchema,
  contactTargetModuleSchema,
  zohoDataCentreSchema,
  zohoApiVersionSchema,
  zohoReadStrategySchema,
  syncDirectionSchema,
  mappingDirectionSchema,
  conflictPolicySchema,
  recordOperationSchema,
  onCreateStageStrategySchema,
  matchKeyKindSchema,
  dealOutcomeSchema,
  portalFieldTypeSchema,
  problemSeveritySchema,
  mappingChangeKindSchema,
  vocabularySchema,
  zohoLocationOf,
  zohoApiVersionPath,
  dataCentreOfZohoLocation,
  type RecordModule,
  type ContactTargetModule,
  type ZohoDataCentre,
  type ZohoApiVersion,
  type ZohoReadStrategy,
  type SyncDirection,
  type MappingDirection,
  type ConflictPolicy,
  type RecordOperation,
  type OnCreateStageStrategy,
  type MatchKeyKind,
  type DealOutcome,
  type PortalFieldType,
  type ProblemSeverity,
  type MappingChangeKind,
} from '@crm-bridge/vocabulary';
export {
  RecordModuleEnum,
  ContactTargetModuleEnum,
  ZohoDataCentreEnum,
  ZohoApiVersionEnum,
  ZohoReadStrategyEnum,
  SyncDirectionEnum,
  MappingDirectionEnum,
  ConflictPolicyEnum,
  OnCreateStageStrategyEnum,
  MatchKeyKindEnum,
  ProblemSeverityEnum,
  MappingChangeKindEnum,
  DealOutcomeEnum,
  PortalFieldTypeEnum,
} from './vocabulary/graphql-enums';
