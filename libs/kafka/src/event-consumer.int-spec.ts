import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { DataSource } from 'typeorm';
import { Topics, deadLetterTopicOf, type CrmBridgeEvent } from '@crm-bridge/contracts';
import { openServiceDatabase } from '@crm-bridge/persistence';
import { createTestDatabase, eventually, type TestDatabase } from '@crm-bridge/testing';
import { CloudEventHeaders, toKafkaMessage } from './cloud-event-message';
import { DeadLetterHeaders } from './dead-letter';
import { replayDeadLetters } from './dead-letter-replay';
import { EventConsumer, type EventConsumerOptions } from './event-consumer';
import { runOnce } from './idempotency/run-once';
import { ProcessedEventEntity } from './idempotency/processed-event.entity';
import { TestAppliedEffectEntity } from './testing/kafka-platform-test.entities';
import { kafkaPlatformTestDatabase } from './testing/kafka-platform-test.database';
import {
  CollectingLogger,
  FAST_CONSUMER_CONFIG,
  startBrokerWithPublisher,
  TopicRecorder,
  type DeferCleanup,
  type KafkaTestBroker,
} from '@crm-bridge/testing';
import { newConnectionConnected, newMappingPublished, newPortalRecordChanged } from './testing/test-events';

describe('EventPublisher and EventConsumer over kafkajs and the development broker', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  before(async () => {
    database = await createTestDatabase();
    dataSource = await openServiceDatabase(kafkaPlatformTestDatabase, database.url);
  });

  after(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  async function startConsumer(
    defer: DeferCleanup,
    broker: KafkaTestBroker,
    options: Omit<EventConsumerOptions, 'consumerConfig' | 'fromBeginning' | 'logger'> & { logger?: CollectingLogger },
  ): Promise<EventConsumer> {
    const consumer = new EventConsumer(broker.kafka, {
      ...options,
      logger: options.logger ?? new CollectingLogger(),
      fromBeginning: true,
      consumerConfig: FAST_CONSUMER_CONFIG,
    });
    await consumer.start();
    // Stopping twice is harmless (kafkajs ignores a second disconnect), so tests may stop early.
    defer(() => consumer.stop());
    return consumer;
  }

  test('events travel as CloudEvents binary records keyed by integration id and arrive typed', async (t) => {
    const { broker, publisher, defer } = await startBrokerWithPublisher(t);
    const integrationId = randomUUID();
    const events: CrmBridgeEvent[] = [
      newPortalRecordChanged({ integrationId }),
      newMappingPublished({ integrationId }),
      newConnectionConnected({ integrationId }),
    ];
    await publisher.publish(events);

    const recorder = await new TopicRecorder(broker.kafka, [Topics.portalRecordChanges, Topics.mappings, Topics.connections]).start();
    defer(() => recorder.stop());
    await eventually(() => assert.equal(recorder.records.length, 3));
    const mapping = events[1]!;
    const [record] = recorder.on(Topics.mappings);
    assert.equal(record?.key, integrationId);
    assert.deepEqual(record?.headers, {
      ce_specversion: '1.0',
      ce_id: mapping.eventId,
      ce_source: 'mapping-config',
      ce_type: 'mapping.published',
      ce_time: mapping.occurredAt,
      ce_subject: mapping.subject,
      ce_tenantid: 'tenant-a',
      ce_integrationid: integrationId,
      ce_correlationid: mapping.correlationId,
      ce_schemaversion: '1',
      'content-type': 'application/json',
    });
    assert.deepEqual(JSON.parse(record?.value ?? 'null'), mapping.data);
    assert.equal(recorder.on(Topics.portalRecordChanges).length, 1);
    assert.equal(recorder.on(Topics.connections).length, 1);

    const received: CrmBridgeEvent[] = [];
    await startConsumer(defer, broker, {
      groupId: `consumer-${randomUUID()}`,
      topics: [Topics.portalRecordChanges, Topics.mappings, Topics.connections],
      deadLetters: publisher,
      handler: (event) => {
        received.push(event);
        return Promise.resolve();
      },
    });
    await eventually(() => assert.equal(received.length, 3));
    const byId = (list: CrmBridgeEvent[]) => [...list].sort((a, b) => a.eventId.localeCompare(b.eventId));
    assert.deepEqual(byId(received), byId(events));
  });

  test('an event that breaks its contract is dead-lettered at once, naming the field, and the partition moves on', async (t) => {
    const { broker, publisher, defer } = await startBrokerWithPublisher(t);
    const topic = Topics.portalRecordChanges;
    const integrationId = randomUUID();
    const badData = toKafkaMessage(newPortalRecordChanged({ integrationId }));
    badData.value = JSON.stringify({ ...(JSON.parse(badData.value) as object), module: 'TASKS' });
    const notACloudEvent = { key: integrationId, value: '{}', headers: { 'content-type': 'application/json' } };
    const good = newPortalRecordChanged({ integrationId });
    await publisher.publishRecords([{ topic, messages: [badData, notACloudEvent, toKafkaMessage(good)] }]);

    const received: CrmBridgeEvent[] = [];
    const groupId = `consumer-${randomUUID()}`;
    await startConsumer(defer, broker, {
      groupId,
      topics: [topic],
      deadLetters: publisher,
      handler: (event) => {
        received.push(event);
        return Promise.resolve();
      },
    });
    await eventually(() =>
      assert.deepEqual(
        received.map((event) => event.eventId),
        [good.eventId],
      ),
    );
    const recorder = await new TopicRecorder(broker.kafka, [deadLetterTopicOf(topic)]).start();
    defer(() => recorder.stop());
    await eventually(() => assert.equal(recorder.records.length, 2));
    const [first, second] = recorder.records;
    assert.equal(first?.headers[DeadLetterHeaders.errorName], 'EventValidationError');
    assert.match(first?.headers[DeadLetterHeaders.errorMessage] ?? '', /data\.module: must be one of DEALS, CONTACTS, LEADS, ACCOUNTS/);
    assert.equal(first?.headers[DeadLetterHeaders.attempts], '1');
    assert.equal(first?.headers[CloudEventHeaders.id], badData.headers[CloudEventHeaders.id]);
    assert.equal(first?.value, badData.value);
    assert.match(second?.headers[DeadLetterHeaders.errorMessage] ?? '', /specversion: header ce_specversion must be 1\.0/);
    await eventually(async () => assert.equal((await broker.committedOffsets(groupId, topic)).get(0), 3));
  });

  test('a poison message is retried with backoff, dead-lettered while the partition keeps flowing, and a replay re-delivers it', async (t) => {
    const { broker, publisher, defer } = await startBrokerWithPublisher(t);
    const topic = Topics.mappings;
    const integrationId = randomUUID();
    const [before1, poison, after1, after2] = [1, 2, 3, 4].map(() => newMappingPublished({ integrationId }));
    let poisonFixed = false;
    let poisonAttempts = 0;
    const handled: string[] = [];
    const logger = new CollectingLogger();
    await startConsumer(defer, broker, {
      groupId: `consumer-${randomUUID()}`,
      topics: [topic],
      deadLetters: publisher,
      retry: { maxAttempts: 3, initialBackoffMs: 20, maxBackoffMs: 100 },
      logger,
      handler: (event) => {
        if (event.eventId === poison!.eventId && !poisonFixed) {
          poisonAttempts += 1;
          return Promise.reject(new Error(`mapping version ${event.subject} not found`));
        }
        handled.push(event.eventId);
        return Promise.resolve();
      },
    });
    await publisher.publish([before1!, poison!, after1!, after2!]);

    await eventually(() => assert.deepEqual(handled, [before1!.eventId, after1!.eventId, after2!.eventId]));
    assert.equal(poisonAttempts, 3);
    assert.deepEqual(
      logger.entries.map((entry) => [entry.level, entry.message, entry.fields['attempt'] ?? entry.fields['attempts']]),
      [
        ['warn', 'event handler failed; retrying', 1],
        ['warn', 'event handler failed; retrying', 2],
        ['error', 'event dead-lettered', 3],
      ],
    );
    const dlq = deadLetterTopicOf(topic);
    const recorder = await new TopicRecorder(broker.kafka, [dlq]).start();
    defer(() => recorder.stop());
    await eventually(() => assert.equal(recorder.records.length, 1));
    const [deadLetter] = recorder.records;
    assert.equal(deadLetter?.key, integrationId);
    assert.equal(deadLetter?.headers[CloudEventHeaders.id], poison!.eventId);
    assert.equal(deadLetter?.headers[CloudEventHeaders.type], 'mapping.published');
    assert.equal(deadLetter?.headers[DeadLetterHeaders.originalTopic], topic);
    assert.equal(deadLetter?.headers[DeadLetterHeaders.originalOffset], '1');
    assert.equal(deadLetter?.headers[DeadLetterHeaders.attempts], '3');
    assert.equal(deadLetter?.headers[DeadLetterHeaders.errorMessage], `mapping version ${poison!.subject} not found`);

    poisonFixed = true;
    const replay = await replayDeadLetters(broker.kafka, { deadLetterTopic: dlq, publisher, consumerConfig: FAST_CONSUMER_CONFIG });
    assert.deepEqual(replay, { replayed: 1, byTopic: { [topic]: 1 } });
    await eventually(() => assert.deepEqual(handled, [before1!.eventId, after1!.eventId, after2!.eventId, poison!.eventId]));
    const again = await replayDeadLetters(broker.kafka, { deadLetterTopic: dlq, publisher, consumerConfig: FAST_CONSUMER_CONFIG });
    assert.equal(again.replayed, 0, 'a dead letter is replayed once');
  });

  test('a duplicate delivery has no second effect, and a failed effect leaves no processed mark', async (t) => {
    const { broker, publisher, defer } = await startBrokerWithPublisher(t);
    const topic = Topics.portalRecordChanges;
    const groupId = `consumer-${randomUUID()}`;
    const integrationId = randomUUID();
    const duplicated = newPortalRecordChanged({ integrationId });
    const failsOnce = newPortalRecordChanged({ integrationId });
    const failures = new Set([failsOnce.eventId]);
    const outcomes: [string, boolean][] = [];
    await startConsumer(defer, broker, {
      groupId,
      topics: [topic],
      deadLetters: publisher,
      retry: { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 50 },
      handler: async (event) => {
        const outcome = await runOnce(dataSource, groupId, event, async (manager) => {
          await manager.insert(TestAppliedEffectEntity, { eventId: event.eventId, consumer: groupId });
          // The effect is written, then the handler fails: the transaction must take both back.
          if (failures.delete(event.eventId)) {
            throw new Error('downstream timeout');
          }
        });
        outcomes.push([event.eventId, outcome.applied]);
      },
    });
    // The same record twice, as after a producer retry or a redelivery following a crash.
    await publisher.publish([duplicated, duplicated, failsOnce]);

    await eventually(() =>
      assert.deepEqual(outcomes, [
        [duplicated.eventId, true],
        [duplicated.eventId, false],
        [failsOnce.eventId, true],
      ]),
    );
    const effects = await dataSource.getRepository(TestAppliedEffectEntity).findBy({ consumer: groupId });
    assert.deepEqual(effects.map((effect) => effect.eventId).sort(), [duplicated.eventId, failsOnce.eventId].sort());
    assert.equal(await dataSource.getRepository(ProcessedEventEntity).countBy({ consumer: groupId }), 2);
  });

  test('runOnce applies an event once when two deliveries race', async () => {
    const consumer = `race-${randomUUID()}`;
    const event = { eventId: randomUUID() };
    const effect = (manager: import('typeorm').EntityManager) =>
      manager.insert(TestAppliedEffectEntity, { eventId: event.eventId, consumer });
    const outcomes = await Promise.all([runOnce(dataSource, consumer, event, effect), runOnce(dataSource, consumer, event, effect)]);
    assert.deepEqual(outcomes.map((outcome) => outcome.applied).sort(), [false, true]);
    assert.equal(await dataSource.getRepository(TestAppliedEffectEntity).countBy({ consumer }), 1);
  });

  test('graceful stop finishes the batch in hand and commits it; the next member resumes exactly after it', async (t) => {
    const { broker, publisher, defer } = await startBrokerWithPublisher(t);
    const topic = Topics.mappings;
    const groupId = `consumer-${randomUUID()}`;
    const integrationId = randomUUID();
    const first = Array.from({ length: 30 }, () => newMappingPublished({ integrationId }));
    await publisher.publish(first);
    const handled: string[] = [];
    const slowHandler = async (event: CrmBridgeEvent) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      handled.push(event.eventId);
    };
    const consumer = await startConsumer(defer, broker, { groupId, topics: [topic], deadLetters: publisher, handler: slowHandler });
    await eventually(() => assert.ok(handled.length >= 3));
    await consumer.stop();
    const handledBeforeStop = handled.length;
    assert.ok(handledBeforeStop > 3, `the batch in hand was finished (${handledBeforeStop} handled)`);
    assert.deepEqual(
      handled,
      first.slice(0, handledBeforeStop).map((event) => event.eventId),
      'handled in order',
    );
    assert.equal((await broker.committedOffsets(groupId, topic)).get(0), handledBeforeStop, 'everything handled is committed');

    const later = Array.from({ length: 5 }, () => newMappingPublished({ integrationId }));
    await publisher.publish(later);
    await startConsumer(defer, broker, { groupId, topics: [topic], deadLetters: publisher, handler: slowHandler });
    await eventually(() => assert.equal(handled.length, 35));
    assert.deepEqual(
      handled,
      [...first, ...later].map((event) => event.eventId),
      'nothing handled twice, nothing skipped',
    );
  });

  test('a stop during a retry backoff leaves the failing message uncommitted for the next member', async (t) => {
    const { broker, publisher, defer } = await startBrokerWithPublisher(t);
    const topic = Topics.connections;
    const groupId = `consumer-${randomUUID()}`;
    const integrationId = randomUUID();
    const [ok, failing] = [newConnectionConnected({ integrationId }), newConnectionConnected({ integrationId })];
    await publisher.publish([ok, failing]);
    const handled: string[] = [];
    let failingAttempts = 0;
    const consumer = await startConsumer(defer, broker, {
      groupId,
      topics: [topic],
      deadLetters: publisher,
      retry: { maxAttempts: 5, initialBackoffMs: 30_000, maxBackoffMs: 30_000 },
      handler: (event) => {
        if (event.eventId === failing.eventId) {
          failingAttempts += 1;
          return Promise.reject(new Error('zoho unavailable'));
        }
        handled.push(event.eventId);
        return Promise.resolve();
      },
    });
    await eventually(() => assert.equal(failingAttempts, 1));
    const stopStartedAt = Date.now();
    await consumer.stop();
    assert.ok(Date.now() - stopStartedAt < 5_000, 'the backoff does not hold up the shutdown');
    assert.equal((await broker.committedOffsets(groupId, topic)).get(0), 1, 'committed up to the failing message');

    await startConsumer(defer, broker, {
      groupId,
      topics: [topic],
      deadLetters: publisher,
      handler: (event) => {
        handled.push(event.eventId);
        return Promise.resolve();
      },
    });
    await eventually(() => assert.deepEqual(handled, [ok.eventId, failing.eventId]));
  });
});
