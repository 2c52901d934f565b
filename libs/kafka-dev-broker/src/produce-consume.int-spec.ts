import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { AssignerProtocol, CompressionTypes } from 'kafkajs';
import { eventually } from '@crm-bridge/testing';
import { ConsumerObserver, TestBroker, uniqueName } from './testing/test-broker';

describe('kafkajs producer and consumer against KafkaDevBroker', () => {
  let broker: TestBroker;

  before(async () => {
    broker = await TestBroker.start({ defaultPartitions: 1 });
  });

  after(async () => {
    await broker.stop();
  });

  test('messages with keys and headers arrive intact on the partitions they were sent to', async () => {
    const topic = uniqueName('orders');
    const admin = await broker.admin();
    assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] }), true);
    const producer = await broker.producer();
    const sent = Array.from({ length: 30 }, (_, index) => ({
      partition: index % 3,
      key: `key-${index}`,
      value: `value-${index}`,
      headers: { 'correlation-id': `c-${index}`, source: 'test' },
    }));
    for (let index = 0; index < sent.length; index += 10) {
      await producer.send({ topic, messages: sent.slice(index, index + 10) });
    }

    const observer = new ConsumerObserver(await broker.consumer({ groupId: uniqueName('group') }));
    await observer.consumer.subscribe({ topic, fromBeginning: true });
    await observer.run();
    await eventually(() => assert.equal(observer.messages.length, 30));

    for (const message of observer.messages) {
      const index = Number(message.value?.split('-')[1]);
      assert.equal(message.partition, index % 3);
      assert.equal(message.key, `key-${index}`);
      assert.deepEqual(message.headers, { 'correlation-id': `c-${index}`, source: 'test' });
    }
    for (const partition of [0, 1, 2]) {
      const offsets = observer.messages.filter((message) => message.partition === partition).map((message) => message.offset);
      assert.deepEqual(
        offsets,
        Array.from({ length: 10 }, (_, offset) => offset),
        `partition ${partition} offsets`,
      );
    }
  });

  test('a waiting consumer gets a new message right away (the long-poll wakes on append)', async () => {
    const topic = uniqueName('wakeup');
    const producer = await broker.producer();
    await producer.send({ topic, messages: [{ value: 'warm-up' }] });
    const observer = new ConsumerObserver(await broker.consumer({ groupId: uniqueName('group'), maxWaitTimeInMs: 3000 }));
    await observer.consumer.subscribe({ topic, fromBeginning: true });
    await observer.run();
    await eventually(() => assert.equal(observer.messages.length, 1));

    const sentAt = Date.now();
    await producer.send({ topic, messages: [{ value: 'wake-up' }] });
    await eventually(() => assert.equal(observer.messages.length, 2), { timeoutMs: 5000, intervalMs: 10 });
    const latencyMs = Date.now() - sentAt;
    assert.ok(latencyMs < 1500, `delivered after ${latencyMs} ms, but the fetch waits up to 3 s`);
  });

  test('acks=0 sends are stored although the broker sends no response', async () => {
    const topic = uniqueName('fire-and-forget');
    const producer = await broker.producer();
    await producer.send({ topic, acks: 0, messages: [{ key: 'k', value: 'no-ack-1' }, { value: 'no-ack-2' }] });
    const admin = await broker.admin();
    await eventually(async () => assert.equal((await admin.fetchTopicOffsets(topic))[0]?.high, '2'));
    const observer = new ConsumerObserver(await broker.consumer({ groupId: uniqueName('group') }));
    await observer.consumer.subscribe({ topic, fromBeginning: true });
    await observer.run();
    await eventually(() =>
      assert.deepEqual(
        observer.messages.map((message) => message.value),
        ['no-ack-1', 'no-ack-2'],
      ),
    );
  });

  test('GZIP-compressed batches pass through untouched', async () => {
    const topic = uniqueName('compressed');
    const producer = await broker.producer();
    const values = Array.from({ length: 50 }, (_, index) => `compressible-${'x'.repeat(100)}-${index}`);
    await producer.send({ topic, compression: CompressionTypes.GZIP, messages: values.map((value) => ({ value })) });
    const observer = new ConsumerObserver(await broker.consumer({ groupId: uniqueName('group') }));
    await observer.consumer.subscribe({ topic, fromBeginning: true });
    await observer.run();
    await eventually(() =>
      assert.deepEqual(
        observer.messages.map((message) => message.value),
        values,
      ),
    );
    assert.deepEqual(
      observer.messages.map((message) => message.offset),
      values.map((_, index) => index),
    );
  });

  test('an idempotent producer gets a producer id and its messages are consumed once', async () => {
    const topic = uniqueName('idempotent');
    const producer = await broker.producer({ idempotent: true, maxInFlightRequests: 1 });
    for (let index = 0; index < 3; index += 1) {
      await producer.send({ topic, messages: [{ value: `once-${index}` }] });
    }
    const observer = new ConsumerObserver(await broker.consumer({ groupId: uniqueName('group') }));
    await observer.consumer.subscribe({ topic, fromBeginning: true });
    await observer.run();
    await eventually(() =>
      assert.deepEqual(
        observer.messages.map((message) => message.value),
        ['once-0', 'once-1', 'once-2'],
      ),
    );
    assert.ok((broker.broker.requestCounts()['InitProducerId'] ?? 0) >= 1);
  });

  test('a consumer without fromBeginning starts at the end of the log', async () => {
    const topic = uniqueName('latest');
    const producer = await broker.producer();
    await producer.send({ topic, messages: [{ value: 'before' }] });
    const observer = new ConsumerObserver(await broker.consumer({ groupId: uniqueName('group') }));
    await observer.consumer.subscribe({ topic, fromBeginning: false });
    await observer.run();
    await eventually(() => assert.equal(observer.joins, 1));
    await eventually(async () => {
      await producer.send({ topic, messages: [{ value: 'after' }] });
      assert.ok(observer.messages.length > 0);
    });
    assert.ok(observer.messages.every((message) => message.value === 'after'));
  });
});

