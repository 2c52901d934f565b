import { z } from 'zod';

/**
 * The words every service, event and GraphQL type uses for the same things, each spelled once.
 * A list is the source: its TypeScript type, its zod schema (for events, config and inputs) and
 * its GraphQL enum (`@crm-bridge/contracts` `graphql-enums.ts`) are derived from it, so a new value is added in one place.
 */

/** Portal record kinds kept in sync; each pairs with a Zoho CRM module of the same meaning. */
export const RECORD_MODULES = ['DEALS', 'CONTACTS', 'LEADS', 'ACCOUNTS'] as const;
export type RecordModule = (typeof RECORD_MODULES)[number];

/** The Zoho module portal contacts sync with: orgs that qualify people first keep them as Leads. */
export const CONTACT_TARGET_MODULES = ['LEADS', 'CONTACTS'] as const;
export type ContactTargetModule = (typeof CONTACT_TARGET_MODULES)[number];

/**
 * Zoho's data centres. An org lives in exactly one, and its accounts server and API domain belong
 * to it (a token from accounts.zoho.eu only works on EU domains). Zoho itself writes them in lower
 * case (`location=eu` on the OAuth redirect); `zohoLocationOf` converts at that edge.
 */
export const ZOHO_DATA_CENTRES = ['US', 'EU', 'IN', 'AU', 'JP', 'CN', 'CA', 'SA'] as const;
export type ZohoDataCentre = (typeof ZOHO_DATA_CENTRES)[number];

/**
 * Zoho CRM REST API versions a connection can be set to call (v1 reached end of life in 2018).
 * Zoho spells them `v2`, `v2.1`, … `v8` in its URLs; GraphQL enum values cannot hold a dot, so
 * the words are `V2`, `V2_1`, … and `zohoApiVersionPath` converts at the URL edge.
 */
export const ZOHO_API_VERSIONS = ['V2', 'V2_1', 'V3', 'V4', 'V5', 'V6', 'V7', 'V8'] as const;
export type ZohoApiVersion = (typeof ZOHO_API_VERSIONS)[number];

/** The current version, and what a connection calls unless an admin chose another. */
export const DEFAULT_ZOHO_API_VERSION: ZohoApiVersion = 'V8';

/**
 * How sync reads a Zoho module: `AUTOMATIC` picks by size (COQL pages for small reads, Bulk Read
 * above its threshold, the REST list where COQL cannot go), or one forced for every read —
 * `REST_LIST` for orgs whose edition or scopes lack COQL, `BULK_READ` for very large orgs.
 */
export const ZOHO_READ_STRATEGIES = ['AUTOMATIC', 'COQL', 'BULK_READ', 'REST_LIST'] as const;
export type ZohoReadStrategy = (typeof ZOHO_READ_STRATEGIES)[number];

export const DEFAULT_ZOHO_READ_STRATEGY: ZohoReadStrategy = 'AUTOMATIC';

/**
 * What a manual sync reads from Zoho: every record (from the integration's "sync records from"
 * date), or only those modified since the last sync.
 */
export const SYNC_MODES = ['FULL', 'MODIFIED_SINCE_LAST_SYNC'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

/** Which way one record was being synced (a sync issue, a run's per-record outcome). */
export const SYNC_DIRECTIONS = ['PORTAL_TO_ZOHO', 'ZOHO_TO_PORTAL'] as const;
export type SyncDirection = (typeof SYNC_DIRECTIONS)[number];

/** Which way a module or a mapped field syncs: one way, or both. */
export const MAPPING_DIRECTIONS = ['PORTAL_TO_ZOHO', 'ZOHO_TO_PORTAL', 'BOTH'] as const;
export type MappingDirection = (typeof MAPPING_DIRECTIONS)[number];

/** Which value survives when a field changed on both sides since the last sync (ARCHITECTURE §6). */
export const CONFLICT_POLICIES = ['ZOHO_WINS', 'PORTAL_WINS', 'LATEST_CHANGE_WINS', 'MANUAL_REVIEW'] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

/** Which value settled a conflict: the portal's, Zoho's, or one a reviewer gave that neither side had. */
export const CONFLICT_RESOLUTIONS = ['PORTAL_VALUE', 'ZOHO_VALUE', 'CUSTOM_VALUE'] as const;
export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number];

