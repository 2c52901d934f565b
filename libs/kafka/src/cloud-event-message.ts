import type { IHeaders, Message } from 'kafkajs';
import { EventValidationError, parseEvent, type CrmBridgeEvent } from '@crm-bridge/contracts';
import { extractTraceContext, traceContextHeaders, type Context } from '@crm-bridge/observability';

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode: envelope attributes travel as
 * `ce_*` headers and the record value is `data` alone, as JSON. Extension attribute names must be
 * lowercase alphanumeric, hence `ce_tenantid` rather than `ce_tenant_id`.
 *
 * @example headers of a `mapping.published` record
 *   ce_specversion: 1.0            ce_type: mapping.published        ce_source: mapping-config
 *   ce_id: <eventId>               ce_time: 2026-11-22T08:00:00.000Z  ce_subject: <mapping version id>
 *   ce_tenantid: acme              ce_integrationid: <integration id> ce_correlationid: req-42
 *   ce_schemaversion: 1            content-type: application/json
 *   ce_traceparent: 00-<trace id>-<span id>-01   (only when tracing is on: CloudEvents distributed-tracing extension)
 */
export const CloudEventHeaders = {
  specVersion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  time: 'ce_time',
  subject: 'ce_subject',
  tenantId: 'ce_tenantid',
  integrationId: 'ce_integrationid',
  correlationId: 'ce_correlationid',
  schemaVersion: 'ce_schemaversion',
  /** CloudEvents distributed-tracing extension: the W3C trace context the event was created in. */
  traceParent: 'ce_traceparent',
  traceState: 'ce_tracestate',
  contentType: 'content-type',
} as const;

const SPEC_VERSION = '1.0';
const JSON_CONTENT_TYPE = 'application/json';

/**
 * The Kafka record for an event: key = integrationId (ARCHITECTURE §3), CloudEvents headers, JSON
 * data. `traceContext` (by default the active span's `traceparent`/`tracestate`, empty when tracing
 * is off) becomes `ce_traceparent`/`ce_tracestate`, so the consumer's span joins the producer's trace.
 */
export function toKafkaMessage(
  event: CrmBridgeEvent,
  traceContext: Readonly<Record<string, string>> = traceContextHeaders(),
): Message & { key: string; value: string; headers: Record<string, string> } {
  const traceParent = traceContext['traceparent'];
  const traceState = traceContext['tracestate'];
  return {
    key: event.integrationId,
    value: JSON.stringify(event.data),
    headers: {
      [CloudEventHeaders.specVersion]: SPEC_VERSION,
      [CloudEventHeaders.id]: event.eventId,
      [CloudEventHeaders.source]: event.source,
      [CloudEventHeaders.type]: event.type,
      [CloudEventHeaders.time]: event.occurredAt,
      [CloudEventHeaders.subject]: event.subject,
      [CloudEventHeaders.tenantId]: event.tenantId,
      [CloudEventHeaders.integrationId]: event.integrationId,
      [CloudEventHeaders.correlationId]: event.correlationId,
      [CloudEventHeaders.schemaVersion]: String(event.schemaVersion),
      ...(traceParent ? { [CloudEventHeaders.traceParent]: traceParent } : {}),
      ...(traceParent && traceState ? { [CloudEventHeaders.traceState]: traceState } : {}),
      [CloudEventHeaders.contentType]: JSON_CONTENT_TYPE,
    },
  };
}

/**
 * The producer's trace context carried by a record (`ce_traceparent`/`ce_tracestate`), to parent
 * the consumer's span; the empty root context when absent, malformed or tracing is off.
 */
export function traceContextOfRecord(headers: IHeaders | undefined): Context {
  const traceParent = headerText(headers, CloudEventHeaders.traceParent);
  if (!traceParent) {
    return extractTraceContext({});
  }
  const traceState = headerText(headers, CloudEventHeaders.traceState);
  return extractTraceContext({ traceparent: traceParent, ...(traceState ? { tracestate: traceState } : {}) });
}

/** A consumed record as kafkajs hands it over. */
export interface ConsumedRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: IHeaders;
}

/**
 * Reads an event back from a consumed record and validates it against its contract. Throws
 * {@link EventValidationError} naming the envelope field (or `data.<path>`) that is wrong; a
 * record that is not a CloudEvent at all is reported on `specversion` / `content-type`.
 */
export function fromKafkaMessage(topic: string, record: ConsumedRecord): CrmBridgeEvent {
  const header = (name: string) => headerText(record.headers, name);
  const eventId = header(CloudEventHeaders.id);
  const type = header(CloudEventHeaders.type);
  if (header(CloudEventHeaders.specVersion) !== SPEC_VERSION) {
    throw new EventValidationError(eventId, type, [
      { field: 'specversion', reason: `header ${CloudEventHeaders.specVersion} must be ${SPEC_VERSION}` },
    ]);
  }
  if (header(CloudEventHeaders.contentType) !== JSON_CONTENT_TYPE) {
    throw new EventValidationError(eventId, type, [{ field: 'content-type', reason: `header must be ${JSON_CONTENT_TYPE}` }]);
  }
  let data: unknown;
  try {
    data = record.value === null ? undefined : (JSON.parse(record.value.toString('utf8')) as unknown);
  } catch {
    throw new EventValidationError(eventId, type, [{ field: 'data', reason: 'record value must be a JSON document' }]);
  }
  const schemaVersion = header(CloudEventHeaders.schemaVersion);
  const event = parseEvent(
    {
      eventId,
      type,
      // A non-numeric header stays a string so validation reports it instead of turning it into NaN.
      schemaVersion: schemaVersion !== undefined && /^\d+$/.test(schemaVersion) ? Number(schemaVersion) : schemaVersion,
      occurredAt: header(CloudEventHeaders.time),
      source: header(CloudEventHeaders.source),
      tenantId: header(CloudEventHeaders.tenantId),
      integrationId: header(CloudEventHeaders.integrationId),
      subject: header(CloudEventHeaders.subject),
      correlationId: header(CloudEventHeaders.correlationId),
      data,
    },
    topic,
  );
  const key = record.key?.toString('utf8');
  if (key !== event.integrationId) {
    throw new EventValidationError(event.eventId, event.type, [
      { field: 'integrationId', reason: `must equal the record key (${key ?? 'none'})` },
    ]);
  }
  return event;
}

/** A header as text; kafkajs delivers header values as Buffers (or arrays for repeated keys). */
export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}
