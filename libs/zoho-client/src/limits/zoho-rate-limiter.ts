import { ZohoCreditBudgetError, ZohoDeadlineError } from '../errors/zoho-errors';
import {
  ZOHO_DEFAULT_USER_LICENCES,
  ZOHO_HEAVY_CONCURRENCY,
  zohoConcurrencyLimit,
  zohoCreditAllowance,
  type ZohoEdition,
} from './zoho-credit-costs';

const DAY_MS = 24 * 3600_000;

/** What the client knows about an org's limits; the edition decides the rest unless overridden. */
export interface ZohoOrgLimits {
  edition: ZohoEdition;
  /** User licences, for the credit allowance (default {@link ZOHO_DEFAULT_USER_LICENCES}, 10). */
  userLicences?: number;
  /** Credits per 24 h, replacing the edition's formula (add-ons, or a small budget in tests). */
  dailyCredits?: number;
  /**
   * Share of the day's credits this client may spend before it stops with
   * {@link ZohoCreditBudgetError} (default 0.9): the rest is left for people using Zoho and for
   * other integrations, whose calls count against the same org.
   */
  stopAtShare?: number;
  /** Simultaneous calls; default the edition's limit (5/10/15/20/25). */
  concurrency?: number;
  /** Simultaneous heavy calls; default Zoho's 10. */
  heavyConcurrency?: number;
}

export interface ZohoCreditUsage {
  allowance: number;
  budget: number;
  used: number;
}

/** A FIFO semaphore whose waiters give up when their signal aborts. */
class Semaphore {
  private active = 0;
  private readonly waiters: { grant: () => void; reject: (error: unknown) => void }[] = [];

  constructor(private limit: number) {}

  setLimit(limit: number): void {
    this.limit = limit;
    this.drain();
  }

  get inFlight(): number {
    return this.active;
  }

  acquire(signal: AbortSignal): Promise<() => void> {
    if (this.active < this.limit && this.waiters.length === 0) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve(this.releaser());
        },
        reject,
      };
      const onAbort = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) {
          this.waiters.splice(index, 1);
        }
        reject(deadlineError('waiting for a free Zoho concurrency slot'));
      };
      if (signal.aborted) {
        return onAbort();
      }
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      this.active -= 1;
      this.drain();
    };
  }

  private drain(): void {
    while (this.active < this.limit && this.waiters.length > 0) {
      this.active += 1;
      (this.waiters.shift() as { grant: () => void }).grant();
    }
  }
}

/** Credits spent over a rolling 24 hours: Zoho releases each call's cost 24 h after it was spent (§8). */
class RollingCreditLedger {
  private readonly spent: { at: number; credits: number }[] = [];
  private total = 0;
  /** The last `X-API-CREDITS-REMAINING` seen, as credits used by everyone on the org. */
  private reported: { used: number; at: number } | null = null;

  used(now: number): number {
    while (this.spent.length > 0 && now - (this.spent[0] as { at: number }).at >= DAY_MS) {
      this.total -= (this.spent.shift() as { credits: number }).credits;
    }
    if (this.reported !== null && now - this.reported.at >= DAY_MS) {
      this.reported = null;
    }
    // Zoho's header counts every app and user of the org; our ledger counts only this process.
    return Math.max(this.total, this.reported?.used ?? 0);
  }

  charge(credits: number, now: number): void {
    this.spent.push({ at: now, credits });
    this.total += credits;
  }

  refund(credits: number): void {
    // The newest charge is the one being refunded; a partial refund is never needed.
    for (let index = this.spent.length - 1; index >= 0; index -= 1) {
      const entry = this.spent[index] as { credits: number };
      if (entry.credits === credits) {
        this.spent.splice(index, 1);
        this.total -= credits;
        return;
      }
    }
  }

  observeRemaining(allowance: number, remaining: number, now: number): void {
    this.reported = { used: Math.max(0, allowance - remaining), at: now };
  }
}

type ResolvedOrgLimits = Required<Pick<ZohoOrgLimits, 'stopAtShare'>> &
  ZohoOrgLimits & { allowance: number; concurrency: number; heavyConcurrency: number };

function resolvedLimits(limits: ZohoOrgLimits): ResolvedOrgLimits {
  const stopAtShare = limits.stopAtShare ?? 0.9;
  if (!(stopAtShare > 0 && stopAtShare <= 1)) {
    throw new RangeError(`limits.stopAtShare must be in (0, 1], got ${stopAtShare}`);
  }
  return {
    ...limits,
    stopAtShare,
    allowance: limits.dailyCredits ?? zohoCreditAllowance(limits.edition, limits.userLicences ?? ZOHO_DEFAULT_USER_LICENCES),
    concurrency: limits.concurrency ?? zohoConcurrencyLimit(limits.edition),
    heavyConcurrency: limits.heavyConcurrency ?? ZOHO_HEAVY_CONCURRENCY,
  };
}

class OrgLimitState {
  readonly general: Semaphore;
  readonly heavy: Semaphore;
  readonly credits = new RollingCreditLedger();
  pausedUntil = 0;

  constructor(public limits: ResolvedOrgLimits) {
    this.general = new Semaphore(limits.concurrency);
    this.heavy = new Semaphore(limits.heavyConcurrency);
  }