describe('long-poll on an idle consumer', () => {
  // Its own broker, so the count includes only this consumer's fetches.
  let idleBroker: TestBroker;

  before(async () => {
    idleBroker = await TestBroker.start();
  });

  after(async () => {
    await idleBroker.stop();
  });

  test('an idle consumer does not spin: fetches are held for maxWaitTime', async () => {
    const topic = uniqueName('idle');
    const producer = await idleBroker.producer();
    await producer.send({ topic, messages: [{ value: 'only' }] });
    const observer = new ConsumerObserver(await idleBroker.consumer({ groupId: uniqueName('group'), maxWaitTimeInMs: 500 }));
    await observer.consumer.subscribe({ topic, fromBeginning: true });
    await observer.run();
    await eventually(() => assert.equal(observer.messages.length, 1));

    const fetchesBefore = idleBroker.broker.requestCounts()['Fetch'] ?? 0;
    // A measurement window, not a wait for an effect: count fetches answered while idle.
    await delay(2000);
    const idleFetches = (idleBroker.broker.requestCounts()['Fetch'] ?? 0) - fetchesBefore;
    assert.ok(idleFetches >= 2, `the consumer kept polling (${idleFetches} fetches)`);
    assert.ok(idleFetches <= 10, `expected at most 10 fetches in 2 s with maxWaitTime 500 ms, got ${idleFetches}`);
  });
});

