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
export { mappingPublishedDataSchema, type MappingPublishedData } from './events/mapping-published.event';
export { portalRecordChangedDataSchema, type PortalRecordChangedData } from './events/portal-record-changed.event';
