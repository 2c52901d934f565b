import 'reflect-metadata';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createEvent, type EventOfType } from '@crm-bridge/contracts';
import { DealUpdatesException, DealUpdatesExceptionCode } from './deal-updates.exception';
import { DealUpdateFeed, type DealUpdateStreamItem } from './deal-update-feed';

const INTEGRATION = randomUUID();

function dealUpdated(tenantId: string, data: { pipeline?: string | null; phase?: string; partnerId?: string | null } = {}) {
  return createEvent('deal.updated', {
    source: 'sync-engine',
    tenantId,
    integrationId: INTEGRATION,
    subject: randomUUID(),
    correlationId: 'spec',
    data: {
      dealId: randomUUID(),
      operation: 'UPDATED',
      origin: 'PORTAL',
      pipeline: data.pipeline ?? null,
      phase: data.phase ?? 'Qualified',
      partnerId: data.partnerId ?? null,
      changes: [],
      updatedAt: new Date().toISOString(),
    },
  });
}

/** The next `count` updates the iterator yields, failing rather than waiting forever. */
async function take(updates: AsyncIterator<DealUpdateStreamItem>, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const next = await Promise.race([
      updates.next(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`only ${ids.length} of ${count} updates arrived`)), 1_000)),
    ]);
    assert.equal(next.done, false);
    assert.ok(!('endedBy' in next.value), `ended by ${'endedBy' in next.value ? next.value.endedBy.message : ''}`);
    ids.push(next.value.event.eventId);
  }
  return ids;
}

/** A subscriber of the tenant: a user, or a key's caller id. */
const of = (tenantId: string, callerId = 'user-1') => ({ tenantId, callerId });

const ids = (events: EventOfType<'deal.updated'>[]) => events.map((event) => event.eventId);

test('live updates reach only their tenant’s subscribers that match every given filter field', async () => {
  const feed = new DealUpdateFeed(60_000);
  const filtered = feed.updates(of('tenant-a'), { pipeline: 'Enterprise', phase: 'Won', partnerId: null });
  const everything = feed.updates(of('tenant-a'), {});
  const ofB = feed.updates(of('tenant-b'), {});
  const matching = dealUpdated('tenant-a', { pipeline: 'Enterprise', phase: 'Won', partnerId: 'p-1' });
  const published = [
    dealUpdated('tenant-a', { pipeline: 'Enterprise', phase: 'Lost' }),
    dealUpdated('tenant-b', { pipeline: 'Enterprise', phase: 'Won' }),
    dealUpdated('tenant-a', { pipeline: 'SMB', phase: 'Won' }),
    matching,
  ];
  published.forEach((event) => feed.append(event));
  assert.deepEqual(await take(filtered, 1), [matching.eventId]);
  assert.deepEqual(await take(everything, 3), ids(published.filter((event) => event.tenantId === 'tenant-a')));
  assert.deepEqual(await take(ofB, 1), [published[1]?.eventId]);
  const byIntegration = feed.updates(of('tenant-a'), { integrationId: randomUUID() });
  feed.append(dealUpdated('tenant-a'));
  const last = dealUpdated('tenant-a');
  const byOwnIntegration = feed.updates(of('tenant-a'), { integrationId: INTEGRATION });
  feed.append(last);
  assert.deepEqual(await take(byOwnIntegration, 1), [last.eventId]);
  await byIntegration.return?.();
  assert.equal((await byIntegration.next()).done, true, 'another integration’s subscriber got nothing and is closed');
});

test('resuming replays the tenant’s matching updates after the resume point, then goes live without a gap or a repeat', async () => {
  const feed = new DealUpdateFeed(60_000);
  const [first, second, otherTenant, third] = [dealUpdated('t'), dealUpdated('t'), dealUpdated('u'), dealUpdated('t', { phase: 'Won' })];
  for (const event of [first, second, otherTenant, third]) {
    feed.append(event);
  }
  const resumed = feed.updates(of('t'), {}, first.eventId);
  const live = dealUpdated('t');
  feed.append(live);
  feed.append(second); // a redelivery of what is held already: dropped
  assert.deepEqual(await take(resumed, 3), [second.eventId, third.eventId, live.eventId]);
  const resumedWon = feed.updates(of('t'), { phase: 'Won' }, first.eventId);
  assert.deepEqual(await take(resumedWon, 1), [third.eventId]);
});

