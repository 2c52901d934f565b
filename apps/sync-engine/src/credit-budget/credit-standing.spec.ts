import assert from 'node:assert/strict';
import { test } from 'node:test';
import { creditAllows, creditStandingOf, type CreditFigures } from './credit-standing';

const figures = (overrides: Partial<CreditFigures>): CreditFigures => ({
  allowance: 10_000,
  budget: 9_000,
  used: 1_000,
  spentLastDay: 500,
  spentLastHour: 20,
  ...overrides,
});

test('plenty left and a pace that fits: NORMAL, everything allowed, no reason', () => {
  const standing = creditStandingOf(figures({}));
  assert.deepEqual([standing.level, standing.remaining, standing.forecastNextDay, standing.reason], ['NORMAL', 8_000, 500, null]);
  assert.deepEqual(
    [creditAllows.polls(standing), creditAllows.notifiedReadsAndWrites(standing), creditAllows.pollIntervalFactor(standing)],
    [true, true, 1],
  );
});

test('syncing slows down in order as the budget runs low: polls slow, then stop, then everything pauses', () => {
  const levels = [2_700, 1_350, 500, 449].map((remaining) =>
    creditStandingOf(figures({ used: 9_000 - remaining, spentLastDay: 0, spentLastHour: 0 })),
  );
  assert.deepEqual(
    levels.map((standing) => standing.level),
    ['SLOW_POLLS', 'NO_POLLS', 'NO_POLLS', 'PAUSED'],
  );
  assert.deepEqual(
    levels.map((standing) => [creditAllows.polls(standing), creditAllows.notifiedReadsAndWrites(standing)]),
    [
      [true, true],
      [false, true],
      [false, true],
      [false, false],
    ],
  );
  assert.equal(creditAllows.pollIntervalFactor(levels[0] ?? { level: 'NORMAL' }), 4);
  assert.match(levels[3]?.reason ?? '', /^449 of 9000 budgeted Zoho credits left .*: syncing is paused until Zoho releases credits$/);
  assert.match(levels[1]?.reason ?? '', /polls and full reads are stopped; notified changes and writes go on/);
});

test('a pace that would spend more than is left slows the polls before the budget is low, and says so', () => {
  const standing = creditStandingOf(figures({ used: 3_000, spentLastHour: 300 }));
  assert.equal(standing.forecastNextDay, 7_200);
  assert.equal(standing.level, 'SLOW_POLLS');
  assert.match(standing.reason ?? '', /the next day's pace would take 7200: the poll runs 4× less often/);
});

test('an org whose budget is zero (or used beyond it) is paused, never negative', () => {
  assert.equal(creditStandingOf(figures({ budget: 0 })).level, 'PAUSED');
  const over = creditStandingOf(figures({ used: 9_500 }));
  assert.deepEqual([over.level, over.remaining], ['PAUSED', 0]);
});
