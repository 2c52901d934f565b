import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decideOutboundFlush, outboundDueAt } from './outbound-schedule';

const at = (seconds: number): Date => new Date(Date.UTC(2026, 11, 1) + seconds * 1000);

describe('outboundDueAt', () => {
  test('every change pushes the push back by the debounce period', () => {
    assert.deepEqual(outboundDueAt({ firstChangedAt: at(0), lastChangedAt: at(0), debounceSeconds: 10 }), at(10));
    assert.deepEqual(outboundDueAt({ firstChangedAt: at(0), lastChangedAt: at(25), debounceSeconds: 10 }), at(35));
  });

  test('a deal edited constantly is due at most ten periods after its first unsent change', () => {
    assert.deepEqual(outboundDueAt({ firstChangedAt: at(0), lastChangedAt: at(95), debounceSeconds: 10 }), at(100));
    assert.deepEqual(outboundDueAt({ firstChangedAt: at(0), lastChangedAt: at(500), debounceSeconds: 10 }), at(500));
  });

  test('no debounce: due at the change', () => {
    assert.deepEqual(outboundDueAt({ firstChangedAt: at(0), lastChangedAt: at(3), debounceSeconds: 0 }), at(3));
  });
});

describe('decideOutboundFlush', () => {
  const limits = { lingerMs: 200, bulkThreshold: 1000 };

  test('a full batch of 100 goes at once; fewer wait for the linger of the oldest', () => {
    assert.deepEqual(decideOutboundFlush({ dueCount: 150, oldestDueAt: at(0), nextDueAt: null }, limits, at(0)), {
      kind: 'FLUSH',
      limit: 100,
      bulk: false,
    });
    assert.deepEqual(decideOutboundFlush({ dueCount: 3, oldestDueAt: at(0), nextDueAt: null }, limits, at(0.1)), {
      kind: 'WAIT',
      until: at(0.2),
    });
    assert.deepEqual(decideOutboundFlush({ dueCount: 3, oldestDueAt: at(0), nextDueAt: null }, limits, at(0.2)), {
      kind: 'FLUSH',
      limit: 3,
      bulk: false,
    });
  });

  test('a backlog over the bulk threshold goes through Bulk Write, at most 25,000 rows a job', () => {
    assert.deepEqual(decideOutboundFlush({ dueCount: 1000, oldestDueAt: at(0), nextDueAt: null }, limits, at(0)), {
      kind: 'FLUSH',
      limit: 1000,
      bulk: true,
    });
    assert.deepEqual(decideOutboundFlush({ dueCount: 60_000, oldestDueAt: at(0), nextDueAt: null }, limits, at(0)), {
      kind: 'FLUSH',
      limit: 25_000,
      bulk: true,
    });
  });

  test('nothing due: wait for the next row to become due, or for a wake', () => {
    assert.deepEqual(decideOutboundFlush({ dueCount: 0, oldestDueAt: null, nextDueAt: at(30) }, limits, at(0)), {
      kind: 'WAIT',
      until: at(30),
    });
    assert.deepEqual(decideOutboundFlush({ dueCount: 0, oldestDueAt: null, nextDueAt: null }, limits, at(0)), {
      kind: 'WAIT',
      until: null,
    });
  });
});
