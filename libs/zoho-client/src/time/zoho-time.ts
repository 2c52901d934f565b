import { ZohoArgumentError } from '../errors/zoho-errors';

/**
 * Zoho date-times are `yyyy-MM-ddTHH:mm:ss±HH:mm`, seconds precision, rendered in the API user's
 * time zone (§9). Two renderings of one instant differ as strings (`10:00:00+05:30` is
 * `04:30:00+00:00`), so they are parsed to instants and compared as numbers — never as text.
 */
const ZOHO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
const ZOHO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An instant read from Zoho: epoch ms plus the offset Zoho wrote it with (kept for round trips). */
export interface ZohoInstant {
  readonly epochMs: number;
  /** Minutes east of UTC, e.g. 330 for `+05:30`. */
  readonly offsetMinutes: number;
}

/** A calendar date: a day, not an instant. Zoho's `date` fields never move with time zones. */
export interface ZohoCalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function invalid(field: string, value: string, expected: string): ZohoArgumentError {
  return new ZohoArgumentError({ code: 'INVALID_ARGUMENT', httpStatus: null, field, message: `"${value}" is not ${expected}` });
}

/**
 * Parses a Zoho date-time into an instant.
 *
 * @example
 * parseZohoDateTime('2024-05-01T10:00:00+05:30').epochMs === Date.UTC(2024, 4, 1, 4, 30)
 */
export function parseZohoDateTime(value: string, field = 'dateTime'): ZohoInstant {
  const match = ZOHO_DATE_TIME.exec(value);
  if (!match) {
    throw invalid(field, value, 'a Zoho date-time (yyyy-MM-ddTHH:mm:ss±HH:mm)');
  }
  const [, y, mo, d, h, mi, s, zone] = match as unknown as [string, string, string, string, string, string, string, string];
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    throw invalid(field, value, 'a real date and time');
  }
  const offsetMinutes = zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  if (Math.abs(offsetMinutes) > 14 * 60) {
    throw invalid(field, value, 'a date-time with an offset within ±14:00');
  }
  return { epochMs: Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000, offsetMinutes };
}

/** Epoch ms of a Zoho date-time, or null for Zoho's `null`. */
export function zohoDateTimeToEpochMs(value: string | null | undefined, field?: string): number | null {
  return value === null || value === undefined ? null : parseZohoDateTime(value, field).epochMs;
}

/** Orders two Zoho date-times as instants: negative, zero or positive. */
export function compareZohoDateTimes(left: string, right: string): number {
  return parseZohoDateTime(left).epochMs - parseZohoDateTime(right).epochMs;
}

export function parseZohoDate(value: string, field = 'date'): ZohoCalendarDate {
  const match = ZOHO_DATE.exec(value);
  if (!match) {
    throw invalid(field, value, 'a Zoho date (yyyy-MM-dd)');
  }
  const [year, month, day] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw invalid(field, value, 'a real calendar date');
  }
  return { year, month, day };
}

export function formatZohoDate(date: ZohoCalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${pad(date.month)}-${pad(date.day)}`;
}

/** Orders calendar dates by day; no time zone is involved. */
export function compareZohoDates(left: ZohoCalendarDate, right: ZohoCalendarDate): number {
  return left.year - right.year || left.month - right.month || left.day - right.day;
}

/**
 * Renders an instant the way Zoho writes date-times for an org: local wall time in `timeZone`
 * (an IANA name such as `Asia/Kolkata`, from the org's `time_zone`) with its offset, seconds
 * precision, no milliseconds (Zoho refuses them).
 *
 * @example
 * formatZohoDateTime(Date.UTC(2024, 4, 1, 4, 30), 'Asia/Kolkata') === '2024-05-01T10:00:00+05:30'
 */
export function formatZohoDateTime(epochMs: number, timeZone = 'UTC'): string {
  const offsetMinutes = timeZoneOffsetMinutes(epochMs, timeZone);
  const local = new Date(Math.floor(epochMs / 1000) * 1000 + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  return (
    `${String(local.getUTCFullYear()).padStart(4, '0')}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`
  );
}

/** The calendar date an instant falls on in a time zone (e.g. "today" for an org in Tokyo). */
export function calendarDateIn(epochMs: number, timeZone: string): ZohoCalendarDate {
  const local = new Date(epochMs + timeZoneOffsetMinutes(epochMs, timeZone) * 60_000);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC of `timeZone` at that instant (daylight saving included). */
export function timeZoneOffsetMinutes(epochMs: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw invalid('timeZone', timeZone, 'an IANA time zone (e.g. Europe/Berlin)');
    }
    offsetFormatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(epochMs)).map((part) => [part.type, part.value]));
  const asUtc = Date.UTC(
    Number(parts['year']),
    Number(parts['month']) - 1,
    Number(parts['day']),
    Number(parts['hour']),
    Number(parts['minute']),
    Number(parts['second']),
  );
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
