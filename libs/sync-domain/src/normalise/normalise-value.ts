import type { PortalFieldType } from '@crm-bridge/vocabulary';
import type { CanonicalValue, ValueResult } from './canonical-value';
import { canonicalDecimal, decimalOfNumber } from './decimal';
import { instantOfWallClock, isKnownTimeZone, offsetMinutesAt, wallClockAsUtcMs, wallClockAt, type WallClockTime } from './time-zone';

/** A field's value as Zoho's JSON API reads and writes it; a lookup is `{ id }`. */
export type ZohoValue = string | number | boolean | null | readonly string[] | { readonly id: string };

/** The field a value belongs to: its name (for the problem) and its portal type. */
export interface TypedField {
  readonly name: string;
  readonly type: PortalFieldType;
}

/** Decimals a currency is spelled with at least (Zoho's default currency precision). */
const CURRENCY_SCALE = 2;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

const ok = <TValue>(value: TValue): ValueResult<TValue> => ({ ok: true, value });
const invalid = (field: TypedField, reason: string): ValueResult<never> => ({
  ok: false,
  problem: { field: field.name, code: 'INVALID_VALUE', reason },
});

/**
 * A value the portal sent (GraphQL input or a record-change event) in its canonical spelling, or
 * why it is not a value of the field's type.
 *
 * @example normalisePortalValue({ name: 'amount', type: 'CURRENCY' }, '1200.5') → { ok: true, value: '1200.50' }
 */
export function normalisePortalValue(field: TypedField, raw: unknown): ValueResult<CanonicalValue> {
  if (raw === null || raw === undefined) {
    return ok(null);
  }
  if (field.type === 'DATE_TIME') {
    return typeof raw === 'string' ? instantOfText(field, raw, undefined) : invalid(field, 'must be an ISO 8601 date-time');
  }
  return normaliseCommonValue(field, raw);
}

/**
 * A canonical value as Zoho's API takes it: numbers as JSON numbers (refused when a float cannot
 * hold every digit), date-times in the integration's time zone with its offset, lookups as `{ id }`.
 *
 * @example toZohoValue({ name: 'closesAt', type: 'DATE_TIME' }, '2026-03-01T08:00:00Z', 'Europe/Berlin') → '2026-03-01T09:00:00+01:00'
 */
export function toZohoValue(field: TypedField, value: CanonicalValue, timeZone: string): ValueResult<ZohoValue> {
  if (value === null) {
    return ok(null);
  }
  switch (field.type) {
    case 'INTEGER':
      return typeof value === 'number' ? ok(value) : invalid(field, 'must be a whole number');
    case 'DECIMAL':
    case 'PERCENT':
    case 'CURRENCY':
      return typeof value === 'string' ? numberOfDecimal(field, value) : invalid(field, 'must be a decimal string');
    case 'DATE_TIME':
      return typeof value === 'string' ? zohoDateTime(field, value, timeZone) : invalid(field, 'must be an instant');
    case 'LOOKUP':
      return typeof value === 'string' ? ok({ id: value }) : invalid(field, 'must be a record id');
    case 'TEXT':
    case 'TEXT_AREA':
    case 'EMAIL':
    case 'PHONE':
    case 'URL':
    case 'PICKLIST':
    case 'MULTI_PICKLIST':
    case 'BOOLEAN':
    case 'DATE':
      return ok(value);
  }
}

/**
 * A value Zoho sent in its canonical spelling: a date-time's offset is honoured (one without an
 * offset is read in the integration's time zone), a lookup `{ name, id }` becomes its id.
 *
 * @example fromZohoValue({ name: 'amount', type: 'CURRENCY' }, 1200.5, 'UTC') → { ok: true, value: '1200.50' }
 */
export function fromZohoValue(field: TypedField, raw: unknown, timeZone: string): ValueResult<CanonicalValue> {
  if (raw === null || raw === undefined) {
    return ok(null);
  }
  if (field.type === 'DATE_TIME') {
    return typeof raw === 'string' ? instantOfText(field, raw, timeZone) : invalid(field, 'must be an ISO 8601 date-time');
  }
  return normaliseCommonValue(field, raw);
}

/** What both sides spell alike: text, numbers, booleans, dates, picklists and lookups. */
function normaliseCommonValue(field: TypedField, raw: unknown): ValueResult<CanonicalValue> {
  switch (field.type) {
    case 'TEXT':
    case 'TEXT_AREA':
    case 'EMAIL':
    case 'PHONE':
    case 'URL':
      // Zoho answers an emptied text field with null: an empty string is the same empty field.
      return typeof raw === 'string' ? ok(raw === '' ? null : raw) : invalid(field, 'must be text');
    case 'PICKLIST':
      return typeof raw === 'string' && raw !== '' ? ok(raw) : invalid(field, 'must be a picklist value');
    case 'MULTI_PICKLIST':
      return Array.isArray(raw) && raw.every((item): item is string => typeof item === 'string' && item !== '')
        ? // Neither side gives the order a meaning; sorted, a reordering is no change.
          ok([...new Set(raw)].sort())
        : invalid(field, 'must be a list of picklist values');
    case 'INTEGER':
      return integerOf(field, raw);
    case 'DECIMAL':
    case 'PERCENT':
      return decimalOf(field, raw, 0);
    case 'CURRENCY':
      return decimalOf(field, raw, CURRENCY_SCALE);
    case 'BOOLEAN':
      return typeof raw === 'boolean'
        ? ok(raw)
        : raw === 'true' || raw === 'false'
          ? ok(raw === 'true')
          : invalid(field, 'must be true or false');
    case 'DATE':
      return typeof raw === 'string' && isCalendarDate(raw) ? ok(raw) : invalid(field, 'must be a date YYYY-MM-DD');
    case 'DATE_TIME':
      return invalid(field, 'must be an ISO 8601 date-time');
    case 'LOOKUP':
      return lookupIdOf(field, raw);
  }
}

