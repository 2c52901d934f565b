import { registerEnumType } from 'type-graphql';
import {
  API_KEY_RIGHTS,
  CONFLICT_CLEARED_REASONS,
  CONFLICT_KEEP_CHOICES,
  CONFLICT_POLICIES,
  CONFLICT_RESOLUTIONS,
  CONTACT_TARGET_MODULES,
  CREDIT_THROTTLE_LEVELS,
  DEAL_OUTCOMES,
  MAPPING_CHANGE_KINDS,
  MAPPING_DIRECTIONS,
  MATCH_KEY_KINDS,
  ON_CREATE_STAGE_STRATEGIES,
  PROBLEM_SEVERITIES,
  PORTAL_FIELD_TYPES,
  RECORD_CHANGE_ORIGINS,
  RECORD_MODULES,
  RECORD_OPERATIONS,
  RECORD_SYNC_STATUSES,
  REGISTRATION_COLLISION_STATUSES,
  REGISTRATION_DECISIONS,
  SYNC_DIRECTIONS,
  SYNC_MODES,
  ZOHO_DATA_CENTRES,
  ZOHO_API_VERSIONS,
  ZOHO_READ_STRATEGIES,
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_ENDPOINT_STATUSES,
  WEBHOOK_EVENT_TYPES,
} from '@crm-bridge/vocabulary';

/**
 * type-graphql publishes an enum object's keys as GraphQL values; keys equal values here, so the
 * database, the API and the events read the same words.
 */
function graphqlEnum<const TValues extends readonly string[]>(
  values: TValues,
  config: { name: string; description: string; valuesConfig?: { [TValue in TValues[number]]?: { description: string } } },
): { readonly [TValue in TValues[number]]: TValue } {
  const enumObject = Object.fromEntries(values.map((value) => [value, value])) as { [TValue in TValues[number]]: TValue };
  registerEnumType(enumObject, config);
  return enumObject;
}

// One registration per enum for the whole process: every subgraph that uses one publishes the same
// name, values and description, which federation composition requires of a shared enum.

export const RecordModuleEnum = graphqlEnum(RECORD_MODULES, {
  name: 'RecordModule',
  description: 'A kind of record kept in sync (a Zoho CRM module)',
});

export const ContactTargetModuleEnum = graphqlEnum(CONTACT_TARGET_MODULES, {
  name: 'ContactTargetModule',
  description: 'The Zoho module portal contacts sync with',
});

export const ZohoDataCentreEnum = graphqlEnum(ZOHO_DATA_CENTRES, {
  name: 'ZohoDataCentre',
  description: 'The Zoho data centre an org lives in; its accounts server and API domain belong to it',
});

export const ZohoApiVersionEnum = graphqlEnum(ZOHO_API_VERSIONS, {
  name: 'ZohoApiVersion',
  description: "A Zoho CRM REST API version; V2_1 is Zoho's v2.1",
});

export const ZohoReadStrategyEnum = graphqlEnum(ZOHO_READ_STRATEGIES, {
  name: 'ZohoReadStrategy',
  description: 'How sync reads records from Zoho',
  valuesConfig: {
    AUTOMATIC: { description: 'Chosen per read by size: COQL pages, Bulk Read above its threshold, the REST list where COQL cannot go' },
    COQL: { description: 'Always COQL queries (2,000 rows a call)' },
    BULK_READ: { description: 'Always Bulk Read jobs (asynchronous CSV exports of up to 200,000 records)' },
    REST_LIST: { description: 'Always the REST list (200 records a page), e.g. for orgs without COQL' },
  },
});

export const SyncDirectionEnum = graphqlEnum(SYNC_DIRECTIONS, {
  name: 'SyncDirection',
  description: 'Which way a record was being synced',
});

export const SyncModeEnum = graphqlEnum(SYNC_MODES, {
  name: 'SyncMode',
  description: 'What a manual sync reads from Zoho',
  valuesConfig: {
    FULL: { description: 'Every record, from the integration\'s "sync records from" date; what is already in sync changes nothing' },
    MODIFIED_SINCE_LAST_SYNC: { description: 'Only records modified in Zoho since the last sync' },
  },
});

export const MappingDirectionEnum = graphqlEnum(MAPPING_DIRECTIONS, {
  name: 'MappingDirection',
  description: 'Which way a module or a mapped field syncs',
});

