/**
 * Kafka topic names (ARCHITECTURE §3). The `.v1` suffix is the topic's contract version: an
 * incompatible change to what a topic carries gets a new topic, so old and new consumers can
 * run side by side during a migration.
 */
export const Topics = {
  portalRecordChanges: 'crm-bridge.portal-record-changes.v1',
  syncRequests: 'crm-bridge.sync-requests.v1',
  zohoNotifications: 'crm-bridge.zoho-notifications.v1',
  recordUpdates: 'crm-bridge.record-updates.v1',
  conflicts: 'crm-bridge.conflicts.v1',
  mappings: 'crm-bridge.mappings.v1',
  connections: 'crm-bridge.connections.v1',
  syncRuns: 'crm-bridge.sync-runs.v1',
  webhookEndpoints: 'crm-bridge.webhook-endpoints.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export const ALL_TOPICS: readonly TopicName[] = Object.values(Topics);

/**
 * Where a consumer parks a message that keeps failing on `topic`, e.g.
 * `crm-bridge.mappings.v1.dlq`. One dead-letter topic per source topic keeps replays targeted.
 */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}