/**
 * Why a reported conflict ended without a resolution: the field no longer differs between the two
 * sides in a way sync calls a conflict (`CONVERGED`: both now hold the same value, or one side went
 * back to the last-synced value and the other's change syncs as usual), the record was deleted on
 * either side (`RECORD_DELETED`), or the field is no longer mapped both ways (`FIELD_UNMAPPED`).
 */
export const CONFLICT_CLEARED_REASONS = ['CONVERGED', 'RECORD_DELETED', 'FIELD_UNMAPPED'] as const;
export type ConflictClearedReason = (typeof CONFLICT_CLEARED_REASONS)[number];

/**
 * What a reviewer keeps when resolving a conflict by hand: the portal's value, Zoho's value, or a
 * value of their own (checked against the field's type and Zoho's picklist). Each settles the
 * conflict with the matching {@link CONFLICT_RESOLUTIONS} word.
 */
export const CONFLICT_KEEP_CHOICES = ['PORTAL', 'ZOHO', 'VALUE'] as const;
export type ConflictKeepChoice = (typeof CONFLICT_KEEP_CHOICES)[number];

/**
 * Where a change to a portal record came from: the portal (its GraphQL API or its writes over
 * Kafka), Zoho (a Zoho user or app, brought in by inbound sync), or a conflict's resolution.
 */
export const RECORD_CHANGE_ORIGINS = ['PORTAL', 'ZOHO', 'CONFLICT_RESOLUTION'] as const;
export type RecordChangeOrigin = (typeof RECORD_CHANGE_ORIGINS)[number];

/**
 * Where a portal record stands with Zoho: changed on the portal and not yet written to Zoho
 * (`PENDING`), equal to Zoho as of the last sync (`SYNCED`), or refused by the last attempt
 * (`FAILED`, with the reason on the record), or a new deal held as a registration collision until a
 * tenant admin decides it (`HELD`: stored on the portal, not written to Zoho).
 */
export const RECORD_SYNC_STATUSES = ['PENDING', 'SYNCED', 'FAILED', 'HELD'] as const;
export type RecordSyncStatus = (typeof RECORD_SYNC_STATUSES)[number];

/**
 * Where a deal-registration collision stands: `HELD` (the later deal waits, not written to Zoho),
 * or decided by a tenant admin — `APPROVED` (it syncs as a new deal), `MERGED` (folded into the
 * first deal and deleted), `REJECTED` (deleted, never synced).
 */
export const REGISTRATION_COLLISION_STATUSES = ['HELD', 'APPROVED', 'MERGED', 'REJECTED'] as const;
export type RegistrationCollisionStatus = (typeof REGISTRATION_COLLISION_STATUSES)[number];

/** What a tenant admin decides about a held registration (each leads to the status of the same stem). */
export const REGISTRATION_DECISIONS = ['APPROVE', 'MERGE', 'REJECT'] as const;
export type RegistrationDecision = (typeof REGISTRATION_DECISIONS)[number];

/**
 * How far an integration has slowed its syncing to stay inside its Zoho credit budget, in the
 * order it slows down: polls first, writes last. `NORMAL`; `SLOW_POLLS` (the incremental poll
 * runs at a quarter of its rate); `NO_POLLS` (polls and full reads stop; notified changes and
 * writes go on); `PAUSED` (nothing calls Zoho until credits are released).
 */
export const CREDIT_THROTTLE_LEVELS = ['NORMAL', 'SLOW_POLLS', 'NO_POLLS', 'PAUSED'] as const;
export type CreditThrottleLevel = (typeof CREDIT_THROTTLE_LEVELS)[number];

/** What happened to a record. */
export const RECORD_OPERATIONS = ['CREATED', 'UPDATED', 'DELETED'] as const;
export type RecordOperation = (typeof RECORD_OPERATIONS)[number];

