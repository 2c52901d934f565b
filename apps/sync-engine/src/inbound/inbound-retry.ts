import type { SyncRetryConfig } from '../integration-work/integration-work.config';
import { syncRetryAt } from '../integration-work/retry-backoff';

/**
 * Attempts at a Zoho deal that fails to apply before inbound sync stops retrying it on its own.
 * With the default back-off (5 s doubling, capped at 1 h) the tenth failure comes after about
 * 20–40 minutes of retries: a transient cause (a lock, a restart, the portal's schema catching up)
 * is long gone by then, and what is left needs a person; a change in Zoho or a full sync tries
 * the deal again.
 */
export const INBOUND_MAX_ATTEMPTS = 10;

/** When a Zoho deal that has now failed `attempts` times in a row is tried again; null when sync gives up on it. */
export function inboundRetryAt(attempts: number, config: SyncRetryConfig, now: Date = new Date(), random?: () => number): Date | null {
  return attempts >= INBOUND_MAX_ATTEMPTS ? null : syncRetryAt(attempts, config, now, random);
}

/** What happens next to a failed deal, for its SyncIssue: when it is tried again, or that sync gave up. */
export function inboundRetryInWords(attempts: number, retryAt: Date | null, now: Date = new Date()): string {
  if (!retryAt) {
    return `gave up after ${attempts} attempts; it is tried again when Zoho changes it or on a full sync`;
  }
  return `attempt ${attempts} of ${INBOUND_MAX_ATTEMPTS}; it is tried again in ${waitInWords(retryAt.getTime() - now.getTime())}`;
}

function waitInWords(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 120) {
    return `${seconds} s`;
  }
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}
