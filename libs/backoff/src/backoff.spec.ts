import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backoffDelayMs, BackoffPolicyError, type BackoffPolicy } from './backoff';

/** A random source that returns the given draws in turn, so every delay is known. */
function draws(...values: number[]): () => number {
  let next = 0;
  return () => {
    const value = values[next % values.length] as number;
    next += 1;
    return value;
  };
}

const FULL: BackoffPolicy = { initialDelayMs: 100, maxDelayMs: 1_000, jitter: 'full' };
const EQUAL: BackoffPolicy = { ...FULL, jitter: 'equal' };

describe('backoffDelayMs', () => {
  test('doubles per retry up to the cap (the top of the jitter range)', () => {
    const top = draws(0.999_999);
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(retry, FULL, top)),
      [100, 200, 400, 800, 1_000, 1_000],
    );
    assert.equal(backoffDelayMs(5_000, FULL, top), 1_000, 'a long outage neither overflows nor passes the cap');
  });

  test('full jitter spreads from 0 to the exponential delay', () => {
    assert.deepEqual(
      [0, 0.25, 0.5].map((draw) => backoffDelayMs(3, FULL, draws(draw))),
      [0, 100, 200],
    );
  });

  test('equal jitter spreads from half the exponential delay to all of it', () => {
    assert.deepEqual(
      [0, 0.5, 0.999_999].map((draw) => backoffDelayMs(3, EQUAL, draws(draw))),
      [200, 300, 400],
    );
    assert.equal(backoffDelayMs(10, EQUAL, draws(0)), 500, 'the cap halves too');
  });

  test('draws one random number per delay, from the given source', () => {
    const source = draws(0.1, 0.9);
    assert.deepEqual([backoffDelayMs(1, FULL, source), backoffDelayMs(1, FULL, source)], [10, 90]);
  });

  test('refuses a policy or retry number that makes no sense, naming it', () => {
    assert.throws(() => backoffDelayMs(0, FULL), new BackoffPolicyError('retry must be a whole number from 1, got 0'));
    assert.throws(() => backoffDelayMs(1.5, FULL), /retry must be a whole number from 1, got 1.5/);
    assert.throws(
      () => backoffDelayMs(1, { ...FULL, initialDelayMs: -1 }),
      /initialDelayMs must be a finite number of milliseconds ≥ 0, got -1/,
    );
    assert.throws(
      () => backoffDelayMs(1, { ...FULL, maxDelayMs: Number.NaN }),
      /maxDelayMs must be a finite number of milliseconds ≥ 0, got NaN/,
    );
  });

  test('a cap below the initial delay caps the first retry too', () => {
    assert.equal(backoffDelayMs(1, { initialDelayMs: 20_000, maxDelayMs: 10_000, jitter: 'equal' }, draws(0.999_999)), 10_000);
  });
});
