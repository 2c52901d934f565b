import { redactSecretAndPersonalText, redactSecretsAndPersonalData } from '@crm-bridge/observability';
import type { ZohoExchange } from '@crm-bridge/zoho-client';

/** Largest stored summary of one body, in UTF-8 bytes. */
export const MAX_BODY_SUMMARY_BYTES = 2048;
/** Elements of an array kept in a summary; the rest is counted. */
const KEPT_ITEMS = 2;
/** Longest string value kept, in characters, after redaction. */
const MAX_STRING_CHARS = 200;
/** Nesting kept; deeper values are named by their kind only. */
const MAX_DEPTH = 6;
const TRUNCATED = '…[truncated]';

/** What a debug entry keeps of one Zoho exchange: nothing secret, no personal data, bounded bodies. */
export interface ExchangeSummary {
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  /** The query parameters as JSON, redacted. */
  readonly query: string;
  readonly status: number | null;
  readonly durationMs: number;
  readonly zohoErrorCode: string | null;
  readonly credits: number;
  readonly requestBody: string | null;
  readonly responseBody: string | null;
}

/**
 * The debug record of one exchange. Bodies keep their shape — every key, the length of every
 * array — with their first {@link KEPT_ITEMS} elements, secrets and personal data redacted
 * (`redactSecretsAndPersonalData`), strings cut to {@link MAX_STRING_CHARS} characters after
 * redaction (so half an address can never escape it) and the whole at most
 * {@link MAX_BODY_SUMMARY_BYTES} bytes.
 *
 * @example
 *   summarizeBody({ data: [{ Email: 'a@b.io' }, {}, {}] })
 *   // → '{"data":[{"Email":"[REDACTED]"},{},"… 1 more of 3"]}'
 */
export function summarizeExchange(exchange: ZohoExchange): ExchangeSummary {
  return {
    operation: exchange.operation,
    method: exchange.method,
    path: redactSecretAndPersonalText(exchange.path),
    query: JSON.stringify(redactSecretsAndPersonalData(exchange.query)),
    status: exchange.status,
    durationMs: exchange.durationMs,
    zohoErrorCode: exchange.errorCode ?? firstRecordErrorCode(exchange.responseBody),
    credits: exchange.credits,
    requestBody: summarizeBody(exchange.requestBody),
    responseBody: summarizeBody(exchange.responseBody),
  };
}

/** A body's redacted shape and first elements as JSON text of at most {@link MAX_BODY_SUMMARY_BYTES} bytes; null without a body. */
export function summarizeBody(body: unknown, maxBytes = MAX_BODY_SUMMARY_BYTES): string | null {
  if (body === undefined || body === null) {
    return null;
  }
  const redacted = redactSecretsAndPersonalData(shapeOf(body, 0));
  const text = JSON.stringify(cutStrings(redacted)) ?? String(redacted);
  return Buffer.byteLength(text) <= maxBytes ? text : cutToBytes(text, maxBytes);
}

/** The body with arrays cut to their first elements and a count of the rest; nothing redacted or shortened yet. */
function shapeOf(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (depth >= MAX_DEPTH) {
    return Array.isArray(value) ? `[array of ${value.length}]` : '[object]';
  }
  if (Array.isArray(value)) {
    const kept = value.slice(0, KEPT_ITEMS).map((item) => shapeOf(item, depth + 1));
    return value.length > KEPT_ITEMS ? [...kept, `… ${value.length - KEPT_ITEMS} more of ${value.length}`] : kept;
  }
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, shapeOf(entry, depth + 1)]));
}

function cutStrings(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.length > MAX_STRING_CHARS ? `${value.slice(0, MAX_STRING_CHARS)}${TRUNCATED}` : value;
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(cutStrings);
  }
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, cutStrings(entry)]));
}

/** The text cut so that it and the marker fit in `maxBytes` (no half character). */
function cutToBytes(text: string, maxBytes: number): string {
  const room = maxBytes - Buffer.byteLength(TRUNCATED);
  let kept = text.slice(0, room);
  while (Buffer.byteLength(kept) > room) {
    kept = kept.slice(0, -1);
  }
  return `${kept}${TRUNCATED}`;
}

/** A batch write answers per record (`data[].status/code`): its first refused record's code, when the call itself succeeded. */
function firstRecordErrorCode(body: unknown): string | null {
  const data = body !== null && typeof body === 'object' ? (body as { data?: unknown }).data : undefined;
  if (!Array.isArray(data)) {
    return null;
  }
  for (const item of data) {
    if (item !== null && typeof item === 'object') {
      const { status, code } = item as { status?: unknown; code?: unknown };
      if (status === 'error' && typeof code === 'string') {
        return code;
      }
    }
  }
  return null;
}
