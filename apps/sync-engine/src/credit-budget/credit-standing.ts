import type { CreditThrottleLevel } from '@crm-bridge/contracts';

/** An integration's Zoho credits as last seen: its org's day, and what this integration spent. */
export interface CreditFigures {
  /** Credits the org gets per rolling 24 hours (Zoho's allowance for its edition and licences). */
  readonly allowance: number;
  /** The share of the allowance sync may spend (zoho-client stops there, leaving the rest to people and other apps). */
  readonly budget: number;
  /** Credits the org used over the last 24 hours, by everyone (Zoho's `X-API-CREDITS-REMAINING`) or at least by us. */
  readonly used: number;
  /** Credits this integration spent over the last 24 hours and over the last hour. */
  readonly spentLastDay: number;
  readonly spentLastHour: number;
}

/** Where an integration stands against its credit budget, and what it does about it. */
export interface CreditStanding extends CreditFigures {
  readonly remaining: number;
  /** Credits the next 24 hours will take at the current pace: the larger of the last day's spend and the last hour's × 24. */
  readonly forecastNextDay: number;
  readonly level: CreditThrottleLevel;
  /** Why the integration slowed down, in words for its admin; null at NORMAL. */
  readonly reason: string | null;
}

/** Remaining shares of the budget at which syncing slows down, in this order: polls first, writes last. */
export const CREDIT_THROTTLE_THRESHOLDS = { slowPolls: 0.3, noPolls: 0.15, paused: 0.05 } as const;

/** How soon a step the credit budget holds back looks again (the budget eases as Zoho releases credits). */
export const CREDIT_PAUSE_RECHECK_MS = 60_000;

/** How much slower the incremental poll runs at `SLOW_POLLS`. */
export const SLOW_POLL_FACTOR = 4;

/**
 * The throttle level for these figures: `PAUSED` at 5 % of the budget left, `NO_POLLS` at 15 %,
 * `SLOW_POLLS` at 30 % or when the forecast for the next day is more than what is left, else
 * `NORMAL`. Zoho releases each call's credits 24 hours after it was spent, so a level eases by
 * itself as the day rolls on.
 */
export function creditStandingOf(figures: CreditFigures): CreditStanding {
  const remaining = Math.max(0, figures.budget - figures.used);
  const forecastNextDay = Math.max(figures.spentLastDay, figures.spentLastHour * 24);
  const share = figures.budget > 0 ? remaining / figures.budget : 0;
  const left = `${remaining} of ${figures.budget} budgeted Zoho credits left for the rolling day (${figures.used} of ${figures.allowance} used by the org)`;
  if (share <= CREDIT_THROTTLE_THRESHOLDS.paused) {
    return { ...figures, remaining, forecastNextDay, level: 'PAUSED', reason: `${left}: syncing is paused until Zoho releases credits` };
  }
  if (share <= CREDIT_THROTTLE_THRESHOLDS.noPolls) {
    return {
      ...figures,
      remaining,
      forecastNextDay,
      level: 'NO_POLLS',
      reason: `${left}: polls and full reads are stopped; notified changes and writes go on`,
    };
  }
  if (share <= CREDIT_THROTTLE_THRESHOLDS.slowPolls || forecastNextDay > remaining) {
    const why = share <= CREDIT_THROTTLE_THRESHOLDS.slowPolls ? left : `${left}, and the next day's pace would take ${forecastNextDay}`;
    return { ...figures, remaining, forecastNextDay, level: 'SLOW_POLLS', reason: `${why}: the poll runs ${SLOW_POLL_FACTOR}× less often` };
  }
  return { ...figures, remaining, forecastNextDay, level: 'NORMAL', reason: null };
}

/** What each level still allows. */
export const creditAllows = {
  /** The incremental poll and full (initial, manual, re-sync) reads. */
  polls: (standing: Pick<CreditStanding, 'level'>): boolean => standing.level === 'NORMAL' || standing.level === 'SLOW_POLLS',
  /** Fetching notified records and writing to Zoho. */
  notifiedReadsAndWrites: (standing: Pick<CreditStanding, 'level'>): boolean => standing.level !== 'PAUSED',
  /** The poll interval multiplier. */
  pollIntervalFactor: (standing: Pick<CreditStanding, 'level'>): number => (standing.level === 'SLOW_POLLS' ? SLOW_POLL_FACTOR : 1),
};
