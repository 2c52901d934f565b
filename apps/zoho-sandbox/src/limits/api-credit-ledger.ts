import type { Edition } from '../org/org.model';

const WINDOW_MS = 24 * 3600_000;

/** Base credits, credits per user licence and cap per edition (reference §8, current docs). */
const CREDIT_TABLE: Record<Edition, { base: number; perUser: number; cap: number }> = {
  free: { base: 5_000, perUser: 0, cap: 5_000 },
  standard: { base: 50_000, perUser: 250, cap: 100_000 },
  professional: { base: 50_000, perUser: 500, cap: 3_000_000 },
  enterprise: { base: 50_000, perUser: 1_000, cap: 5_000_000 },
  ultimate: { base: 50_000, perUser: 2_000, cap: Number.POSITIVE_INFINITY },
};

/** The allowance of an edition with this many user licences, before add-ons. */
export function creditAllowance(edition: Edition, userLicences: number): number {
  const row = CREDIT_TABLE[edition];
  return Math.min(row.base + row.perUser * userLicences, row.cap);
}

export interface CreditCharge {
  accepted: boolean;
  remaining: number;
  /** Zoho sends `X-API-CREDITS-REMAINING` only once half the day's base credits are used. */
  reportRemaining: boolean;
}

/**
 * An org's API credits over a rolling 24 hours: each call's cost is released 24 h after it was
 * spent — there is no daily reset (reference §8). A call that would go over is refused and not charged.
 */
export class ApiCreditLedger {
  private readonly spent: { at: number; credits: number }[] = [];
  private spentInWindow = 0;

  constructor(private allowance: number) {}

  setAllowance(allowance: number): void {
    this.allowance = allowance;
  }

  get limit(): number {
    return this.allowance;
  }

  used(now: number): number {
    this.release(now);
    return this.spentInWindow;
  }

  charge(credits: number, now: number): CreditCharge {
    this.release(now);
    if (this.spentInWindow + credits > this.allowance) {
      return { accepted: false, remaining: this.allowance - this.spentInWindow, reportRemaining: true };
    }
    this.spent.push({ at: now, credits });
    this.spentInWindow += credits;
    return {
      accepted: true,
      remaining: this.allowance - this.spentInWindow,
      reportRemaining: this.spentInWindow >= this.allowance / 2,
    };
  }

  /** Credits spent in the last 24 hours with when, for snapshots. */
  exportSpent(): { at: number; credits: number }[] {
    return [...this.spent];
  }

  restoreSpent(spent: readonly { at: number; credits: number }[]): void {
    this.spent.splice(0, this.spent.length, ...spent);
    this.spentInWindow = spent.reduce((sum, entry) => sum + entry.credits, 0);
  }

  private release(now: number): void {
    while (this.spent.length > 0 && now - (this.spent[0] as { at: number }).at >= WINDOW_MS) {
      this.spentInWindow -= (this.spent.shift() as { credits: number }).credits;
    }
  }
}