describe('kafkajs admin against KafkaDevBroker', () => {
  let broker: TestBroker;

  before(async () => {
    broker = await TestBroker.start({ defaultPartitions: 2 });
  });

  after(async () => {
    await broker.stop();
  });

  test('createTopics, listTopics, fetchTopicMetadata and deleteTopics', async () => {
    const admin = await broker.admin();
    const topic = uniqueName('admin-topic');
    assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 4 }] }), true);
    assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 4 }] }), false, 'already exists');
    const defaulted = uniqueName('default-partitions');
    await admin.createTopics({ topics: [{ topic: defaulted }] });
    const metadata = await admin.fetchTopicMetadata({ topics: [topic, defaulted] });
    assert.deepEqual(
      metadata.topics.map((entry) => [entry.name, entry.partitions.length]).sort(),
      [
        [topic, 4],
        [defaulted, 2],
      ].sort(),
    );
    assert.ok((await admin.listTopics()).includes(topic));
    await admin.deleteTopics({ topics: [topic] });
    assert.equal((await admin.listTopics()).includes(topic), false);
    await assert.rejects(
      admin.createTopics({ topics: [{ topic: uniqueName('replicated'), numPartitions: 1, replicationFactor: 3 }] }),
      (error: { errors?: Array<{ type?: string }> }) => {
        assert.deepEqual(
          error.errors?.map((cause) => cause.type),
          ['INVALID_REPLICATION_FACTOR'],
        );
        return true;
      },
    );
  });

  test('fetchTopicOffsets and fetchTopicOffsetsByTimestamp report low and high watermarks', async () => {
    const admin = await broker.admin();
    const producer = await broker.producer();
    const topic = uniqueName('offsets');
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    await producer.send({
      topic,
      messages: [0, 1, 2].map((index) => ({ partition: 0, value: `m${index}`, timestamp: String(1000 + index) })),
    });
    await producer.send({ topic, messages: [{ partition: 1, value: 'only', timestamp: '5000' }] });
    const offsets = await admin.fetchTopicOffsets(topic);
    assert.deepEqual(
      offsets.map(({ partition, low, high }) => ({ partition, low, high })).sort((a, b) => a.partition - b.partition),
      [
        { partition: 0, low: '0', high: '3' },
        { partition: 1, low: '0', high: '1' },
      ],
    );
    const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, 1001);
    assert.deepEqual(
      byTime.map(({ partition, offset }) => ({ partition, offset })).sort((a, b) => a.partition - b.partition),
      [
        { partition: 0, offset: '1' },
        { partition: 1, offset: '0' },
      ],
    );
  });

  test('listGroups, describeGroups, fetchOffsets and deleteGroups', async () => {
    const admin = await broker.admin();
    const producer = await broker.producer();
    const topic = uniqueName('groups');
    const groupId = uniqueName('described');
    await producer.send({
      topic,
      messages: [
        { partition: 0, value: 'a' },
        { partition: 1, value: 'b' },
      ],
    });
    const observer = new ConsumerObserver(await broker.consumer({ groupId }, 'describe-me'));
    await observer.consumer.subscribe({ topic, fromBeginning: true });
    await observer.run();
    await eventually(() => assert.equal(observer.messages.length, 2));

    assert.ok((await admin.listGroups()).groups.some((group) => group.groupId === groupId && group.protocolType === 'consumer'));
    const [described] = (await admin.describeGroups([groupId])).groups;
    assert.equal(described?.state, 'Stable');
    assert.equal(described?.protocol, 'RoundRobinAssigner');
    assert.equal(described?.members.length, 1);
    const member = described?.members[0];
    assert.equal(member?.clientId, 'describe-me');
    const assignment = AssignerProtocol.MemberAssignment.decode(member?.memberAssignment ?? Buffer.alloc(0));
    assert.deepEqual(assignment?.assignment, { [topic]: [0, 1] });
    // No retries: kafkajs retries DeleteGroups errors, which would only slow this test down.
    const impatientAdmin = await broker.admin({ retry: { retries: 0 } });
    await assert.rejects(impatientAdmin.deleteGroups([groupId]), (error: { groups?: Array<{ groupId: string; errorCode: number }> }) => {
      assert.deepEqual(
        error.groups?.map((group) => [group.groupId, group.errorCode]),
        [[groupId, 68]],
      );
      return true;
    });

    await eventually(async () => {
      const [fetched] = await admin.fetchOffsets({ groupId, topics: [topic] });
      assert.deepEqual(
        fetched?.partitions.map(({ partition, offset }) => ({ partition, offset })).sort((a, b) => a.partition - b.partition),
        [
          { partition: 0, offset: '1' },
          { partition: 1, offset: '1' },
        ],
      );
    });
    await observer.consumer.disconnect();
    assert.equal((await admin.describeGroups([groupId])).groups[0]?.state, 'Empty');

    await admin.deleteGroups([groupId]);
    assert.equal(
      (await admin.listGroups()).groups.some((group) => group.groupId === groupId),
      false,
    );
    assert.equal((await admin.describeGroups([groupId])).groups[0]?.state, 'Dead');
  });
});

describe('KafkaDevBroker with autoCreateTopics disabled', () => {
  let broker: TestBroker;

  before(async () => {
    broker = await TestBroker.start({ autoCreateTopics: false });
  });

  after(async () => {
    await broker.stop();
  });

  test('sending to an unknown topic fails instead of creating it', async () => {
    const producer = await broker.producer({ retry: { retries: 0 } });
    await assert.rejects(
      producer.send({ topic: uniqueName('missing'), messages: [{ value: 'x' }] }),
      /does not host this topic-partition|unknown topic/i,
    );
    const admin = await broker.admin();
    assert.deepEqual(await admin.listTopics(), []);
  });
});
