import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  advancedCursor,
  changeReadAfter,
  instantOfZohoDateTime,
  listedThroughAfter,
  listingContinuesAfter,
  nextPollDue,
  pollIntervalMs,
} from './poll-window';

test('a change read lists from the cursor minus the overlap, so a write committed late within the same seconds is read', () => {
  const cursor = new Date('2026-12-01T10:00:00.000Z');
  assert.equal(new Date(changeReadAfter(cursor, 300, null)).toISOString(), '2026-12-01T09:55:00.000Z');
  assert.equal(changeReadAfter(cursor, 0, null), cursor.getTime());
  // What an earlier read listed in full is no older bound than the overlap: the overlap still rules.
  assert.equal(new Date(changeReadAfter(cursor, 300, new Date('2026-12-01T09:50:00.000Z'))).toISOString(), '2026-12-01T09:55:00.000Z');
});

test('a change read never lists again what an earlier read listed in full, however long the cursor stands still', () => {
  // A quiet org: the last change was at 10:00, and polls since have listed everything up to 11:59:40.250.
  const cursor = new Date('2026-12-01T10:00:00.000Z');
  const listedThrough = new Date('2026-12-01T11:59:40.250Z');
  // From just before that second (Zoho compares whole seconds), not from 09:55 again.
  assert.equal(new Date(changeReadAfter(cursor, 300, listedThrough)).toISOString(), '2026-12-01T11:59:39.999Z');
});

test('a read that listed to the end has listed everything up to its start minus the overlap, and that never moves back', () => {
  const startedAt = new Date('2026-12-01T12:05:00.000Z');
  assert.deepEqual(listedThroughAfter(null, startedAt, 300), new Date('2026-12-01T12:00:00.000Z'));
  assert.deepEqual(listedThroughAfter(new Date('2026-12-01T11:00:00.000Z'), startedAt, 300), new Date('2026-12-01T12:00:00.000Z'));
  // A read that began earlier (a slow one finishing after a quicker one) leaves the later bound.
  const later = new Date('2026-12-01T12:10:00.000Z');
  assert.deepEqual(listedThroughAfter(later, startedAt, 300), later);
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

test("a listing past Zoho's reach goes on from the newest second it read, and gives up only when that second is where it began", () => {
  const readFrom = Date.parse('2026-12-01T09:55:00.000Z');
  // 100,000 records of a mass change read up to 10:01:07: on from just before that second, so all of it is read again.
  const next = listingContinuesAfter(readFrom, new Date('2026-12-01T10:01:07.000Z'));
  assert.equal(next, Date.parse('2026-12-01T10:01:06.999Z'));
  // Still stuck within that second on the next listing: no further.
  assert.equal(listingContinuesAfter(next, new Date('2026-12-01T10:01:07.000Z')), null);
  assert.equal(listingContinuesAfter(readFrom, null), null);
  assert.equal(listingContinuesAfter(readFrom, new Date('2026-12-01T09:55:00.000Z')), null);
});