/** What a portal asks to be done to one of its records (a request; {@link RECORD_OPERATIONS} say what was done). */
export const PORTAL_WRITE_OPERATIONS = ['CREATE', 'UPDATE', 'DELETE'] as const;
export type PortalWriteOperation = (typeof PORTAL_WRITE_OPERATIONS)[number];

/**
 * How a new portal deal gets its first Zoho stage: one fixed stage (`STATIC`), the stage its
 * portal phase maps to outbound (`INFER`), or a table of its own per portal phase (`MANUAL`).
 */
export const ON_CREATE_STAGE_STRATEGIES = ['STATIC', 'INFER', 'MANUAL'] as const;
export type OnCreateStageStrategy = (typeof ON_CREATE_STAGE_STRATEGIES)[number];

/**
 * How a portal deal finds its Zoho deal: by the Zoho id stored on the link (`ZOHO_ID`), by a Zoho
 * external-id field holding the portal id (`EXTERNAL_ID`, recommended: upsert by it never
 * duplicates), or by a unique Zoho field Zoho's duplicate check matches on (`DUPLICATE_CHECK`).
 */
export const MATCH_KEY_KINDS = ['ZOHO_ID', 'EXTERNAL_ID', 'DUPLICATE_CHECK'] as const;
export type MatchKeyKind = (typeof MATCH_KEY_KINDS)[number];

/**
 * Where a deal stands: still open, or closed won or lost. A Zoho stage's forecast category and a
 * portal phase both say it (Zoho spells it in the stage's `forecast_type`: `Open`, `Closed Won`,
 * `Closed Lost`, converted where its metadata is read).
 */
export const DEAL_OUTCOMES = ['OPEN', 'WON', 'LOST'] as const;
export type DealOutcome = (typeof DEAL_OUTCOMES)[number];

/** The value types of portal record fields (standard and tenant custom fields). */
export const PORTAL_FIELD_TYPES = [
  'TEXT',
  'TEXT_AREA',
  'INTEGER',
  'DECIMAL',
  'CURRENCY',
  'PERCENT',
  'BOOLEAN',
  'DATE',
  'DATE_TIME',
  'PICKLIST',
  'MULTI_PICKLIST',
  'EMAIL',
  'PHONE',
  'URL',
  'LOOKUP',
] as const;
export type PortalFieldType = (typeof PORTAL_FIELD_TYPES)[number];

/** How bad a configuration problem is: an `ERROR` refuses the save, a `WARNING` is reported and saved. */
export const PROBLEM_SEVERITIES = ['ERROR', 'WARNING'] as const;
export type ProblemSeverity = (typeof PROBLEM_SEVERITIES)[number];

/** How one part of a mapping differs between two versions. */
export const MAPPING_CHANGE_KINDS = ['ADDED', 'REMOVED', 'CHANGED'] as const;
export type MappingChangeKind = (typeof MAPPING_CHANGE_KINDS)[number];

/**
 * What a partner system's API key may do through the gateway: `READ` runs queries, `SUBSCRIBE`
 * opens subscriptions (live deal updates). No right writes: a key never runs a mutation.
 */
export const API_KEY_RIGHTS = ['READ', 'SUBSCRIBE'] as const;
export type ApiKeyRight = (typeof API_KEY_RIGHTS)[number];

