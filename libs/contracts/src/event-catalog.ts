import type { z } from 'zod';
import { Topics, type TopicName } from './topics';
import type { EventEnvelope } from './event-envelope';
import { connectionConnectedDataSchema } from './events/connection-connected.event';
import { connectionDisconnectedDataSchema } from './events/connection-disconnected.event';
import { connectionNeedsReauthDataSchema } from './events/connection-needs-reauth.event';
import { connectionSettingsChangedDataSchema } from './events/connection-settings-changed.event';
import { integrationSettingsChangedDataSchema } from './events/integration-settings-changed.event';
import { mappingPublishedDataSchema } from './events/mapping-published.event';
import { portalDealSchemaChangedDataSchema } from './events/portal-deal-schema-changed.event';
import { portalRecordChangedDataSchema } from './events/portal-record-changed.event';
import { syncRunProgressedDataSchema } from './events/sync-run-progressed.event';
import { zohoNotificationReceivedDataSchema } from './events/zoho-notification-received.event';
import { portalDealSubmittedDataSchema } from './events/portal-deal-submitted.event';
import { portalDealRejectedDataSchema } from './events/portal-deal-rejected.event';
import { conflictDetectedDataSchema } from './events/conflict-detected.event';
import { conflictResolvedDataSchema } from './events/conflict-resolved.event';
import { conflictClearedDataSchema } from './events/conflict-cleared.event';
import { dealUpdatedDataSchema } from './events/deal-updated.event';
import { apiKeyRevokedDataSchema } from './events/api-key-revoked.event';
import { webhookEndpointDisabledDataSchema } from './events/webhook-endpoint-disabled.event';

interface EventDefinition {
  /** The one topic events of this type are published to. */
  readonly topic: TopicName;
  /** The newest `data` version this code produces and understands. */
  readonly schemaVersion: number;
  readonly data: z.ZodTypeAny;
}

/**
 * Every event type, its topic, its current schema version and the shape of its `data`. Adding an
 * event type means adding one entry here and one schema file under `events/`.
 */
export const eventCatalog = {
  'connection.connected': { topic: Topics.connections, schemaVersion: 1, data: connectionConnectedDataSchema },
  'connection.needs-reauth': { topic: Topics.connections, schemaVersion: 1, data: connectionNeedsReauthDataSchema },
  'connection.disconnected': { topic: Topics.connections, schemaVersion: 1, data: connectionDisconnectedDataSchema },
  'connection.settings-changed': { topic: Topics.connections, schemaVersion: 1, data: connectionSettingsChangedDataSchema },
  // auth-connector's credential events share its topic: a partner API key's revocation beside the Zoho connections' changes.
  'api-key.revoked': { topic: Topics.connections, schemaVersion: 1, data: apiKeyRevokedDataSchema },
  'mapping.published': { topic: Topics.mappings, schemaVersion: 1, data: mappingPublishedDataSchema },
  // mapping-config's configuration events share the mappings topic, so settings, the portal's deal
  // schema and mappings reach a consumer in the order they were saved, per integration.
  'integration.settings-changed': { topic: Topics.mappings, schemaVersion: 1, data: integrationSettingsChangedDataSchema },
  'portal-deal-schema.changed': { topic: Topics.mappings, schemaVersion: 1, data: portalDealSchemaChangedDataSchema },
  'portal-record.changed': { topic: Topics.portalRecordChanges, schemaVersion: 1, data: portalRecordChangedDataSchema },
  'sync-run.progressed': { topic: Topics.syncRuns, schemaVersion: 1, data: syncRunProgressedDataSchema },
  'zoho.notification-received': { topic: Topics.zohoNotifications, schemaVersion: 1, data: zohoNotificationReceivedDataSchema },
  // A portal's deal writes over Kafka, and their refusals, travel with the changes they cause, in
  // one order per integration.
  'portal-deal.submitted': { topic: Topics.portalRecordChanges, schemaVersion: 1, data: portalDealSubmittedDataSchema },
  'portal-deal.rejected': { topic: Topics.portalRecordChanges, schemaVersion: 1, data: portalDealRejectedDataSchema },
  // Detections, clearings and resolutions share the conflicts topic: per integration, a clearing or
  // resolution follows its detection.
  'conflict.detected': { topic: Topics.conflicts, schemaVersion: 1, data: conflictDetectedDataSchema },
  'conflict.cleared': { topic: Topics.conflicts, schemaVersion: 1, data: conflictClearedDataSchema },
  'conflict.resolved': { topic: Topics.conflicts, schemaVersion: 1, data: conflictResolvedDataSchema },
  'deal.updated': { topic: Topics.recordUpdates, schemaVersion: 1, data: dealUpdatedDataSchema },
  'webhook-endpoint.disabled': { topic: Topics.webhookEndpoints, schemaVersion: 1, data: webhookEndpointDisabledDataSchema },
} as const satisfies Record<string, EventDefinition>;

export type CrmBridgeEventType = keyof typeof eventCatalog;

export const EVENT_TYPES = Object.keys(eventCatalog) as CrmBridgeEventType[];

/** The discriminated union of every event, narrowed by `type`. */
export type CrmBridgeEvent = {
  [TType in CrmBridgeEventType]: EventEnvelope<TType, z.infer<(typeof eventCatalog)[TType]['data']>>;
}[CrmBridgeEventType];

export type EventOfType<TType extends CrmBridgeEventType> = Extract<CrmBridgeEvent, { type: TType }>;

export function isKnownEventType(type: string): type is CrmBridgeEventType {
  return Object.prototype.hasOwnProperty.call(eventCatalog, type);
}

/** The topic an event type is published to. */
export function topicOfEventType(type: CrmBridgeEventType): TopicName {
  return eventCatalog[type].topic;
}
