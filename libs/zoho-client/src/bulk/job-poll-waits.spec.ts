import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jobPollWaits } from './zoho-bulk-client';

function firstWaits(longestMs: number, count: number): number[] {
  const waits = jobPollWaits(longestMs);
  return Array.from({ length: count }, () => waits.next().value);
}

test('a bulk job is first polled after a quarter second, then the wait doubles up to the longest', () => {
  assert.deepEqual(firstWaits(2_000, 7), [250, 500, 1_000, 2_000, 2_000, 2_000, 2_000]);
  assert.deepEqual(firstWaits(1_500, 5), [250, 500, 1_000, 1_500, 1_500]);
});

test('a longest wait under a quarter second is every wait', () => {
  assert.deepEqual(firstWaits(100, 3), [100, 100, 100]);
});
