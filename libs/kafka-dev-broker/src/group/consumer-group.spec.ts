import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import { ErrorCode } from '../protocol/error-codes';
import type { JoinGroupResponse } from '../protocol/messages/group-coordination';
import { createCollectingLogger } from '../testing/collecting-logger';
import { ConsumerGroup, type JoinGroupInput } from './consumer-group';

const SESSION_MS = 1000;
const REBALANCE_MS = 3000;

function joinInput(memberId = '', overrides: Partial<JoinGroupInput> = {}): JoinGroupInput {
  return {
    groupId: 'billing',
    sessionTimeoutMs: SESSION_MS,
    rebalanceTimeoutMs: REBALANCE_MS,
    memberId,
    protocolType: 'consumer',
    protocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from('meta') }],
    clientId: 'svc',
    clientHost: '/127.0.0.1',
    ...overrides,
  };
}

/** Tracks whether a held promise has settled, without awaiting it. */
function track<T>(promise: Promise<T>): { settled: () => boolean; value: () => Promise<T> } {
  let done = false;
  void promise.then(() => (done = true));
  return { settled: () => done, value: () => promise };
}

/** Lets promise callbacks run (mocked timers do not advance the microtask queue by themselves). */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ConsumerGroup', () => {
  let ids = 0;
  let group: ConsumerGroup;

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout'] });
    ids = 0;
    group = new ConsumerGroup('billing', createCollectingLogger().logger, (clientId) => `${clientId}-${++ids}`);
  });

  afterEach(() => {
    group.close();
    mock.timers.reset();
  });

  /** Joins one member and completes its sync, leaving a Stable group. */
  async function stableSingleMember(): Promise<JoinGroupResponse> {
    const joined = await group.join(joinInput());
    const synced = await group.sync(joined.memberId, joined.generationId, new Map([[joined.memberId, Buffer.from('p0,p1')]]));
    assert.equal(synced.errorCode, ErrorCode.NONE);
    return joined;
  }

  test('a first member becomes leader of generation 1 and gets its assignment from its own sync', async () => {
    const joined = await group.join(joinInput());
    assert.equal(joined.errorCode, ErrorCode.NONE);
    assert.equal(joined.generationId, 1);
    assert.equal(joined.leaderId, joined.memberId);
    assert.deepEqual(
      joined.members.map((member) => member.memberId),
      [joined.memberId],
    );
    assert.equal(group.state, 'CompletingRebalance');
    const synced = await group.sync(joined.memberId, 1, new Map([[joined.memberId, Buffer.from('all')]]));
    assert.deepEqual(synced, { errorCode: ErrorCode.NONE, assignment: Buffer.from('all') });
    assert.equal(group.state, 'Stable');
  });

  test('a new member holds its join until the existing member rejoins; only the leader sees the members', async () => {
    const first = await stableSingleMember();
    const secondJoin = track(group.join(joinInput('', { clientId: 'other' })));
    await flush();
    assert.equal(secondJoin.settled(), false, 'held while the first member has not rejoined');
    assert.equal(group.state, 'PreparingRebalance');
    assert.equal(group.heartbeat(first.memberId, first.generationId), ErrorCode.REBALANCE_IN_PROGRESS);

    const firstRejoin = await group.join(joinInput(first.memberId));
    const second = await secondJoin.value();
    assert.equal(firstRejoin.generationId, 2);
    assert.equal(second.generationId, 2);
    assert.equal(firstRejoin.leaderId, first.memberId, 'the existing leader stays leader');
    assert.equal(firstRejoin.members.length, 2);
    assert.deepEqual(second.members, [], 'followers get no member list');

    const followerSync = track(group.sync(second.memberId, 2, new Map()));
    await flush();
    assert.equal(followerSync.settled(), false, 'a follower waits for the leader to assign');
    const leaderSync = await group.sync(
      first.memberId,
      2,
      new Map([
        [first.memberId, Buffer.from('p0')],
        [second.memberId, Buffer.from('p1')],
      ]),
    );
    assert.deepEqual(leaderSync.assignment, Buffer.from('p0'));
    assert.deepEqual((await followerSync.value()).assignment, Buffer.from('p1'));
    assert.equal(group.heartbeat(second.memberId, 2), ErrorCode.NONE);
  });

  test('members that do not rejoin within the rebalance timeout are dropped', async () => {
    const first = await stableSingleMember();
    const secondJoin = track(group.join(joinInput('', { clientId: 'other' })));
    // Keep the first member's session alive, but never let it rejoin.
    for (let elapsed = 0; elapsed < REBALANCE_MS - 500; elapsed += 500) {
      mock.timers.tick(500);
      assert.equal(group.heartbeat(first.memberId, first.generationId), ErrorCode.REBALANCE_IN_PROGRESS);
    }
    await flush();
    assert.equal(secondJoin.settled(), false);
    mock.timers.tick(500);
    const second = await secondJoin.value();
    assert.equal(second.errorCode, ErrorCode.NONE);
    assert.equal(second.leaderId, second.memberId, 'the remaining member leads');
    assert.equal(group.memberCount, 1);
    assert.equal(group.heartbeat(first.memberId, first.generationId), ErrorCode.UNKNOWN_MEMBER_ID);
  });

  test('a member that stops heartbeating expires after its session timeout and triggers a rebalance', async () => {
    const first = await stableSingleMember();
    const secondJoin = track(group.join(joinInput('', { clientId: 'other' })));
    await group.join(joinInput(first.memberId));
    const second = await secondJoin.value();
    await Promise.all([group.sync(first.memberId, 2, new Map()), group.sync(second.memberId, 2, new Map())]);
    assert.equal(group.state, 'Stable');

    mock.timers.tick(SESSION_MS / 2);
    assert.equal(group.heartbeat(first.memberId, 2), ErrorCode.NONE);
    mock.timers.tick(SESSION_MS / 2); // second member silent for a full session
    assert.equal(group.state, 'PreparingRebalance');
    assert.equal(group.heartbeat(second.memberId, 2), ErrorCode.UNKNOWN_MEMBER_ID);
    assert.equal(group.heartbeat(first.memberId, 2), ErrorCode.REBALANCE_IN_PROGRESS);
    const rejoined = await group.join(joinInput(first.memberId));
    assert.equal(rejoined.generationId, 3);
    assert.equal(rejoined.members.length, 1);
  });

  test('leaving triggers a rebalance; the last member leaving empties the group', async () => {
    const first = await stableSingleMember();
    assert.equal(group.leave(first.memberId), ErrorCode.NONE);
    assert.equal(group.state, 'Empty');
    assert.equal(group.memberCount, 0);
    assert.equal(group.leave(first.memberId), ErrorCode.UNKNOWN_MEMBER_ID);
  });

  test('stale generations and unknown members are refused', async () => {
    const first = await stableSingleMember();
    assert.equal(group.heartbeat(first.memberId, first.generationId + 1), ErrorCode.ILLEGAL_GENERATION);
    assert.equal((await group.sync(first.memberId, 99, new Map())).errorCode, ErrorCode.ILLEGAL_GENERATION);
    assert.equal(group.heartbeat('nobody', first.generationId), ErrorCode.UNKNOWN_MEMBER_ID);
    assert.equal((await group.join(joinInput('nobody'))).errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
  });

  test('a rebalance during CompletingRebalance answers waiting syncs with REBALANCE_IN_PROGRESS', async () => {
    const first = await stableSingleMember();
    const secondJoin = track(group.join(joinInput('', { clientId: 'other' })));
    await group.join(joinInput(first.memberId));
    const second = await secondJoin.value();
    const followerSync = group.sync(second.memberId, 2, new Map());
    const thirdJoin = track(group.join(joinInput('', { clientId: 'third' })));
    assert.equal((await followerSync).errorCode, ErrorCode.REBALANCE_IN_PROGRESS);
    assert.equal(group.state, 'PreparingRebalance');
    assert.equal(group.validateCommit(first.memberId, 2), ErrorCode.NONE, 'commits are still accepted while preparing');
    await Promise.all([group.join(joinInput(first.memberId)), group.join(joinInput(second.memberId))]);
    assert.equal((await thirdJoin.value()).generationId, 3);
  });

  test('offset commits: admin commits only when empty, none while completing a rebalance', async () => {
    assert.equal(group.validateCommit('', -1), ErrorCode.NONE);
    const joined = await group.join(joinInput());
    assert.equal(group.validateCommit(joined.memberId, joined.generationId), ErrorCode.REBALANCE_IN_PROGRESS);
    await group.sync(joined.memberId, joined.generationId, new Map());
    assert.equal(group.validateCommit(joined.memberId, joined.generationId), ErrorCode.NONE);
    assert.equal(group.validateCommit(joined.memberId, joined.generationId - 1), ErrorCode.ILLEGAL_GENERATION);
    assert.equal(group.validateCommit('', -1), ErrorCode.UNKNOWN_MEMBER_ID);
  });

  test('refuses a member whose protocols share nothing with the group', async () => {
    await stableSingleMember();
    const refused = await group.join(joinInput('', { protocols: [{ name: 'SomethingElse', metadata: Buffer.alloc(0) }] }));
    assert.equal(refused.errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const badTimeout = await group.join(joinInput('', { sessionTimeoutMs: 10 }));
    assert.equal(badTimeout.errorCode, ErrorCode.INVALID_SESSION_TIMEOUT);
  });

  test('describe reports state, protocol and member assignments once stable', async () => {
    const first = await stableSingleMember();
    const described = group.describe();
    assert.equal(described.state, 'Stable');
    assert.equal(described.protocolType, 'consumer');
    assert.equal(described.protocolName, 'RoundRobinAssigner');
    assert.deepEqual(
      described.members.map((member) => [member.memberId, member.assignment.toString(), member.metadata.toString()]),
      [[first.memberId, 'p0,p1', 'meta']],
    );
  });
});
