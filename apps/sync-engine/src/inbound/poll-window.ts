import { parseZohoDateTime } from '@crm-bridge/zoho-client';

/**
 * The arithmetic of incremental polls: where a poll starts reading, how its cursor moves, and when
 * the next one is due. Pure, so the rules that keep a poll from skipping a record are unit-tested.
 */

/**
 * The instant a poll asks Zoho for changes after (`If-Modified-Since`, epoch ms): the cursor minus
 * the overlap, because Zoho's `Modified_Time` has whole seconds and a write can commit after a
 * later one was already listed. Records read again are echoes and change nothing.
 */
export function pollReadsAfter(cursor: Date, overlapSeconds: number): number {
  return cursor.getTime() - overlapSeconds * 1000;
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
