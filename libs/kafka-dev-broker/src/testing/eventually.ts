import { setTimeout as delay } from 'node:timers/promises';

export interface EventuallyOptions {
  /** Give up after this long and rethrow the probe's last error. Default 10 s. */
  timeoutMs?: number;
  /** Pause between attempts. Default 50 ms. */
  intervalMs?: number;
}

/**
 * Re-runs `probe` until it stops throwing (typically a block of `assert` calls) and returns its
 * result. On timeout the last assertion error is rethrown, so the failure says what was still
 * wrong rather than just "timed out".
 */
export async function eventually<T>(probe: () => T | Promise<T>, options: EventuallyOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() >= deadline) {
        if (error instanceof Error) {
          error.message = `still failing after ${timeoutMs} ms: ${error.message}`;
        }
        throw error;
      }
    }
    await delay(intervalMs);
  }
}