function integerOf(field: TypedField, raw: unknown): ValueResult<CanonicalValue> {
  const value = typeof raw === 'string' && /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  return typeof value === 'number' && Number.isSafeInteger(value) ? ok(value === 0 ? 0 : value) : invalid(field, 'must be a whole number');
}

function decimalOf(field: TypedField, raw: unknown, minimumScale: number): ValueResult<CanonicalValue> {
  const text = typeof raw === 'number' ? decimalOfNumber(raw) : typeof raw === 'string' ? raw : undefined;
  const canonical = text === undefined ? undefined : canonicalDecimal(text, minimumScale);
  return canonical === undefined ? invalid(field, 'must be a decimal number, e.g. 1200.50') : ok(canonical);
}

function numberOfDecimal(field: TypedField, value: string): ValueResult<ZohoValue> {
  const asNumber = Number(value);
  const readBack = decimalOfNumber(asNumber);
  // The number Zoho receives must read back as the same decimal, or the round trip would drift.
  const minimumScale = field.type === 'CURRENCY' ? CURRENCY_SCALE : 0;
  return readBack !== undefined && canonicalDecimal(readBack, minimumScale) === canonicalDecimal(value, minimumScale)
    ? ok(asNumber)
    : invalid(field, 'has more digits than Zoho keeps (15 significant digits)');
}

function lookupIdOf(field: TypedField, raw: unknown): ValueResult<CanonicalValue> {
  const id = typeof raw === 'object' && raw !== null && 'id' in raw ? raw.id : raw;
  return typeof id === 'string' && id !== '' ? ok(id) : invalid(field, 'must be a record id or { id }');
}

function isCalendarDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  return match !== null && isWallClockTime(toWallClock(match.slice(1, 4).concat('0', '0', '0')));
}

function toWallClock(parts: readonly (string | undefined)[]): WallClockTime {
  const [year, month, day, hour, minute, second] = parts.map((part) => Number(part ?? '0'));
  return { year: year ?? 0, month: month ?? 0, day: day ?? 0, hour: hour ?? 0, minute: minute ?? 0, second: second ?? 0 };
}

/** Rejects 2026-02-30 and 25:00: the fields must name a real calendar time. */
function isWallClockTime(time: WallClockTime): boolean {
  if (time.year < 1 || time.month < 1 || time.month > 12 || time.hour > 23 || time.minute > 59 || time.second > 59) {
    return false;
  }
  const date = new Date(wallClockAsUtcMs(time));
  return date.getUTCDate() === time.day && date.getUTCMonth() === time.month - 1;
}

/**
 * An ISO 8601 date-time as a UTC instant to the second (Zoho keeps seconds: milliseconds would
 * make every round trip a change). Without an offset it is wall-clock time in `localZone`, or
 * refused when there is none (the portal must say which instant it means).
 */
function instantOfText(field: TypedField, text: string, localZone: string | undefined): ValueResult<CanonicalValue> {
  const match = DATE_TIME_PATTERN.exec(text.trim());
  if (match === null) {
    return invalid(field, 'must be an ISO 8601 date-time, e.g. 2026-03-01T09:00:00+01:00');
  }
  const wallClock = toWallClock(match.slice(1, 7));
  if (!isWallClockTime(wallClock)) {
    return invalid(field, 'is not a calendar date and time');
  }
  const offsetText = match[7];
  let epochMs: number | undefined;
  if (offsetText !== undefined) {
    const offsetMinutes = offsetText === 'Z' ? 0 : offsetMinutesOfText(offsetText);
    epochMs = wallClockAsUtcMs(wallClock) - offsetMinutes * 60_000;
  } else if (localZone === undefined) {
    return invalid(field, 'must carry a time zone offset or Z');
  } else if (!isKnownTimeZone(localZone)) {
    return invalid(field, `cannot be read in the unknown time zone ${localZone}`);
  } else {
    epochMs = instantOfWallClock(wallClock, localZone);
    if (epochMs === undefined) {
      return invalid(field, `does not exist in ${localZone} (the clocks skip it)`);
    }
  }
  return formatInstant(field, epochMs);
}

function offsetMinutesOfText(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

function formatInstant(field: TypedField, epochMs: number): ValueResult<CanonicalValue> {
  const date = new Date(epochMs);
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) {
    return invalid(field, 'is outside the years 0001–9999');
  }
  return ok(`${date.toISOString().slice(0, 19)}Z`);
}

/** `2026-03-01T08:00:00Z` → `2026-03-01T09:00:00+01:00` in Europe/Berlin, as Zoho writes it. */
function zohoDateTime(field: TypedField, instant: string, timeZone: string): ValueResult<ZohoValue> {
  if (!isKnownTimeZone(timeZone)) {
    return invalid(field, `cannot be written in the unknown time zone ${timeZone}`);
  }
  const epochMs = Date.parse(instant);
  if (Number.isNaN(epochMs)) {
    return invalid(field, 'must be an instant');
  }
  const local = wallClockAt(epochMs, timeZone);
  const offset = offsetMinutesAt(epochMs, timeZone);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const offsetText = `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return ok(
    `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}T${pad(local.hour)}:${pad(local.minute)}:${pad(local.second)}${offsetText}`,
  );
}