/** What a partner webhook endpoint subscribes to; `DEAL_UPDATED` is the `deal.updated` event (payload type `deal.updated`). */
export const WEBHOOK_EVENT_TYPES = ['DEAL_UPDATED'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Whether a webhook endpoint receives deliveries; a `DISABLED` one (by an admin or after repeated failures) says why. */
export const WEBHOOK_ENDPOINT_STATUSES = ['ENABLED', 'DISABLED'] as const;
export type WebhookEndpointStatus = (typeof WEBHOOK_ENDPOINT_STATUSES)[number];

/** Where one webhook delivery stands: still to be sent or retried, answered with a 2xx, or given up after its last retry. */
export const WEBHOOK_DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** A zod enum over one of the lists above whose error names every accepted value. */
export function vocabularySchema<const TValues extends readonly [string, ...string[]]>(values: TValues) {
  return z.enum(values as unknown as [TValues[number], ...TValues[number][]], {
    errorMap: () => ({ message: `must be one of ${values.join(', ')}` }),
  });
}

export const recordModuleSchema = vocabularySchema(RECORD_MODULES);
export const contactTargetModuleSchema = vocabularySchema(CONTACT_TARGET_MODULES);
export const zohoDataCentreSchema = vocabularySchema(ZOHO_DATA_CENTRES);
export const zohoApiVersionSchema = vocabularySchema(ZOHO_API_VERSIONS);
export const zohoReadStrategySchema = vocabularySchema(ZOHO_READ_STRATEGIES);
export const syncDirectionSchema = vocabularySchema(SYNC_DIRECTIONS);
export const syncModeSchema = vocabularySchema(SYNC_MODES);
export const mappingDirectionSchema = vocabularySchema(MAPPING_DIRECTIONS);
export const conflictPolicySchema = vocabularySchema(CONFLICT_POLICIES);
export const conflictResolutionSchema = vocabularySchema(CONFLICT_RESOLUTIONS);
export const conflictClearedReasonSchema = vocabularySchema(CONFLICT_CLEARED_REASONS);
export const conflictKeepChoiceSchema = vocabularySchema(CONFLICT_KEEP_CHOICES);
export const recordChangeOriginSchema = vocabularySchema(RECORD_CHANGE_ORIGINS);
export const recordOperationSchema = vocabularySchema(RECORD_OPERATIONS);
export const portalWriteOperationSchema = vocabularySchema(PORTAL_WRITE_OPERATIONS);
export const recordSyncStatusSchema = vocabularySchema(RECORD_SYNC_STATUSES);
export const registrationCollisionStatusSchema = vocabularySchema(REGISTRATION_COLLISION_STATUSES);
export const registrationDecisionSchema = vocabularySchema(REGISTRATION_DECISIONS);
export const onCreateStageStrategySchema = vocabularySchema(ON_CREATE_STAGE_STRATEGIES);
export const matchKeyKindSchema = vocabularySchema(MATCH_KEY_KINDS);
export const dealOutcomeSchema = vocabularySchema(DEAL_OUTCOMES);
export const portalFieldTypeSchema = vocabularySchema(PORTAL_FIELD_TYPES);
export const problemSeveritySchema = vocabularySchema(PROBLEM_SEVERITIES);
export const mappingChangeKindSchema = vocabularySchema(MAPPING_CHANGE_KINDS);
export const apiKeyRightSchema = vocabularySchema(API_KEY_RIGHTS);
export const webhookEventTypeSchema = vocabularySchema(WEBHOOK_EVENT_TYPES);
export const webhookEndpointStatusSchema = vocabularySchema(WEBHOOK_ENDPOINT_STATUSES);
export const webhookDeliveryStatusSchema = vocabularySchema(WEBHOOK_DELIVERY_STATUSES);

/** Zoho's own spelling of a data centre (`location` on the OAuth redirect, e.g. `eu`). */
export function zohoLocationOf(dataCentre: ZohoDataCentre): Lowercase<ZohoDataCentre> {
  return dataCentre.toLowerCase() as Lowercase<ZohoDataCentre>;
}

/** Zoho's spelling of an API version, the path segment of its URLs: `V2_1` → `v2.1` (`/crm/v2.1/org`). */
export function zohoApiVersionPath(version: ZohoApiVersion): string {
  return version.toLowerCase().replace('_', '.');
}

/** Our data centre for Zoho's `location` (`eu` → `EU`); undefined for a location Zoho does not have. */
export function dataCentreOfZohoLocation(location: string): ZohoDataCentre | undefined {
  const upper = location.toUpperCase();
  return (ZOHO_DATA_CENTRES as readonly string[]).includes(upper) ? (upper as ZohoDataCentre) : undefined;
}
