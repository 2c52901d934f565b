import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planChannel, type ChannelPlanInput, type PlannedChannel } from './notification-channel.plan';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const now = new Date('2026-03-01T12:00:00Z');
const at = (offsetMs: number): Date => new Date(now.getTime() + offsetMs);
const URL = 'https://crm-bridge.example.com/zoho/notifications';

const live = (overrides: Partial<PlannedChannel> = {}): PlannedChannel => ({
  notifyUrl: URL,
  expiresAt: at(5 * DAY),
  checkedAt: at(-10 * 60_000),
  retryAt: null,
  ...overrides,
});

const plan = (overrides: Partial<ChannelPlanInput>) =>
  planChannel({
    wanted: true,
    connectionUsable: true,
    channel: live(),
    notifyUrl: URL,
    now,
    timing: { lifetimeMs: 7 * DAY, renewBeforeMs: DAY, checkIntervalMs: HOUR },
    ...overrides,
  });

describe('planChannel', () => {
  test('a wanted integration without a channel enables one', () => {
    assert.deepEqual(plan({ channel: null }), { kind: 'enable', reason: 'new' });
  });

  test('a live channel waits for the earlier of its check and its renewal', () => {
    assert.deepEqual(plan({}), { kind: 'idle', dueAt: at(50 * 60_000) });
    assert.deepEqual(plan({ channel: live({ expiresAt: at(DAY + 5 * 60_000) }) }), { kind: 'idle', dueAt: at(5 * 60_000) });
  });

  test('renews when less than renewBefore is left, and checks once the interval passed', () => {
    assert.deepEqual(plan({ channel: live({ expiresAt: at(DAY - 1) }) }), { kind: 'enable', reason: 'renew' });
    assert.deepEqual(plan({ channel: live({ checkedAt: at(-HOUR) }) }), { kind: 'check' });
    assert.deepEqual(plan({ channel: live({ checkedAt: null }) }), { kind: 'check' });
  });

  test('a channel never confirmed or already lapsed is enabled again; a changed notify URL re-subscribes', () => {
    assert.deepEqual(plan({ channel: live({ expiresAt: null }) }), { kind: 'enable', reason: 'retry' });
    assert.deepEqual(plan({ channel: live({ expiresAt: at(-1) }) }), { kind: 'enable', reason: 'retry' });
    assert.deepEqual(plan({ notifyUrl: 'https://elsewhere.example.com/zoho/notifications' }), {
      kind: 'enable',
      reason: 'notify-url-changed',
    });
  });

  test('after a failure nothing is tried before retryAt, wanted or not', () => {
    const failed = live({ expiresAt: null, retryAt: at(30_000) });
    assert.deepEqual(plan({ channel: failed }), { kind: 'idle', dueAt: at(30_000) });
    assert.deepEqual(plan({ channel: live({ retryAt: at(30_000) }), wanted: false }), { kind: 'idle', dueAt: at(30_000) });
    assert.deepEqual(plan({ channel: live({ retryAt: at(-1), expiresAt: null }) }), { kind: 'enable', reason: 'retry' });
  });

  test('an unwanted channel is disabled, or forgotten when Zoho cannot be asked or it lapsed by itself', () => {
    assert.deepEqual(plan({ wanted: false, channel: null }), { kind: 'idle', dueAt: null });
    assert.deepEqual(plan({ wanted: false }), { kind: 'disable' });
    assert.deepEqual(plan({ wanted: false, connectionUsable: false }), { kind: 'forget', reason: 'connection-unusable' });
    assert.deepEqual(plan({ wanted: false, channel: live({ expiresAt: at(-1) }) }), { kind: 'forget', reason: 'expired' });
    assert.deepEqual(plan({ wanted: false, channel: live({ expiresAt: null }) }), { kind: 'forget', reason: 'never-enabled' });
  });
});
