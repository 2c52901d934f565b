import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { eventually } from '@crm-bridge/testing';
import { KafkaDevBroker } from './broker';
import { DataDirectoryInUseError } from './log/data-directory-lock';
import { createCollectingLogger } from './testing/collecting-logger';
import { ConsumerObserver, TestBroker, uniqueName } from './testing/test-broker';

describe('committed offsets', () => {
  let broker: TestBroker;

  before(async () => {
    broker = await TestBroker.start();
  });

  after(async () => {
    await broker.stop();
  });

  test('a restarted consumer resumes after the last committed offset', async () => {
    const topic = uniqueName('resume');
    const groupId = uniqueName('group');
    const producer = await broker.producer();
    await producer.send({ topic, messages: [1, 2, 3, 4, 5].map((index) => ({ value: `first-${index}` })) });

    const firstRun = new ConsumerObserver(await broker.consumer({ groupId }));
    await firstRun.consumer.subscribe({ topic, fromBeginning: true });
    await firstRun.run();
    await eventually(() => assert.equal(firstRun.messages.length, 5));
    await firstRun.consumer.disconnect();

    await producer.send({ topic, messages: [6, 7, 8].map((index) => ({ value: `second-${index}` })) });
    const secondRun = new ConsumerObserver(await broker.consumer({ groupId }));
    await secondRun.consumer.subscribe({ topic, fromBeginning: true });
    await secondRun.run();
    await eventually(() =>
      assert.deepEqual(
        secondRun.messages.map((message) => [message.offset, message.value]),
        [
          [5, 'second-6'],
          [6, 'second-7'],
          [7, 'second-8'],
        ],
      ),
    );
    const admin = await broker.admin();
    await eventually(async () => assert.equal((await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions[0]?.offset, '8'));
  });
});

describe('persistent mode (dataDir)', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kafka-dev-broker-data-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test('events and committed offsets survive a broker restart', async () => {
    const topic = 'customer-events';
    const groupId = 'sync-engine';
    const firstBroker = await TestBroker.start({ dataDir });
    try {
      const admin = await firstBroker.admin();
      await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
      const producer = await firstBroker.producer();
      await producer.send({
        topic,
        messages: range(6).map((index) => ({
          partition: index % 2,
          key: `k${index}`,
          value: `before-${index}`,
          headers: { seq: String(index) },
        })),
      });
      const consumer = new ConsumerObserver(await firstBroker.consumer({ groupId }));
      await consumer.consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run();
      await eventually(() => assert.equal(consumer.messages.length, 6));
    } finally {
      await firstBroker.stop();
    }

    const secondBroker = await TestBroker.start({ dataDir });
    try {
      assert.notEqual(secondBroker.address.port, 0);
      const producer = await secondBroker.producer();
      await producer.send({
        topic,
        messages: [
          { partition: 0, value: 'after-0' },
          { partition: 1, value: 'after-1' },
        ],
      });

      const resumed = new ConsumerObserver(await secondBroker.consumer({ groupId }));
      await resumed.consumer.subscribe({ topic, fromBeginning: true });
      await resumed.run();
      await eventually(() =>
        assert.deepEqual(resumed.messages.map((message) => [message.partition, message.offset, message.value]).sort(), [
          [0, 3, 'after-0'],
          [1, 3, 'after-1'],
        ]),
      );

      const replay = new ConsumerObserver(await secondBroker.consumer({ groupId: 'fresh-reader' }));
      await replay.consumer.subscribe({ topic, fromBeginning: true });
      await replay.run();
      await eventually(() => assert.equal(replay.messages.length, 8));
      const restored = replay.messages.filter((message) => message.value?.startsWith('before-'));
      for (const message of restored) {
        const index = Number(message.headers['seq']);
        assert.equal(message.key, `k${index}`);
        assert.equal(message.value, `before-${index}`);
        assert.equal(message.partition, index % 2);
        assert.equal(message.offset, Math.floor(index / 2));
      }
      const admin = await secondBroker.admin();
      assert.ok((await admin.listGroups()).groups.some((group) => group.groupId === groupId));
    } finally {
      await secondBroker.stop();
    }
  });

  test('a deleted topic stays deleted after a restart', async () => {
    const first = await TestBroker.start({ dataDir });
    try {
      const admin = await first.admin();
      await admin.createTopics({ topics: [{ topic: 'short-lived' }, { topic: 'kept' }] });
      await admin.deleteTopics({ topics: ['short-lived'] });
    } finally {
      await first.stop();
    }
    const second = await TestBroker.start({ dataDir });
    try {
      const admin = await second.admin();
      assert.deepEqual(await admin.listTopics(), ['kept']);
    } finally {
      await second.stop();
    }
  });

  test('a second broker on the same data directory is refused', async () => {
    const first = await TestBroker.start({ dataDir });
    try {
      const second = new KafkaDevBroker({ logger: createCollectingLogger().logger });
      await assert.rejects(second.start({ dataDir }), DataDirectoryInUseError);
    } finally {
      await first.stop();
    }
  });
});

describe('retention', () => {
  test('size retention drops old segments; consumers start at the new log start offset', async () => {
    const broker = await TestBroker.start({
      retention: { segmentBytes: 300, maxBytesPerPartition: 600, checkIntervalMs: 50 },
    });
    try {
      const topic = uniqueName('bounded');
      const producer = await broker.producer();
      for (let index = 0; index < 40; index += 1) {
        await producer.send({ topic, messages: [{ value: `event-${index}` }] });
      }
      const admin = await broker.admin();
      const [offsets] = await admin.fetchTopicOffsets(topic);
      const low = Number(offsets?.low);
      assert.equal(offsets?.high, '40');
      assert.ok(low > 0 && low < 40, `log start moved forward (low=${low})`);

      const reader = new ConsumerObserver(await broker.consumer({ groupId: uniqueName('group') }));
      await reader.consumer.subscribe({ topic, fromBeginning: true });
      await reader.run();
      await eventually(() => assert.equal(reader.messages.length, 40 - low));
      assert.equal(reader.messages[0]?.offset, low);
      assert.equal(reader.messages[0]?.value, `event-${low}`);
    } finally {
      await broker.stop();
    }
  });

  test('age retention empties a partition once its records are older than maxAgeMs', async () => {
    const broker = await TestBroker.start({ retention: { maxAgeMs: 300, checkIntervalMs: 50 } });
    try {
      const topic = uniqueName('expiring');
      const producer = await broker.producer();
      await producer.send({ topic, messages: [{ value: 'soon gone' }, { value: 'also gone' }] });
      const admin = await broker.admin();
      await eventually(async () => {
        const [offsets] = await admin.fetchTopicOffsets(topic);
        assert.deepEqual([offsets?.low, offsets?.high], ['2', '2']);
      });
    } finally {
      await broker.stop();
    }
  });
});

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}
