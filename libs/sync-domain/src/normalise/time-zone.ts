/**
 * Wall-clock time in an IANA time zone, with `Intl` only: Zoho writes date-times with the offset
 * of the org's (here: the integration's) time zone, `2026-03-01T09:00:00+01:00`, and reads them
 * back the same way, so sync converts between that and UTC instants both ways.
 */

/** A local date and time without a zone, as its calendar fields. */
export interface WallClockTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter per zone (building one is the slow part of `Intl`); undefined for an unknown zone. */
function formatterFor(timeZone: string): Intl.DateTimeFormat | undefined {
  const known = formatters.get(timeZone);
  if (known !== undefined) {
    return known;
  }
  try {
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
    return formatter;
  } catch {
    // Intl throws a RangeError for a zone it does not know.
    return undefined;
  }
}

/** Whether `Intl` knows the zone, e.g. `Europe/Berlin`. */
export function isKnownTimeZone(timeZone: string): boolean {
  return formatterFor(timeZone) !== undefined;
}

/** The wall-clock time in `timeZone` at a UTC instant (milliseconds since the epoch, whole seconds). */
export function wallClockAt(epochMs: number, timeZone: string): WallClockTime {
  const formatter = formatterFor(timeZone);
  if (formatter === undefined) {
    throw new RangeError(`unknown time zone ${timeZone}`);
  }
  const parts = Object.fromEntries(formatter.formatToParts(epochMs).map((part) => [part.type, part.value]));
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
  };
}

/** The wall-clock time read as if it were UTC, in milliseconds since the epoch. */
export function wallClockAsUtcMs(time: WallClockTime): number {
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  date.setUTCFullYear(time.year, time.month - 1, time.day);
  date.setUTCHours(time.hour, time.minute, time.second, 0);
  return date.getTime();
}

/** The zone's offset from UTC at an instant, in minutes (east positive: Berlin in winter is 60). */
export function offsetMinutesAt(epochMs: number, timeZone: string): number {
  const wholeSecondMs = Math.floor(epochMs / 1000) * 1000;
  return Math.round((wallClockAsUtcMs(wallClockAt(wholeSecondMs, timeZone)) - wholeSecondMs) / 60_000);
}

const TWELVE_HOURS_MS = 12 * 60 * 60 * 1000;

/**
 * The instant a wall-clock time in `timeZone` names. When clocks go back the time exists twice and
 * the earlier instant is taken (as Zoho and most calendars do); when clocks go forward the time does
 * not exist and the result is undefined.
 */
export function instantOfWallClock(time: WallClockTime, timeZone: string): number | undefined {
  const asUtc = wallClockAsUtcMs(time);
  // A zone changes its offset at most once within a day: the offsets half a day either side are the
  // only candidates.
  const candidates = [offsetMinutesAt(asUtc - TWELVE_HOURS_MS, timeZone), offsetMinutesAt(asUtc + TWELVE_HOURS_MS, timeZone)]
    .map((offset) => asUtc - offset * 60_000)
    .filter((instant) => wallClockAsUtcMs(wallClockAt(instant, timeZone)) === asUtc)
    .sort((left, right) => left - right);
  return candidates[0];
}