test('a resume point older than the retention, unknown, or another tenant’s is refused with EVENT_NO_LONGER_RETAINED naming afterEventId', () => {
  let nowMs = 1_000_000;
  const feed = new DealUpdateFeed(900_000, () => nowMs);
  const old = dealUpdated('t');
  feed.append(old);
  nowMs += 600_000;
  const recent = dealUpdated('t');
  feed.append(recent);
  nowMs += 300_001;
  assert.equal(feed.size, 1, 'the first is 900.001 s old');
  for (const [tenant, afterEventId] of [
    ['t', old.eventId],
    ['t', randomUUID()],
    ['u', recent.eventId],
  ] as const) {
    assert.throws(
      () => feed.updates(of(tenant), {}, afterEventId),
      (error: unknown) =>
        error instanceof DealUpdatesException &&
        error.code === DealUpdatesExceptionCode.EventNoLongerRetained &&
        error.field === 'afterEventId' &&
        error.message.includes(afterEventId) &&
        error.message.includes('900 s'),
    );
  }
  assert.doesNotThrow(() => feed.updates(of('t'), {}, recent.eventId));
});

test('closing a subscription that waits for an update ends it at once', async () => {
  const feed = new DealUpdateFeed(60_000);
  const updates = feed.updates(of('t'), {});
  const waiting = updates.next();
  await updates.return?.();
  assert.deepEqual(await waiting, { value: undefined, done: true });
  feed.append(dealUpdated('t'));
  assert.equal((await updates.next()).done, true);
});

test('ending a subscriber ends each of its subscriptions with the reason as the last item, and no other subscriber’s', async () => {
  const feed = new DealUpdateFeed(60_000);
  const key = 'api-key:k-1';
  const waiting = feed.updates(of('t', key), {});
  const withUpdateInHand = feed.updates(of('t', key), {});
  const otherKey = feed.updates(of('t', 'api-key:k-2'), {});
  const sameCallerIdOtherTenant = feed.updates(of('u', key), {});
  const pendingNext = waiting.next();
  feed.append(dealUpdated('t'));
  await take(otherKey, 1);
  const revoked = new Error('revoked');

  assert.equal(feed.end(of('t', key), revoked), 2);
  assert.equal((await pendingNext).done, false, 'the update that arrived while it waited');
  for (const ended of [waiting, withUpdateInHand]) {
    assert.deepEqual(await ended.next(), { value: { endedBy: revoked }, done: false }, 'before the update still in hand');
    assert.deepEqual(await ended.next(), { value: undefined, done: true });
  }
  assert.equal(feed.end(of('t', key), revoked), 0, 'nothing left open to end');

  const later = dealUpdated('t');
  feed.append(later);
  feed.append(dealUpdated('u'));
  assert.deepEqual(await take(otherKey, 1), [later.eventId], 'another key of the tenant keeps receiving');
  assert.equal((await take(sameCallerIdOtherTenant, 1)).length, 1, 'the same caller id in another tenant is another subscriber');
  assert.equal((await waiting.next()).done, true);
});

test('a subscription waiting for an update ends at once when its subscriber is ended, and is freed', async () => {
  const feed = new DealUpdateFeed(60_000);
  const updates = feed.updates(of('t', 'api-key:k'), {});
  const waiting = updates.next();
  const revoked = new Error('revoked');
  feed.end(of('t', 'api-key:k'), revoked);
  assert.deepEqual(await waiting, { value: { endedBy: revoked }, done: false });
  assert.deepEqual(await updates.next(), { value: undefined, done: true });
  // A returned subscription is no longer open either.
  const returned = feed.updates(of('t', 'api-key:k'), {});
  await returned.return?.();
  assert.equal(feed.end(of('t', 'api-key:k'), revoked), 0);
});