export const ConflictPolicyEnum = graphqlEnum(CONFLICT_POLICIES, {
  name: 'ConflictPolicy',
  description: 'Which value survives when a field changed on both sides since the last sync',
  valuesConfig: {
    ZOHO_WINS: { description: "Zoho's value is kept" },
    PORTAL_WINS: { description: "The portal's value is kept" },
    LATEST_CHANGE_WINS: { description: 'The value changed last is kept' },
    MANUAL_REVIEW: { description: 'A person decides in the review queue' },
  },
});

export const ConflictResolutionEnum = graphqlEnum(CONFLICT_RESOLUTIONS, {
  name: 'ConflictResolution',
  description: 'Which value settled a conflict',
  valuesConfig: {
    PORTAL_VALUE: { description: "The portal's value was kept" },
    ZOHO_VALUE: { description: "Zoho's value was kept" },
    CUSTOM_VALUE: { description: 'A reviewer entered a value neither side had' },
  },
});

export const ConflictClearedReasonEnum = graphqlEnum(CONFLICT_CLEARED_REASONS, {
  name: 'ConflictClearedReason',
  description: 'Why a conflict ended without a resolution (cleared by sync-engine)',
  valuesConfig: {
    CONVERGED: {
      description:
        "The two sides no longer disagree: they hold the same value, or one side went back to the last-synced value and the other's change synced",
    },
    RECORD_DELETED: { description: 'The record was deleted in the portal or in Zoho' },
    FIELD_UNMAPPED: { description: 'The field is no longer mapped both ways' },
  },
});

export const ConflictKeepChoiceEnum = graphqlEnum(CONFLICT_KEEP_CHOICES, {
  name: 'ConflictKeep',
  description: 'What a reviewer keeps when resolving a conflict',
  valuesConfig: {
    PORTAL: { description: "The portal's value" },
    ZOHO: { description: "Zoho's value" },
    VALUE: { description: 'The value given, checked against the field type and Zoho picklist' },
  },
});

export const OnCreateStageStrategyEnum = graphqlEnum(ON_CREATE_STAGE_STRATEGIES, {
  name: 'OnCreateStageStrategy',
  description: 'How a deal created in the portal gets its first Zoho stage',
  valuesConfig: {
    STATIC: { description: 'Always the one stage named' },
    INFER: { description: 'The stage its portal phase maps to outbound' },
    MANUAL: { description: 'A table of its own: portal phase → first Zoho stage' },
  },
});

export const MatchKeyKindEnum = graphqlEnum(MATCH_KEY_KINDS, {
  name: 'MatchKeyKind',
  description: 'How a portal deal finds its Zoho deal',
  valuesConfig: {
    ZOHO_ID: { description: 'The Zoho id stored on the link' },
    EXTERNAL_ID: { description: 'A Zoho external-id field holding the portal id (recommended: never duplicates)' },
    DUPLICATE_CHECK: { description: "A unique Zoho field Zoho's duplicate check matches on" },
  },
});

export const ProblemSeverityEnum = graphqlEnum(PROBLEM_SEVERITIES, {
  name: 'ProblemSeverity',
  description: 'How bad a configuration problem is',
  valuesConfig: {
    ERROR: { description: 'Refuses the save' },
    WARNING: { description: 'Reported; the save goes ahead' },
  },
});

export const MappingChangeKindEnum = graphqlEnum(MAPPING_CHANGE_KINDS, {
  name: 'MappingChangeKind',
  description: 'How one part of a mapping differs between two versions',
});

export const DealOutcomeEnum = graphqlEnum(DEAL_OUTCOMES, {
  name: 'DealOutcome',
  description: 'Where a portal deal phase leaves a deal',
  valuesConfig: {
    OPEN: { description: 'The deal is still being worked on' },
    WON: { description: 'Terminal: the deal was won' },
    LOST: { description: 'Terminal: the deal was lost' },
  },
});

export const PortalFieldTypeEnum = graphqlEnum(PORTAL_FIELD_TYPES, {
  name: 'PortalFieldType',
  description: 'The value type of a portal deal field',
  valuesConfig: {
    LOOKUP: { description: 'A reference to another portal record or user (standard fields only)' },
  },
});