  /** Takes limits that changed (an org connected again with another edition or licence count); the credits spent and a 429 pause stay. */
  follow(limits: ResolvedOrgLimits): void {
    if (limits.concurrency !== this.limits.concurrency) {
      this.general.setLimit(limits.concurrency);
    }
    if (limits.heavyConcurrency !== this.limits.heavyConcurrency) {
      this.heavy.setLimit(limits.heavyConcurrency);
    }
    this.limits = limits;
  }
}

export interface ZohoCallPermit {
  /** Frees the concurrency slots. */
  release(): void;
  /** Gives the reserved credits back: Zoho refused the call (429, 401) or never saw it. */
  refund(): void;
}

/**
 * Keeps one process's calls to each org inside Zoho's limits (reference §8): waits for a slot in
 * the org's concurrency pool (and the heavy pool of 10 for heavy calls) instead of drawing 429s,
 * charges credits per Zoho's table against a rolling 24-hour ledger, refuses a call that would
 * spend past the configured share of the day's credits, and holds every call of an org while a
 * 429 backoff is in force so a storm is not made worse.
 */
export class ZohoRateLimiter {
  private readonly orgs = new Map<string, OrgLimitState>();

  constructor(
    private readonly limitsFor: (orgRef: string) => ZohoOrgLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Waits for capacity and reserves `credits`; throws {@link ZohoCreditBudgetError} when the budget would be passed. */
  async acquire(orgRef: string, call: { credits: number; heavy: boolean; signal: AbortSignal }): Promise<ZohoCallPermit> {
    const org = this.state(orgRef);
    this.reserveCredits(orgRef, org, call.credits);
    let releaseGeneral: (() => void) | null = null;
    let releaseHeavy: (() => void) | null = null;
    try {
      // Heavy slot first: a heavy call waiting for the heavy pool must not hold a general slot
      // that light calls could use meanwhile.
      if (call.heavy) {
        releaseHeavy = await org.heavy.acquire(call.signal);
      }
      releaseGeneral = await org.general.acquire(call.signal);
      await this.waitOutPause(org, call.signal);
    } catch (error) {
      releaseGeneral?.();
      releaseHeavy?.();
      org.credits.refund(call.credits);
      throw error;
    }
    let refunded = false;
    return {
      release: () => {
        releaseGeneral?.();
        releaseHeavy?.();
      },
      refund: () => {
        if (refunded) {
          return;
        }
        refunded = true;
        org.credits.refund(call.credits);
      },
    };
  }

  /** Holds every call of the org until `untilMs` (after a 429). */
  pause(orgRef: string, untilMs: number): void {
    const org = this.state(orgRef);
    org.pausedUntil = Math.max(org.pausedUntil, untilMs);
  }

  /** Records Zoho's `X-API-CREDITS-REMAINING`, which counts every caller of the org. */
  observeRemaining(orgRef: string, remaining: number): void {
    const org = this.state(orgRef);
    org.credits.observeRemaining(org.limits.allowance, remaining, this.now());
  }

  usage(orgRef: string): ZohoCreditUsage {
    const org = this.state(orgRef);
    return { allowance: org.limits.allowance, budget: this.budgetOf(org), used: org.credits.used(this.now()) };
  }

  inFlight(orgRef: string): { general: number; heavy: number } {
    const org = this.state(orgRef);
    return { general: org.general.inFlight, heavy: org.heavy.inFlight };
  }

  private reserveCredits(orgRef: string, org: OrgLimitState, credits: number): void {
    const now = this.now();
    const used = org.credits.used(now);
    const budget = this.budgetOf(org);
    if (used + credits > budget) {
      throw new ZohoCreditBudgetError({
        code: 'CREDIT_BUDGET_EXHAUSTED',
        httpStatus: null,
        message: `org ${orgRef}: ${used} of ${org.limits.allowance} daily credits used; this call needs ${credits} and the budget stops at ${budget} (${Math.round(org.limits.stopAtShare * 100)}%)`,
        details: { used, budget, allowance: org.limits.allowance, credits },
      });
    }
    org.credits.charge(credits, now);
  }

  private budgetOf(org: OrgLimitState): number {
    return Math.floor(org.limits.allowance * org.limits.stopAtShare);
  }

  private async waitOutPause(org: OrgLimitState, signal: AbortSignal): Promise<void> {
    for (;;) {
      const waitMs = org.pausedUntil - this.now();
      if (waitMs <= 0) {
        return;
      }
      await abortableSleep(waitMs, signal);
    }
  }

  /** The org's state under its limits as `limitsFor` gives them now: an org's edition or licences may change while the process runs. */
  private state(orgRef: string): OrgLimitState {
    const limits = resolvedLimits(this.limitsFor(orgRef));
    const org = this.orgs.get(orgRef);
    if (org) {
      org.follow(limits);
      return org;
    }
    const created = new OrgLimitState(limits);
    this.orgs.set(orgRef, created);
    return created;
  }
}

function deadlineError(what: string): ZohoDeadlineError {
  return new ZohoDeadlineError({ code: 'DEADLINE_EXCEEDED', httpStatus: null, message: `deadline passed while ${what}` });
}

/** Sleeps, or rejects with a deadline error as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      return reject(deadlineError('backing off'));
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(deadlineError('backing off'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
