import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createCollectingLogger } from '../testing/collecting-logger';
import { CommittedOffsetStore } from './committed-offset-store';

describe('CommittedOffsetStore file persistence', () => {
  let root: string;
  let file: string;
  const { logger, entries } = createCollectingLogger();

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kafka-dev-broker-offsets-'));
    file = join(root, 'group-offsets.jsonl');
    entries.length = 0;
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('the latest commit per partition survives a reopen', () => {
    const store = CommittedOffsetStore.open(file, logger);
    store.commit('billing', [{ topic: 'orders', partition: 0, offset: 5, metadata: null }]);
    store.commit('billing', [
      { topic: 'orders', partition: 0, offset: 9, metadata: 'm' },
      { topic: 'orders', partition: 1, offset: 2, metadata: null },
    ]);
    store.close();
    const reopened = CommittedOffsetStore.open(file, logger);
    assert.deepEqual(reopened.get('billing', 'orders', 0), { offset: 9, metadata: 'm' });
    assert.deepEqual(reopened.get('billing', 'orders', 1), { offset: 2, metadata: null });
    assert.equal(reopened.get('billing', 'orders', 2), undefined);
    reopened.close();
  });

  test('group and topic deletions are persisted as tombstones', () => {
    const store = CommittedOffsetStore.open(file, logger);
    store.commit('a', [{ topic: 'orders', partition: 0, offset: 1, metadata: null }]);
    store.commit('b', [
      { topic: 'orders', partition: 0, offset: 1, metadata: null },
      { topic: 'invoices', partition: 0, offset: 3, metadata: null },
    ]);
    store.deleteGroup('a');
    store.deleteTopic('orders');
    store.close();
    const reopened = CommittedOffsetStore.open(file, logger);
    assert.deepEqual(reopened.groupIds(), ['b']);
    assert.equal(reopened.get('b', 'orders', 0), undefined);
    assert.deepEqual(reopened.get('b', 'invoices', 0), { offset: 3, metadata: null });
    reopened.close();
  });

  test('a torn last line from a crash is skipped with a warning', () => {
    const store = CommittedOffsetStore.open(file, logger);
    store.commit('billing', [{ topic: 'orders', partition: 0, offset: 4, metadata: null }]);
    store.close();
    appendFileSync(file, '{"type":"commit","group":"billing","topic":"ord');
    const reopened = CommittedOffsetStore.open(file, logger);
    assert.deepEqual(reopened.get('billing', 'orders', 0), { offset: 4, metadata: null });
    assert.ok(entries.some((entry) => entry.message === 'skipped unreadable lines in the offsets file'));
    reopened.close();
  });

  test('the file is compacted once it is mostly superseded commits', () => {
    const store = CommittedOffsetStore.open(file, logger);
    for (let offset = 1; offset <= 10_050; offset += 1) {
      store.commit('billing', [{ topic: 'orders', partition: offset % 2, offset, metadata: null }]);
    }
    store.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    assert.ok(lines.length < 100, `expected a compacted file, got ${lines.length} lines`);
    const reopened = CommittedOffsetStore.open(file, logger);
    assert.equal(reopened.get('billing', 'orders', 0)?.offset, 10_050);
    assert.equal(reopened.get('billing', 'orders', 1)?.offset, 10_049);
    reopened.close();
  });
});
