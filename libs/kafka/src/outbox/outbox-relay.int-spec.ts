import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { DataSource } from 'typeorm';
import { Topics } from '@crm-bridge/contracts';
import { openServiceDatabase, pendingSchemaChanges } from '@crm-bridge/persistence';
import { createTestDatabase, eventually, type TestDatabase } from '@crm-bridge/testing';
import { EventPublisher } from '../event-publisher';
import { cleanupStack, CollectingLogger, KafkaTestBroker, startBrokerWithPublisher, TopicRecorder } from '@crm-bridge/testing';
import { kafkaPlatformTestDatabase } from '../testing/kafka-platform-test.database';
import { TestKeySequenceEntity } from '../testing/kafka-platform-test.entities';
import { newPortalRecordChanged } from '../testing/test-events';
import { OutboxEventEntity } from './outbox-event.entity';
import { appendToOutbox } from './outbox-writer';
import { OutboxRelay } from './outbox-relay';

const TOPIC = Topics.portalRecordChanges;

class DeliberateRollback extends Error {}

describe('transactional outbox and its relay', () => {
  let database: TestDatabase;
  /** The "service" writing state changes and outbox rows. */
  let writers: DataSource;
  /** The relays' own pool, so waiting writers cannot starve them of connections. */
  let relays: DataSource;

  before(async () => {
    database = await createTestDatabase();
    writers = await openServiceDatabase(kafkaPlatformTestDatabase, database.url);
    relays = await openServiceDatabase(kafkaPlatformTestDatabase, database.url);
  });

  after(async () => {
    await relays.destroy();
    await writers.destroy();
    await database.drop();
  });

  test('the committed migration describes the outbox and processed-events entities exactly', async () => {
    assert.deepEqual(await pendingSchemaChanges(writers), []);
  });

  test('8 concurrent writers with late commits and rollbacks: every committed event once, in per-key order, nothing rolled back', async (t) => {
    const { broker, publisher, defer } = await startBrokerWithPublisher(t);
    await broker.createTopics([TOPIC], 4);
    const recorder = await new TopicRecorder(broker.kafka, [TOPIC]).start();
    defer(() => recorder.stop());
    // Two relays, as two replicas of a service would run.
    const relayPair = [1, 2].map(
      () => new OutboxRelay(relays, publisher, { batchSize: 50, pollIntervalMs: 20, logger: new CollectingLogger() }),
    );
    relayPair.forEach((relay) => relay.start());
    defer(async () => void (await Promise.all(relayPair.map((relay) => relay.stop()))));

    const keys = Array.from({ length: 4 }, () => randomUUID());
    await writers.getRepository(TestKeySequenceEntity).insert(keys.map((messageKey) => ({ messageKey, nextSequence: 1 })));
    const outboxIdByEventId = new Map<string, bigint>();
    const committed: { eventId: string; key: string; sequence: number }[] = [];
    const rolledBack: string[] = [];
    const lateCommits: { eventId: string; overtakenBy: string }[] = [];
    const publishedWithIdAbove = (outboxId: bigint) =>
      recorder.records.find((record) => (outboxIdByEventId.get(record.headers['ce_id'] ?? '') ?? 0n) > outboxId);

    const writer = async (writerIndex: number) => {
      const key = keys[writerIndex % keys.length]!;
      for (let step = 0; step < 25; step += 1) {
        let written: { eventId: string; sequence: number } | undefined;
        try {
          await writers.transaction(async (manager) => {
            // The state change first: writers of one key queue on this row lock.
            const [[row]] = await manager.query<[[{ sequence: number }], number]>(
              `UPDATE "kafka_platform_test"."test_key_sequences" SET next_sequence = next_sequence + 1 WHERE message_key = $1 RETURNING next_sequence - 1 AS sequence`,
              [key],
            );
            const event = newPortalRecordChanged({ integrationId: key, values: { sequence: row.sequence, writer: writerIndex, step } });
            await appendToOutbox(manager, [event]);
            const [{ id }] = await manager.query<[{ id: string }]>(
              `SELECT id FROM "kafka_platform_test"."outbox_events" WHERE event_id = $1`,
              [event.eventId],
            );
            outboxIdByEventId.set(event.eventId, BigInt(id));
            written = { eventId: event.eventId, sequence: row.sequence };
            if (step % 7 === 3) {
              throw new DeliberateRollback();
            }
            if (writerIndex < 2 && step === 5) {
              // Commit late: hold the transaction until the relay has published an event with a
              // higher outbox id. A relay polling "id > last sent" would now never see this row.
              const overtaking = await eventually(() => {
                const found = publishedWithIdAbove(BigInt(id));
                assert.ok(found, `nothing above outbox id ${id} published yet`);
                return found;
              });
              lateCommits.push({ eventId: event.eventId, overtakenBy: overtaking.headers['ce_id'] ?? '' });
            }
          });
          committed.push({ eventId: written!.eventId, key, sequence: written!.sequence });
        } catch (error) {
          if (!(error instanceof DeliberateRollback)) {
            throw error;
          }
          rolledBack.push(written!.eventId);
        }
        relayPair[writerIndex % 2]!.wake();
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, index) => writer(index)));

    assert.equal(lateCommits.length, 2, 'two transactions committed after later outbox ids were published');
    assert.equal(rolledBack.length, 8 * 4, 'steps 3, 10, 17 and 24 of every writer rolled back');
    await eventually(() => assert.equal(recorder.records.length, committed.length));
    // Kafka acknowledges before the relay's transaction deletes the rows and commits.
    await eventually(async () => assert.equal(await relays.getRepository(OutboxEventEntity).count(), 0, 'sent rows are deleted'));

    const published = recorder.records.map((record) => record.headers['ce_id']);
    assert.deepEqual(new Set(published), new Set(committed.map((entry) => entry.eventId)), 'every committed event published');
    assert.equal(published.length, new Set(published).size, 'none published twice');
    for (const eventId of rolledBack) {
      assert.ok(!published.includes(eventId), `rolled-back event ${eventId} was published`);
    }
    for (const key of keys) {
      const ofKey = recorder.records.filter((record) => record.key === key);
      assert.equal(new Set(ofKey.map((record) => record.partition)).size, 1, 'one key, one partition');
      const sequences = ofKey.map((record) => (JSON.parse(record.value ?? '{}') as { values: { sequence: number } }).values.sequence);
      assert.deepEqual(
        sequences,
        Array.from({ length: ofKey.length }, (_, index) => index + 1),
        `key ${key} in order`,
      );
    }
  });

  test('stop drains every committed row before it returns', async (t) => {
    const { broker, publisher, defer } = await startBrokerWithPublisher(t);
    const integrationId = randomUUID();
    const events = Array.from({ length: 300 }, () => newPortalRecordChanged({ integrationId }));
    for (let index = 0; index < events.length; index += 100) {
      await writers.transaction((manager) => appendToOutbox(manager, events.slice(index, index + 100)));
    }
    const relay = new OutboxRelay(relays, publisher, { batchSize: 40, pollIntervalMs: 10_000 });
    relay.start();
    await relay.stop();
    assert.equal(await relays.getRepository(OutboxEventEntity).count(), 0);

    const recorder = await new TopicRecorder(broker.kafka, [TOPIC]).start();
    defer(() => recorder.stop());
    await eventually(() => assert.equal(recorder.records.length, 300));
    assert.deepEqual(
      recorder.records.map((record) => record.headers['ce_id']),
      events.map((event) => event.eventId),
    );
  });

  test('a publish that fails leaves the rows for the next pass', async (t) => {
    const defer = cleanupStack(t);
    const broker = await KafkaTestBroker.start();
    defer(() => broker.stop());
    const publisher = new EventPublisher(broker.kafka);
    const event = newPortalRecordChanged();
    await writers.transaction((manager) => appendToOutbox(manager, [event]));
    const relay = new OutboxRelay(relays, publisher);

    await assert.rejects(relay.relayOnce(), /disconnected/);
    assert.equal(await relays.getRepository(OutboxEventEntity).countBy({ eventId: event.eventId }), 1);

    await publisher.connect();
    defer(() => publisher.disconnect());
    assert.equal(await relay.relayOnce(), 1);
    assert.equal(await relays.getRepository(OutboxEventEntity).count(), 0);
  });

  test('outbox rows can only be written inside the state change transaction', async () => {
    await assert.rejects(appendToOutbox(writers.manager, [newPortalRecordChanged()]), /needs the EntityManager of an open transaction/);
  });

  test('one append of 15,000 events (a VALUES list would need 75,000 parameters, past the 65,535 PostgreSQL allows) stores them all in the order given', async () => {
    const integrationId = randomUUID();
    const events = Array.from({ length: 15_000 }, () => newPortalRecordChanged({ integrationId }));
    await writers.transaction((manager) => appendToOutbox(manager, events));
    const outbox = writers.getRepository(OutboxEventEntity);
    const rows = await outbox.find({ where: { messageKey: integrationId }, order: { id: 'ASC' } });
    assert.deepEqual(
      rows.map((row) => row.eventId),
      events.map((event) => event.eventId),
    );
    assert.deepEqual(rows[0]?.headers['ce_id'], events[0]?.eventId);
    assert.equal(rows[0]?.payload, JSON.stringify(events[0]?.data));
    await outbox.delete({ messageKey: integrationId });
  });
});
