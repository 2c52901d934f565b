import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, afterEach, before, describe, test } from 'node:test';
import { eventually } from '@crm-bridge/testing';
import { forkConsumer, type ChildConsumerEvent } from './testing/consumer-child-process';
import { ConsumerObserver, TestBroker, uniqueName } from './testing/test-broker';

/** Short sessions so eviction tests take seconds; heartbeats stay 10x more frequent. */
const SHORT_SESSION = { sessionTimeout: 3000, heartbeatInterval: 300, rebalanceTimeout: 3000 };

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

/** Asserts the members' assignments are disjoint, cover every partition and have these sizes. */
function assertSplit(assignments: readonly number[][], partitionCount: number, sizes: readonly number[]): void {
  const all = assignments.flat().sort((a, b) => a - b);
  assert.deepEqual(all, range(partitionCount), `assignments ${JSON.stringify(assignments)} must cover each partition once`);
  assert.deepEqual(
    assignments.map((assignment) => assignment.length).sort(),
    [...sizes].sort(),
    `assignment sizes ${JSON.stringify(assignments)}`,
  );
}

describe('consumer groups rebalance across members', () => {
  let broker: TestBroker;
  const children: ChildProcess[] = [];

  before(async () => {
    broker = await TestBroker.start();
  });

  afterEach(() => {
    for (const child of children.splice(0)) {
      child.kill('SIGKILL');
    }
  });

  after(async () => {
    await broker.stop();
  });

  async function createTopic(partitions: number): Promise<string> {
    const topic = uniqueName('rebalance');
    const admin = await broker.admin();
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
    return topic;
  }

  async function startMember(
    topic: string,
    groupId: string,
    settings: Partial<typeof SHORT_SESSION> = {},
    onMessage?: () => Promise<void>,
  ): Promise<ConsumerObserver> {
    const observer = new ConsumerObserver(await broker.consumer({ groupId, ...settings }));
    await observer.consumer.subscribe({ topic, fromBeginning: true });
    await observer.run(onMessage);
    return observer;
  }

  async function produceToEachPartition(topic: string, partitions: number, label: string): Promise<string[]> {
    const producer = await broker.producer();
    const values = range(partitions).map((partition) => `${label}-p${partition}`);
    await producer.send({ topic, messages: values.map((value, partition) => ({ partition, value })) });
    return values;
  }

  test('two consumers split the partitions, and the survivor takes all of them when one disconnects', async () => {
    const topic = await createTopic(4);
    const groupId = uniqueName('pair');
    const first = await startMember(topic, groupId);
    await eventually(() => assert.deepEqual(first.partitionsOf(topic), [0, 1, 2, 3]));

    const second = await startMember(topic, groupId);
    await eventually(() => assertSplit([first.partitionsOf(topic), second.partitionsOf(topic)], 4, [2, 2]));

    const sent = await produceToEachPartition(topic, 4, 'split');
    await eventually(() =>
      assert.deepEqual([...first.messages, ...second.messages].map((message) => message.value).sort(), [...sent].sort()),
    );
    for (const observer of [first, second]) {
      for (const message of observer.messages) {
        assert.ok(observer.partitionsOf(topic).includes(message.partition));
      }
    }
    const admin = await broker.admin();
    const [described] = (await admin.describeGroups([groupId])).groups;
    assert.equal(described?.members.length, 2);

    await second.consumer.disconnect();
    await eventually(() => assert.deepEqual(first.partitionsOf(topic), [0, 1, 2, 3]));
    const later = await produceToEachPartition(topic, 4, 'after-leave');
    await eventually(() =>
      assert.deepEqual(
        first.messages
          .map((message) => message.value)
          .filter((value) => value?.startsWith('after-leave'))
          .sort(),
        [...later].sort(),
      ),
    );
  });

  test('three consumers share six partitions; when one leaves, the other two take its partitions', async () => {
    const topic = await createTopic(6);
    const groupId = uniqueName('trio');
    const members = [await startMember(topic, groupId), await startMember(topic, groupId), await startMember(topic, groupId)];
    await eventually(() =>
      assertSplit(
        members.map((member) => member.partitionsOf(topic)),
        6,
        [2, 2, 2],
      ),
    );

    const [leaving, ...staying] = members as [ConsumerObserver, ConsumerObserver, ConsumerObserver];
    await leaving.consumer.disconnect();
    await eventually(() =>
      assertSplit(
        staying.map((member) => member.partitionsOf(topic)),
        6,
        [3, 3],
      ),
    );

    const sent = await produceToEachPartition(topic, 6, 'two-left');
    await eventually(() =>
      assert.deepEqual(staying.flatMap((member) => member.messages.map((message) => message.value)).sort(), [...sent].sort()),
    );
    assert.equal(leaving.messages.length, 0);
  });

  test('a killed consumer (SIGKILL, no LeaveGroup) is evicted after its session timeout', async () => {
    const topic = await createTopic(4);
    const groupId = uniqueName('killed');
    let childAssignment: number[] = [];
    const child = forkConsumer(
      { bootstrap: broker.bootstrap, clientId: 'doomed', groupId, topic, ...SHORT_SESSION },
      (event: ChildConsumerEvent) => {
        if (event.type === 'assignment') {
          childAssignment = [...(event.assignment[topic] ?? [])].sort();
        }
      },
    );
    children.push(child);
    await eventually(() => assert.deepEqual(childAssignment, [0, 1, 2, 3]), { timeoutMs: 15_000 });

    const survivor = await startMember(topic, groupId, SHORT_SESSION);
    await eventually(() => assertSplit([childAssignment, survivor.partitionsOf(topic)], 4, [2, 2]));

    const killedAt = Date.now();
    child.kill('SIGKILL');
    await eventually(() => assert.deepEqual(survivor.partitionsOf(topic), [0, 1, 2, 3]), { timeoutMs: 15_000 });
    const takeoverMs = Date.now() - killedAt;
    assert.ok(takeoverMs >= SHORT_SESSION.sessionTimeout - 500, `evicted by the session timeout, not earlier (${takeoverMs} ms)`);
    assert.ok(
      broker.logs.some((entry) => entry.message === 'member session expired' && entry.fields['groupId'] === groupId),
      'the broker reports the expiry',
    );

    const sent = await produceToEachPartition(topic, 4, 'after-kill');
    await eventually(() => assert.deepEqual(survivor.messages.map((message) => message.value).sort(), [...sent].sort()));
  });

  test('a consumer that stops heartbeating loses its partitions and its unfinished message is redelivered', async () => {
    const topic = await createTopic(2);
    const groupId = uniqueName('stuck');
    let releaseStuck: () => void = () => undefined;
    const stuckUntilReleased = new Promise<void>((resolve) => (releaseStuck = resolve));
    const healthy = await startMember(topic, groupId, SHORT_SESSION);
    await eventually(() => assert.deepEqual(healthy.partitionsOf(topic), [0, 1]));
    // kafkajs heartbeats only between messages, so a handler that never returns stops them.
    const stuck = await startMember(topic, groupId, SHORT_SESSION, () => stuckUntilReleased);
    await eventually(() => assertSplit([healthy.partitionsOf(topic), stuck.partitionsOf(topic)], 2, [1, 1]));

    const stuckPartition = stuck.partitionsOf(topic)[0] as number;
    const producer = await broker.producer();
    await producer.send({ topic, messages: [{ partition: stuckPartition, value: 'poison' }] });

    try {
      await eventually(() => assert.deepEqual(healthy.partitionsOf(topic), [0, 1]), { timeoutMs: 15_000 });
      await eventually(() =>
        assert.deepEqual(
          healthy.messages.map((message) => [message.partition, message.value]),
          [[stuckPartition, 'poison']],
        ),
      );
      assert.equal(stuck.messages.length, 0, 'the stuck member never finished the message');
    } finally {
      releaseStuck();
    }
  });
});
