import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_FULL,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';

/**
 * Span attribute names used across services. HTTP ones are stable semantic conventions imported
 * from the package; GraphQL and messaging ones are still "incubating" upstream, whose constants
 * the OpenTelemetry project asks users to copy rather than import (they may be renamed between
 * minor versions), so they are spelled out here.
 */
export const SpanAttributes = {
  httpRequestMethod: ATTR_HTTP_REQUEST_METHOD,
  httpResponseStatusCode: ATTR_HTTP_RESPONSE_STATUS_CODE,
  httpRoute: ATTR_HTTP_ROUTE,
  urlFull: ATTR_URL_FULL,
  urlPath: ATTR_URL_PATH,
  graphqlOperationName: 'graphql.operation.name',
  graphqlOperationType: 'graphql.operation.type',
  messagingSystem: 'messaging.system',
  messagingOperationType: 'messaging.operation.type',
  messagingDestinationName: 'messaging.destination.name',
  messagingDestinationPartitionId: 'messaging.destination.partition.id',
  messagingConsumerGroupName: 'messaging.consumer.group.name',
  messagingMessageId: 'messaging.message.id',
  messagingKafkaMessageKey: 'messaging.kafka.message.key',
  messagingKafkaOffset: 'messaging.kafka.offset',
  /** Our own: the subgraph a gateway fetch goes to. */
  subgraphName: 'crm_bridge.subgraph.name',
  /** Our own: how many attempts a consumed event took. */
  eventAttempts: 'crm_bridge.event.attempts',
  eventType: 'crm_bridge.event.type',
  /** Our own: the Zoho API operation a client span covers (e.g. `records.list`). */
  zohoOperation: 'crm_bridge.zoho.operation',
} as const;
