/**
 * Zoho's wire formats for dates and times (reference §9): dates `yyyy-MM-dd`; date-times
 * `yyyy-MM-ddTHH:mm:ss±HH:mm` with second precision, no milliseconds, rendered in the API user's
 * time zone (e.g. `2023-05-10T01:10:47-07:00`).
 */
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2}):(\d{2})$/;

/** True for a real calendar date in `yyyy-MM-dd` (rejects `2024-02-30`). */
export function isZohoDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Parses `yyyy-MM-ddTHH:mm:ss±HH:mm` to epoch milliseconds; `null` when the text is not that format. */
export function parseZohoDateTime(value: string): number | null {
  const match = DATE_TIME_PATTERN.exec(value);
  if (!match) {
    return null;
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const sign = match[7] === '-' ? -1 : 1;
  const offsetHours = Number(match[8]);
  const offsetMinutes = Number(match[9]);
  if (!isZohoDate(`${match[1]}-${match[2]}-${match[3]}`)) {
    return null;
  }
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 14 || offsetMinutes > 59) {
    return null;
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  return utc - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The UTC offset of `timeZone` at `epochMs`, in minutes (e.g. -420 for Los Angeles in summer). */
export function timeZoneOffsetMinutes(epochMs: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, formatter);
  }
  const zoneName = formatter.formatToParts(new Date(epochMs)).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(zoneName);
  if (!match) {
    return 0;
  }
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** Renders epoch milliseconds as Zoho does, in `timeZone`, dropping milliseconds. */
export function formatZohoDateTime(epochMs: number, timeZone: string): string {
  const offset = timeZoneOffsetMinutes(epochMs, timeZone);
  const local = new Date(Math.floor(epochMs / 1000) * 1000 + offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const absolute = Math.abs(offset);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`
  );
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
