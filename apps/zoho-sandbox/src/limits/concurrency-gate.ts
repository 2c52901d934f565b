import type { Edition } from '../org/org.model';

/** Simultaneous calls per org and connected app (reference §8). */
const CONCURRENCY_BY_EDITION: Record<Edition, number> = { free: 5, standard: 10, professional: 15, enterprise: 20, ultimate: 25 };

/** Heavy calls (writes of more than 10 records, COQL, cvid lists…) share a smaller pool in every edition. */
export const SUB_CONCURRENCY_LIMIT = 10;

export function concurrencyLimit(edition: Edition): number {
  return CONCURRENCY_BY_EDITION[edition];
}

/**
 * Counts calls in flight per OAuth client. Zoho does not queue: a call over the limit is answered
 * at once with 429 TOO_MANY_REQUESTS, so `tryEnter` never waits.
 */
export class ConcurrencyGate {
  private readonly active = new Map<string, number>();

  tryEnter(key: string, limit: number): (() => void) | null {
    const current = this.active.get(key) ?? 0;
    if (current >= limit) {
      return null;
    }
    this.active.set(key, current + 1);
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      const remaining = (this.active.get(key) ?? 1) - 1;
      if (remaining === 0) {
        this.active.delete(key);
      } else {
        this.active.set(key, remaining);
      }
    };
  }
}
