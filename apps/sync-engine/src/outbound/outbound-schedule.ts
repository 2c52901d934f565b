import { ZOHO_BULK_WRITE_LIMITS, ZOHO_MAX_WRITE_BATCH } from '@crm-bridge/zoho-client';

/**
 * However often a deal is edited, it waits at most this many debounce periods after its first
 * unsent change: a deal edited every few seconds all day still reaches Zoho.
 */
export const DEBOUNCE_CAP_FACTOR = 10;

/**
 * When a portal change is due to be pushed: the debounce period after the newest change (every
 * change pushes it back), but never later than {@link DEBOUNCE_CAP_FACTOR} periods after the first
 * change not yet sent.
 *
 * @example outboundDueAt({ firstChangedAt: t0, lastChangedAt: t0 + 5 s, debounceSeconds: 10 }) → t0 + 15 s
 */
export function outboundDueAt(change: { firstChangedAt: Date; lastChangedAt: Date; debounceSeconds: number }): Date {
  const debounceMs = change.debounceSeconds * 1000;
  const pushedBack = change.lastChangedAt.getTime() + debounceMs;
  const cap = change.firstChangedAt.getTime() + DEBOUNCE_CAP_FACTOR * debounceMs;
  return new Date(Math.min(pushedBack, Math.max(cap, change.lastChangedAt.getTime())));
}

/** The integration's queue as the flush decision sees it. */
export interface OutboundQueueState {
  /** Rows due now. */
  readonly dueCount: number;
  /** When the longest-waiting due row became due; null when none is due. */
  readonly oldestDueAt: Date | null;
  /** When the next row not yet due becomes due; null when none waits. */
  readonly nextDueAt: Date | null;
}

export interface OutboundFlushLimits {
  /** How long a due row may wait for others to fill a batch. */
  readonly lingerMs: number;
  /** Due rows from which a flush goes through Bulk Write instead of REST calls of 100. */
  readonly bulkThreshold: number;
}

/** Flush `limit` rows now (through Bulk Write or REST), or wait until `until` (null: until woken). */
export type OutboundFlushDecision =
  { readonly kind: 'FLUSH'; readonly limit: number; readonly bulk: boolean } | { readonly kind: 'WAIT'; readonly until: Date | null };

/**
 * Whether to flush now: a full REST batch (100) is sent at once, a smaller one once its oldest
 * row has lingered `lingerMs` (so changes arriving together share calls and credits), and a
 * backlog of `bulkThreshold` or more goes as one Bulk Write job of up to 25,000 rows.
 */
export function decideOutboundFlush(queue: OutboundQueueState, limits: OutboundFlushLimits, now: Date): OutboundFlushDecision {
  if (queue.dueCount >= limits.bulkThreshold) {
    return { kind: 'FLUSH', limit: Math.min(queue.dueCount, ZOHO_BULK_WRITE_LIMITS.maxRecords), bulk: true };
  }
  if (queue.dueCount >= ZOHO_MAX_WRITE_BATCH) {
    return { kind: 'FLUSH', limit: ZOHO_MAX_WRITE_BATCH, bulk: false };
  }
  if (queue.dueCount > 0 && queue.oldestDueAt) {
    const lingerEnds = queue.oldestDueAt.getTime() + limits.lingerMs;
    if (lingerEnds <= now.getTime()) {
      return { kind: 'FLUSH', limit: queue.dueCount, bulk: false };
    }
    return { kind: 'WAIT', until: new Date(Math.min(lingerEnds, queue.nextDueAt?.getTime() ?? Infinity)) };
  }
  return { kind: 'WAIT', until: queue.nextDueAt };
}
