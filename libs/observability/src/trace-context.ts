import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';
import { redactSecretText } from './secret-redaction';

/** The instrumentation scope of every span CRM Bridge code creates. */
export const TRACER_NAME = 'crm-bridge';

export { SpanKind, SpanStatusCode, type Span, type Attributes, type Context };

/** Headers as Node (`IncomingHttpHeaders`), Express or a plain record hands them over. */
export type TraceCarrier = Readonly<Record<string, string | string[] | undefined>>;

const carrierGetter: TextMapGetter<TraceCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    // HTTP header names are case-insensitive; Node lower-cases them, other carriers may not.
    const value = carrier[key] ?? carrier[Object.keys(carrier).find((name) => name.toLowerCase() === key) ?? ''];
    return Array.isArray(value) ? value[0] : value;
  },
};

/**
 * The context a remote caller sent (`traceparent`/`tracestate`), to parent a server or consumer
 * span. Returns the empty root context when tracing is off or nothing valid was sent.
 */
export function extractTraceContext(carrier: TraceCarrier): Context {
  return propagation.extract(ROOT_CONTEXT, carrier, carrierGetter);
}

/**
 * `traceparent` (and `tracestate`) for the active span, to send along with an outgoing call or
 * message. Empty when tracing is off or no span is active: nothing is ever invented.
 *
 * @example
 *   traceContextHeaders() // → { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }
 */
export function traceContextHeaders(from: Context = context.active()): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!trace.getSpanContext(from)) {
    return headers;
  }
  propagation.inject(from, headers);
  return headers;
}

/** The span active in the current context, if any (a no-op span when tracing is off). */
export function activeSpan(): Span | undefined {
  return trace.getActiveSpan();
}

/** Trace and span id of the active span, for log lines; `undefined` outside a recorded span. */
export function activeTraceIds(): { traceId: string; spanId: string } | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) {
    return undefined;
  }
  return { traceId: spanContext.traceId, spanId: spanContext.spanId };
}

export interface SpanOptions {
  readonly kind?: SpanKind;
  readonly attributes?: Attributes;
  /** Parent context; the active one by default (use {@link extractTraceContext} for a remote parent). */
  readonly parent?: Context;
  readonly links?: Link[];
}

/**
 * Runs `work` in a new active span and ends it when `work` settles. A thrown error is recorded on
 * the span (status ERROR) and re-thrown. With tracing off the span is a no-op and costs a few
 * function calls.
 *
 * @example
 *   await inSpan('mapping.publish', { attributes: { 'crm_bridge.integration_id': id } }, () => publish(id));
 */
export function inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T> | T): Promise<T> {
  const tracer = trace.getTracer(TRACER_NAME);
  const parent = options.parent ?? context.active();
  return tracer.startActiveSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      ...(options.attributes ? { attributes: options.attributes } : {}),
      ...(options.links ? { links: options.links } : {}),
    },
    parent,
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        markSpanFailed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * Runs one call to another system (Zoho, an HTTP API) in a CLIENT span, child of the active span.
 * Attributes should be low-cardinality facts about the call (operation, module), never secrets.
 *
 * @example zoho-client
 *   return inClientSpan('zoho records.list', { 'crm_bridge.zoho.operation': 'records.list', 'url.full': url }, async (span) => {
 *     const response = await fetch(url, { headers: { ...headers, ...traceContextHeaders() } });
 *     span.setAttribute('http.response.status_code', response.status);
 *     return response;
 *   });
 */
export function inClientSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T> | T): Promise<T> {
  return inSpan(name, { kind: SpanKind.CLIENT, attributes }, work);
}

/**
 * Starts a span that the caller ends itself (for work whose end is an event, e.g. an HTTP
 * response's `finish`), child of `parent`. Returns it with the context in which it is active.
 */
export function startSpan(name: string, options: SpanOptions): { span: Span; context: Context } {
  const parent = options.parent ?? context.active();
  const span = trace.getTracer(TRACER_NAME).startSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      ...(options.attributes ? { attributes: options.attributes } : {}),
      ...(options.links ? { links: options.links } : {}),
    },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

/** Runs `work` with `active` as the active context (e.g. one returned by {@link startSpan}). */
export function runInContext<T>(active: Context, work: () => T): T {
  return context.with(active, work);
}

/**
 * Records `error` on `span` and sets its status to ERROR. Messages and stacks are redacted like
 * log lines: spans leave the process too, and an upstream error may quote a token.
 */
export function markSpanFailed(span: Span, error: unknown): void {
  const message = redactSecretText(error instanceof Error ? error.message : String(error));
  if (error instanceof Error) {
    span.recordException({ name: error.name, message, ...(error.stack ? { stack: redactSecretText(error.stack) } : {}) });
  }
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}
