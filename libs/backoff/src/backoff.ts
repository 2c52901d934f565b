/**
 * How the wait before a retry is spread:
 *
 * - `full`: anywhere from 0 to the exponential delay. Spreads a crowd of clients the most (the
 *   AWS Architecture Blog's "full jitter"), but a retry may come at once.
 * - `equal`: from half the exponential delay to all of it. Still de-synchronises a crowd, and
 *   every retry waits at least half the delay, so the back-off keeps its meaning.
 */
export type BackoffJitter = 'full' | 'equal';

/** Exponential back-off with a cap and jitter. */
export interface BackoffPolicy {
  /** The delay before the first retry, before jitter. */
  readonly initialDelayMs: number;
  /** The cap: no delay is longer, jitter included (even the first, if it is below `initialDelayMs`). */
  readonly maxDelayMs: number;
  readonly jitter: BackoffJitter;
}

/** A policy that cannot produce a sensible delay; the message names the field. */
export class BackoffPolicyError extends Error {
  override readonly name = 'BackoffPolicyError';
}

/**
 * The wait in whole milliseconds before retry number `retry` (1 = the first retry):
 * the exponential delay `min(maxDelayMs, initialDelayMs * 2^(retry - 1))`, jittered as the policy
 * says with `random` (a source of [0, 1), `Math.random` unless a test passes a fixed one).
 */
export function backoffDelayMs(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  if (!Number.isInteger(retry) || retry < 1) {
    throw new BackoffPolicyError(`retry must be a whole number from 1, got ${retry}`);
  }
  for (const field of ['initialDelayMs', 'maxDelayMs'] as const) {
    if (!Number.isFinite(policy[field]) || policy[field] < 0) {
      throw new BackoffPolicyError(`${field} must be a finite number of milliseconds ≥ 0, got ${policy[field]}`);
    }
  }
  // 2 ** 1100 is Infinity; min() then caps it, so a long outage cannot overflow the delay.
  const exponential = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (retry - 1));
  const draw = random();
  switch (policy.jitter) {
    case 'full':
      return Math.round(draw * exponential);
    case 'equal':
      return Math.round(exponential / 2 + (draw * exponential) / 2);
  }
}
