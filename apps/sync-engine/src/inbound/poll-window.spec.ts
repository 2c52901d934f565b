import assert from 'node:assert/strict';
import { test } from 'node:test';
import { advancedCursor, instantOfZohoDateTime, nextPollDue, pollIntervalMs, pollReadsAfter } from './poll-window';

test('a poll reads from the cursor minus the overlap, so a write committed late within the same seconds is read', () => {
  const cursor = new Date('2026-12-01T10:00:00.000Z');
  assert.equal(new Date(pollReadsAfter(cursor, 300)).toISOString(), '2026-12-01T09:55:00.000Z');
  assert.equal(pollReadsAfter(cursor, 0), cursor.getTime());
});

test('the cursor moves to the newest Modified_Time applied and never back', () => {
  const cursor = new Date('2026-12-01T10:00:00Z');
  const older = new Date('2026-12-01T09:58:00Z');
  const newer = new Date('2026-12-01T10:02:00Z');
  assert.deepEqual(advancedCursor(cursor, [older, newer, null]), newer);
  // An overlap re-read of older records only leaves it where it was.
  assert.deepEqual(advancedCursor(cursor, [older]), cursor);
  assert.deepEqual(advancedCursor(null, []), null);
  assert.deepEqual(advancedCursor(null, [older]), older);
});

test('polls come at the integration interval unless overridden, the first one at once', () => {
  assert.equal(pollIntervalMs(15, undefined), 900_000);
  assert.equal(pollIntervalMs(15, 2), 2_000);
  const now = new Date('2026-12-01T10:00:00Z');
  assert.deepEqual(nextPollDue(null, 900_000, now), now);
  assert.deepEqual(nextPollDue(new Date('2026-12-01T09:50:00Z'), 900_000, now), new Date('2026-12-01T10:05:00Z'));
});

test("Zoho's Modified_Time is read as the instant its offset names", () => {
  assert.deepEqual(instantOfZohoDateTime('2026-12-01T02:00:05-08:00'), new Date('2026-12-01T10:00:05Z'));
  assert.equal(instantOfZohoDateTime('yesterday'), null);
  assert.equal(instantOfZohoDateTime(null), null);
});
