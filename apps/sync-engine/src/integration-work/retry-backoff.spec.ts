import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { syncRetryAt } from './retry-backoff';

const config = { SYNC_RETRY_INITIAL_MS: 5_000, SYNC_RETRY_MAX_MS: 60_000 };
const now = new Date(Date.UTC(2026, 11, 1));
const waitMs = (failures: number, draw: number): number => syncRetryAt(failures, config, now, () => draw).getTime() - now.getTime();

describe('syncRetryAt', () => {
  test('doubles the wait per failure in a row, from the initial delay', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((failures) => waitMs(failures, 0.999_999)),
      [5_000, 10_000, 20_000, 40_000],
    );
  });

  test('jitter keeps every wait between half the delay and all of it', () => {
    assert.equal(waitMs(3, 0), 10_000);
    assert.equal(waitMs(3, 0.5), 15_000);
    for (let draw = 0; draw < 1; draw += 0.05) {
      const wait = waitMs(2, draw);
      assert.ok(wait >= 5_000 && wait <= 10_000, `draw ${draw}: ${wait}`);
    }
  });

  test('never waits longer than the cap, however many failures', () => {
    assert.equal(waitMs(5, 0.999_999), 60_000);
    assert.equal(waitMs(1_000, 0.999_999), 60_000);
    assert.equal(waitMs(1_000, 0), 30_000, 'the jitter range is capped too');
  });

  test('draws from Math.random when no source is given, within the bounds', () => {
    const wait = syncRetryAt(1, config, now).getTime() - now.getTime();
    assert.ok(wait >= 2_500 && wait <= 5_000, String(wait));
  });
});
