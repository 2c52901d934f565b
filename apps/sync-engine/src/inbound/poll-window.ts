import { parseZohoDateTime } from '@crm-bridge/zoho-client';

/**
 * The arithmetic of incremental polls: where a poll starts reading, how its cursor moves, and when
 * the next one is due. Pure, so the rules that keep a poll from skipping a record are unit-tested.
 */

/**
 * The instant a change read asks Zoho for changes after (`If-Modified-Since`, epoch ms): the
 * cursor minus the overlap, because Zoho's `Modified_Time` has whole seconds and a write can commit
 * after a later one was already listed — but never before what an earlier read already listed in
 * full (`listedThrough`). Without that bound a quiet org, whose cursor stays put, would have every
 * poll re-list the overlap before its last change for as long as nothing newer happens (after a
 * mass update, hundreds of pages each time). Records read again are echoes and change nothing.
 */
export function changeReadAfter(cursor: Date, overlapSeconds: number, listedThrough: Date | null): number {
  const fromCursor = cursor.getTime() - overlapSeconds * 1000;
  if (listedThrough === null) {
    return fromCursor;
  }
  // Zoho compares whole seconds: from just before the second `listedThrough` falls in.
  return Math.max(fromCursor, Math.floor(listedThrough.getTime() / 1000) * 1000 - 1);
}

/**
 * What a change read that began at `startedAt` and listed to the end has read in full: every
 * change up to `startedAt` minus the overlap — a write Zoho had not yet committed when the read
 * listed it is, by the overlap's own assumption, younger than that (our clock and Zoho's agreeing
 * within the overlap). Never earlier than before.
 */
export function listedThroughAfter(previous: Date | null, startedAt: Date, overlapSeconds: number): Date {
  const listed = new Date(startedAt.getTime() - overlapSeconds * 1000);
  return previous !== null && previous.getTime() > listed.getTime() ? previous : listed;
}

/**
 * The cursor once records with these `Modified_Time`s are applied: the newest of them, never
 * earlier than it was (an overlap re-reads older records; a clock oddity must not move it back).
 */
export function advancedCursor(cursor: Date | null, applied: readonly (Date | null)[]): Date | null {
  let newest = cursor;
  for (const instant of applied) {
    if (instant && (newest === null || instant.getTime() > newest.getTime())) {
      newest = instant;
    }
  }
  return newest;
}

/**
 * Where a poll's listing goes on after Zoho's list ran out of reach (100,000 records, oldest change
 * first — a mass change in Zoho can put more than that in one window): from the second of the
 * newest `Modified_Time` it read (that second again: Zoho's whole seconds cannot tell which of its
 * records were listed), without the overlap. Null when that is no later than where the listing
 * began (more than the reach changed within one second): the poll cannot get further.
 */
export function listingContinuesAfter(readFrom: number, newestRead: Date | null): number | null {
  if (newestRead === null) {
    return null;
  }
  const next = Math.floor(newestRead.getTime() / 1000) * 1000 - 1;
  return next > readFrom ? next : null;
}

/** How often an integration is polled: its own interval, unless the service overrides it (demos, tests). */
export function pollIntervalMs(syncIntervalMinutes: number, overrideSeconds: number | undefined): number {
  return overrideSeconds !== undefined ? overrideSeconds * 1000 : syncIntervalMinutes * 60_000;
}

/** When the next poll is due: an interval after the last one, at once when there was none. */
export function nextPollDue(lastPollAt: Date | null, intervalMs: number, now: Date): Date {
  return lastPollAt === null ? now : new Date(lastPollAt.getTime() + intervalMs);
}

/** The instant a Zoho date-time (`2024-05-01T10:00:00+05:30`) names; null when it is absent or unreadable. */
export function instantOfZohoDateTime(value: unknown): Date | null {
  if (typeof value !== 'string' || value === '') {
    return null;
  }
  try {
    return new Date(parseZohoDateTime(value, 'Modified_Time').epochMs);
  } catch {
    return null;
  }
}
