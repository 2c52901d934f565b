import { backoffDelayMs } from '@crm-bridge/backoff';
import type { SyncRetryConfig } from './integration-work.config';

/**
 * When sync work that failed `failures` times in a row (1 = it just failed for the first time) is
 * tried again: `SYNC_RETRY_INITIAL_MS` doubling per failure up to `SYNC_RETRY_MAX_MS`, with equal
 * jitter (half the delay to all of it), so many deals or integrations failing together spread out
 * and every retry still waits at least half its delay. The one back-off of both sync directions:
 * outbound pushes, inbound deals and the inbound steps' failed reads.
 *
 * @example syncRetryAt(3, { SYNC_RETRY_INITIAL_MS: 5_000, SYNC_RETRY_MAX_MS: 3_600_000 }, now) → now + 10–20 s
 */
export function syncRetryAt(failures: number, config: SyncRetryConfig, now: Date = new Date(), random: () => number = Math.random): Date {
  const delay = backoffDelayMs(
    failures,
    { initialDelayMs: config.SYNC_RETRY_INITIAL_MS, maxDelayMs: config.SYNC_RETRY_MAX_MS, jitter: 'equal' },
    random,
  );
  return new Date(now.getTime() + delay);
}
