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
  REGISTRATION_COLLISION_WINDOW_DAYS,
  REGISTRATION_COLLISION_SIMILARITY,
  registrationCollisionSettingsSchema,
  moduleSyncSettingSchema,
  integrationSettingsSchema,
  type RegistrationCollisionSettings,
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
export { syncRunProgressedDataSchema, type SyncRunProgressedData } from './events/sync-run-progressed.event';
export { zohoNotificationReceivedDataSchema, type ZohoNotificationReceivedData } from './events/zoho-notification-received.event';
export { portalDealSubmittedDataSchema, type PortalDealSubmittedData } from './events/portal-deal-submitted.event';
export { portalDealRejectedDataSchema, type PortalDealRejectedData } from './events/portal-deal-rejected.event';
export { recordFieldValueSchema, type RecordFieldValue } from './events/record-field-value';
export { conflictDetectedDataSchema, type ConflictDetectedData } from './events/conflict-detected.event';
export { conflictResolvedDataSchema, type ConflictResolvedData } from './events/conflict-resolved.event';
export { conflictClearedDataSchema, type ConflictClearedData } from './events/conflict-cleared.event';
export { dealUpdatedDataSchema, type DealUpdatedData } from './events/deal-updated.event';
export { apiKeyRevokedDataSchema, type ApiKeyRevokedData } from './events/api-key-revoked.event';
export { webhookEndpointDisabledDataSchema, type WebhookEndpointDisabledData } from './events/webhook-endpoint-disabled.event';
// The vocabulary lives below contracts so that sync-domain, which contracts' events use, can use it too;
// services import the words from here.
export * from '@crm-bridge/vocabulary';
export {
  RecordModuleEnum,
  ContactTargetModuleEnum,
  ZohoDataCentreEnum,
  ZohoApiVersionEnum,
  ZohoReadStrategyEnum,
  SyncDirectionEnum,
  SyncModeEnum,
  MappingDirectionEnum,
  ConflictPolicyEnum,
  ConflictResolutionEnum,
  ConflictClearedReasonEnum,
  ConflictKeepChoiceEnum,
  OnCreateStageStrategyEnum,
  MatchKeyKindEnum,
  ProblemSeverityEnum,
  MappingChangeKindEnum,
  DealOutcomeEnum,
  PortalFieldTypeEnum,
  RecordSyncStatusEnum,
  RegistrationCollisionStatusEnum,
  RegistrationDecisionEnum,
  CreditThrottleLevelEnum,
  ApiKeyRightEnum,
  WebhookEventTypeEnum,
  WebhookEndpointStatusEnum,
  WebhookDeliveryStatusEnum,
  RecordOperationEnum,
  RecordChangeOriginEnum,
} from './vocabulary/graphql-enums';
