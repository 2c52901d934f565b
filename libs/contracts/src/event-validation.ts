import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { envelopeFieldsSchema } from './event-envelope';
import {
  eventCatalog,
  EVENT_TYPES,
  isKnownEventType,
  type CrmBridgeEvent,
  type CrmBridgeEventType,
  type EventOfType,
} from './event-catalog';

/** One problem with one field of an event, e.g. `{ field: 'data.version', reason: 'must be at least 1' }`. */
export interface EventFieldIssue {
  readonly field: string;
  readonly reason: string;
}

/**
 * An event that does not match its contract. Permanent: retrying cannot fix it, so consumers
 * send it to the dead-letter topic at once. The message names every bad field.
 */
export class EventValidationError extends Error {
  constructor(
    readonly eventId: string | undefined,
    readonly eventType: string | undefined,
    readonly issues: readonly EventFieldIssue[],
  ) {
    super(
      `invalid ${eventType ?? 'event'}${eventId ? ` ${eventId}` : ''}: ` +
        issues.map((issue) => `${issue.field}: ${issue.reason}`).join('; '),
    );
    this.name = 'EventValidationError';
  }
}

/**
 * Checks an envelope-shaped value against the contract of its `type` and returns it typed.
 * Throws {@link EventValidationError} naming each bad field (`type`, `schemaVersion`,
 * `data.changedFields.0`, …). When `consumedFromTopic` is given, the type must belong to it.
 */
export function parseEvent(candidate: unknown, consumedFromTopic?: string): CrmBridgeEvent {
  const record = (typeof candidate === 'object' && candidate !== null ? candidate : {}) as Record<string, unknown>;
  const eventId = typeof record['eventId'] === 'string' ? record['eventId'] : undefined;
  const type = record['type'];
  if (typeof type !== 'string' || !isKnownEventType(type)) {
    throw new EventValidationError(eventId, typeof type === 'string' ? type : undefined, [
      { field: 'type', reason: `must be one of ${EVENT_TYPES.join(', ')}` },
    ]);
  }
  const definition = eventCatalog[type];
  const issues: EventFieldIssue[] = [];
  if (consumedFromTopic !== undefined && definition.topic !== consumedFromTopic) {
    issues.push({ field: 'type', reason: `${type} events belong on ${definition.topic}, not ${consumedFromTopic}` });
  }
  const envelope = envelopeFieldsSchema.safeParse(record);
  if (!envelope.success) {
    issues.push(...toFieldIssues(envelope.error));
  }
  const schemaVersion = record['schemaVersion'];
  if (typeof schemaVersion === 'number' && schemaVersion > definition.schemaVersion) {
    issues.push({
      field: 'schemaVersion',
      reason: `${schemaVersion} is newer than ${definition.schemaVersion}, the newest this code understands`,
    });
  }
  const data = (definition.data as z.ZodTypeAny).safeParse(record['data']);
  if (!data.success) {
    issues.push(...toFieldIssues(data.error, 'data'));
  }
  if (issues.length > 0 || !envelope.success || !data.success) {
    throw new EventValidationError(eventId, type, issues);
  }
  return { ...envelope.data, type, data: data.data as unknown } as CrmBridgeEvent;
}

/** What a producer supplies; the id, time and schema version are filled in. */
export type NewEventFields<TType extends CrmBridgeEventType> = Omit<
  EventOfType<TType>,
  'eventId' | 'type' | 'schemaVersion' | 'occurredAt'
> & {
  readonly occurredAt?: Date;
};

/**
 * Builds a validated event of the current schema version with a fresh `eventId`, so a producer
 * bug (a missing field) fails where the event is made, not in every consumer.
 *
 * @example
 *   const event = createEvent('mapping.published', { source: 'mapping-config', tenantId, integrationId,
 *     subject: version.id, correlationId, data: { mappingVersionId: version.id, version: 3, publishedByUserId } });
 */
export function createEvent<TType extends CrmBridgeEventType>(type: TType, fields: NewEventFields<TType>): EventOfType<TType> {
  const { occurredAt, ...rest } = fields;
  return parseEvent({
    ...rest,
    eventId: randomUUID(),
    type,
    schemaVersion: eventCatalog[type].schemaVersion,
    occurredAt: (occurredAt ?? new Date()).toISOString(),
  }) as EventOfType<TType>;
}

function toFieldIssues(error: z.ZodError, prefix?: string): EventFieldIssue[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter((part) => part !== undefined && part !== '').join('.') || (prefix ?? '(event)'),
    reason: issue.message,
  }));
}
