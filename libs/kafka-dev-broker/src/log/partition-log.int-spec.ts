import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { decodeUncompressedRecords } from '../protocol/record-batch';
import { createCollectingLogger } from '../testing/collecting-logger';
import { buildRecordBatch, corruptByte } from '../testing/record-batch-builder';
import { PartitionLog } from './partition-log';
import { PartitionLogDirectory } from './partition-log-directory';
import { resolveRetentionPolicy, type RetentionPolicy } from './retention-policy';

describe('PartitionLog with a segment directory', () => {
  let root: string;
  let path: string;
  const { logger, entries } = createCollectingLogger();

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kafka-dev-broker-log-'));
    path = join(root, 'orders', '0');
    entries.length = 0;
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const open = (policy: RetentionPolicy = {}): PartitionLog =>
    PartitionLog.create({
      topic: 'orders',
      partition: 0,
      retention: resolveRetentionPolicy(policy),
      directory: new PartitionLogDirectory(path, logger),
    });

  const valuesOf = (log: PartitionLog): string[] =>
    log
      .read(log.logStartOffset, 1 << 20)
      .flatMap((batch) => decodeUncompressedRecords(batch).map((r) => `${r.offset}:${r.value?.toString() ?? 'null'}`));

  const segmentFiles = (): string[] => readdirSync(path).sort();

  test('survives a reopen with the same offsets and contents', () => {
    const log = open();
    log.append([buildRecordBatch([{ value: 'a' }, { value: 'b' }])]);
    log.append([buildRecordBatch([{ value: 'c' }])]);
    log.close();
    const reopened = open();
    assert.equal(reopened.logEndOffset, 3);
    assert.deepEqual(valuesOf(reopened), ['0:a', '1:b', '2:c']);
    assert.equal(reopened.append([buildRecordBatch([{ value: 'd' }])]).baseOffset, 3);
    reopened.close();
  });

  test('a torn write at the tail is cut off on reopen, keeping every complete batch', () => {
    const log = open();
    log.append([buildRecordBatch([{ value: 'kept' }])]);
    log.close();
    const [segment] = segmentFiles();
    assert.ok(segment !== undefined);
    const lengthBefore = statSync(join(path, segment)).size;
    appendFileSync(join(path, segment), buildRecordBatch([{ value: 'half-written' }]).subarray(0, 40));
    const reopened = open();
    assert.deepEqual(valuesOf(reopened), ['0:kept']);
    assert.equal(statSync(join(path, segment)).size, lengthBefore, 'the file is truncated back');
    assert.ok(entries.some((entry) => entry.level === 'warn' && entry.message === 'truncating damaged segment tail'));
    assert.equal(reopened.append([buildRecordBatch([{ value: 'next' }])]).baseOffset, 1);
    reopened.close();
  });

  test('a batch failing its CRC ends the log there and later segments are removed', () => {
    const log = open({ segmentBytes: 1 });
    for (const value of ['a', 'b', 'c']) {
      log.append([buildRecordBatch([{ value }])]);
    }
    log.close();
    const files = segmentFiles();
    assert.equal(files.length, 3);
    const middle = join(path, files[1] as string);
    const damaged = readFileSync(middle);
    corruptByte(damaged, damaged.length - 1);
    writeFileSync(middle, damaged);
    const reopened = open({ segmentBytes: 1 });
    assert.deepEqual(valuesOf(reopened), ['0:a']);
    assert.equal(reopened.logEndOffset, 1);
    assert.equal(segmentFiles().length, 2, 'the damaged segment is emptied and the one after it deleted');
    reopened.close();
  });

  test('retention deletes old segment files and the start offset survives a reopen', () => {
    const sample = buildRecordBatch([{ value: 'xxxxx' }]);
    const policy = { segmentBytes: sample.length * 2, maxBytesPerPartition: sample.length * 2 };
    const log = open(policy);
    for (let index = 0; index < 8; index += 1) {
      log.append([buildRecordBatch([{ value: `v${index}` }])]);
    }
    const start = log.logStartOffset;
    assert.ok(start > 0);
    assert.equal(segmentFiles()[0], `${String(start).padStart(20, '0')}.log`);
    log.close();
    const reopened = open(policy);
    assert.equal(reopened.logStartOffset, start);
    assert.equal(reopened.logEndOffset, 8);
    reopened.close();
  });

  test('an emptied log keeps its end offset across a reopen', () => {
    let now = 5_000_000;
    const create = (): PartitionLog =>
      PartitionLog.create({
        topic: 'orders',
        partition: 0,
        retention: resolveRetentionPolicy({ maxAgeMs: 100 }),
        directory: new PartitionLogDirectory(path, logger),
        now: () => now,
      });
    const log = create();
    log.append([buildRecordBatch([{ value: 'a' }, { value: 'b' }], { baseTimestamp: now })]);
    now += 1000;
    log.enforceRetention();
    log.close();
    const reopened = create();
    assert.deepEqual([reopened.logStartOffset, reopened.logEndOffset], [2, 2]);
    reopened.close();
  });

  test('an empty segment file left by a crash right after a roll loads as an empty log', () => {
    const log = open();
    log.close();
    truncateSync(join(path, segmentFiles()[0] as string), 0);
    const reopened = open();
    assert.equal(reopened.logEndOffset, 0);
    reopened.close();
  });
});