export const RecordSyncStatusEnum = graphqlEnum(RECORD_SYNC_STATUSES, {
  name: 'RecordSyncStatus',
  description: 'Where a portal record stands with Zoho',
  valuesConfig: {
    PENDING: { description: 'Changed on the portal; not yet written to Zoho' },
    SYNCED: { description: 'Equal to its Zoho record as of the last sync' },
    FAILED: { description: 'The last sync of the record failed; see lastSyncError' },
    HELD: { description: 'A new deal held as a registration collision; not written to Zoho until a tenant admin approves it' },
  },
});

export const RegistrationCollisionStatusEnum = graphqlEnum(REGISTRATION_COLLISION_STATUSES, {
  name: 'RegistrationCollisionStatus',
  description: 'Where a deal-registration collision stands',
  valuesConfig: {
    HELD: { description: 'The later deal waits for a tenant admin; it is not written to Zoho' },
    APPROVED: { description: 'Approved: the later deal syncs as a new deal' },
    MERGED: { description: 'Merged into the first deal: the later deal was deleted, never synced' },
    REJECTED: { description: 'Rejected: the later deal was deleted, never synced' },
  },
});

export const RegistrationDecisionEnum = graphqlEnum(REGISTRATION_DECISIONS, {
  name: 'RegistrationDecision',
  description: 'What a tenant admin decides about a held deal registration',
  valuesConfig: {
    APPROVE: { description: 'Let the held deal sync to Zoho as a new deal' },
    MERGE: { description: 'Copy the fields the first deal lacks onto it, then delete the held deal' },
    REJECT: { description: 'Delete the held deal; it never syncs' },
  },
});

export const CreditThrottleLevelEnum = graphqlEnum(CREDIT_THROTTLE_LEVELS, {
  name: 'CreditThrottleLevel',
  description: 'How far an integration slowed its syncing to stay inside its Zoho credit budget (polls slow first, writes last)',
  valuesConfig: {
    NORMAL: { description: 'Syncing at full speed' },
    SLOW_POLLS: { description: 'The incremental poll runs at a quarter of its rate' },
    NO_POLLS: { description: 'Polls and full reads stopped; notified changes and writes go on' },
    PAUSED: { description: 'Nothing calls Zoho until Zoho releases credits' },
  },
});

export const ApiKeyRightEnum = graphqlEnum(API_KEY_RIGHTS, {
  name: 'ApiKeyRight',
  description: "What a partner system's API key may do through the gateway; no right runs a mutation",
  valuesConfig: {
    READ: { description: "Run queries over the key's tenant" },
    SUBSCRIBE: { description: 'Open subscriptions (live deal updates)' },
  },
});

export const WebhookEventTypeEnum = graphqlEnum(WEBHOOK_EVENT_TYPES, {
  name: 'WebhookEventType',
  description: 'What a partner webhook endpoint is sent',
  valuesConfig: {
    DEAL_UPDATED: { description: 'A deal was created, changed or deleted (payload type `deal.updated`)' },
  },
});

export const WebhookEndpointStatusEnum = graphqlEnum(WEBHOOK_ENDPOINT_STATUSES, {
  name: 'WebhookEndpointStatus',
  description: 'Whether a webhook endpoint receives deliveries',
  valuesConfig: {
    ENABLED: { description: 'Matching events are delivered' },
    DISABLED: { description: 'Nothing is sent; disabledReason says whether an admin or repeated failures disabled it' },
  },
});

export const WebhookDeliveryStatusEnum = graphqlEnum(WEBHOOK_DELIVERY_STATUSES, {
  name: 'WebhookDeliveryStatus',
  description: 'Where one webhook delivery stands',
  valuesConfig: {
    PENDING: { description: 'Not yet answered with a 2xx; sent or retried when due' },
    DELIVERED: { description: 'The endpoint answered with a 2xx' },
    FAILED: { description: 'Every retry failed; replayWebhookDelivery sends it again' },
  },
});

export const RecordOperationEnum = graphqlEnum(RECORD_OPERATIONS, {
  name: 'RecordOperation',
  description: 'What was done to a portal record',
});

export const RecordChangeOriginEnum = graphqlEnum(RECORD_CHANGE_ORIGINS, {
  name: 'RecordChangeOrigin',
  description: 'Which side a change to a portal record came from',
  valuesConfig: {
    PORTAL: { description: "The portal's GraphQL API or its Kafka writes" },
    ZOHO: { description: 'Inbound sync brought a change made in Zoho CRM' },
    CONFLICT_RESOLUTION: { description: 'A conflict was resolved, by policy or by a person' },
  },
});
