// npm run bench:kafka — what the event platform delivers on loopback, against the development
// broker (run in its own process, as a real broker would be):
//   1. throughput: 100k events of ~1 KB through EventPublisher (in a worker thread, as a producing
//      service would be its own process) → EventConsumer (a consumer group, CloudEvents decoding
//      and contract validation included), messages/s and MB/s from first send to last handled;
//   2. latency: produce-to-handler time at a light steady rate (200 events/s), p50/p99;
//   3. outbox relay: events/s from committed outbox rows to acknowledged Kafka records, with a
//      throwaway embedded PostgreSQL.
// Prints each figure and whether it meets its target. BENCH_MESSAGES (default 100000) scales
// the throughput run.
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createInterface } from 'node:readline';
import { logLevel, type Kafka } from 'kafkajs';
import { createEvent, Topics, type CrmBridgeEvent, type EventOfType } from '@crm-bridge/contracts';
import {
  appendToOutbox,
  createKafkaClient,
  EventConsumer,
  EventPublisher,
  OutboxEventEntity,
  OutboxRelay,
  toKafkaMessage,
} from '@crm-bridge/kafka';
import { EmbeddedPostgresLauncher, openServiceDatabase } from '@crm-bridge/persistence';
import { kafkaPlatformTestDatabase } from '../libs/kafka/src/testing/kafka-platform-test.database';
import { CollectingLogger, FAST_CONSUMER_CONFIG } from '@crm-bridge/testing';
import { percentile } from './support/percentile';

const THROUGHPUT_MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 100_000);
const PUBLISH_BATCH = 1_000;
const LATENCY_RATE_PER_SECOND = 200;
const LATENCY_SECONDS = 5;
const RELAY_EVENTS = 30_000;
const TARGETS = { messagesPerSecond: 20_000, p99Ms: 50, relayEventsPerSecond: 5_000 };

async function startBrokerProcess(): Promise<{ bootstrap: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/kafka-dev-broker.ts', '--port', '0'], {
    // The broker's JSON log (joins, leaves) would drown the figures.
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`broker exited with ${code}`)));
  });
  // Never leave the broker behind, however this process ends.
  process.once('exit', () => child.kill('SIGTERM'));
  return { bootstrap: (JSON.parse(line) as { bootstrap: string }).bootstrap, child };
}

/** A portal-record.changed event whose record value is about 1 KB, like a deal with a long description. */
function kilobyteEvent(integrationId: string, index: number): EventOfType<'portal-record.changed'> {
  const portalRecordId = randomUUID();
  return createEvent('portal-record.changed', {
    source: 'bench',
    tenantId: 'bench-tenant',
    integrationId,
    subject: portalRecordId,
    correlationId: `bench-${index}`,
    data: {
      module: 'DEALS',
      portalRecordId,
      operation: 'UPDATED',
      changedFields: ['description'],
      values: { description: 'x'.repeat(860), index },
    },
  });
}

async function createTopic(kafka: Kafka, topic: string, numPartitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions }] });
  await admin.disconnect();
}

async function startConsumer(
  kafka: Kafka,
  publisher: EventPublisher,
  topic: string,
  handler: (event: CrmBridgeEvent) => void,
): Promise<EventConsumer> {
  const consumer = new EventConsumer(kafka, {
    groupId: `bench-${randomUUID()}`,
    topics: [topic],
    deadLetters: publisher,
    fromBeginning: true,
    consumerConfig: FAST_CONSUMER_CONFIG,
    logger: new CollectingLogger(),
    handler: (event) => {
      handler(event);
      return Promise.resolve();
    },
  });
  const joined = new Promise<void>((resolve) => consumer.kafkaConsumer.on(consumer.kafkaConsumer.events.GROUP_JOIN, () => resolve()));
  await consumer.start();
  await joined;
  return consumer;
}

interface ProducerWorkerInput {
  readonly bootstrap: string;
  readonly topic: string;
  readonly messages: number;
}

/** Worker thread: builds the events, reports `ready`, publishes them all on `go`, reports the bytes sent. */
async function runProducerWorker(input: ProducerWorkerInput): Promise<void> {
  const kafka = createKafkaClient({ clientId: 'bench-producer', brokers: [input.bootstrap], logLevel: logLevel.NOTHING });
  const integrations = [randomUUID(), randomUUID(), randomUUID()];
  const events = Array.from({ length: input.messages }, (_, index) => kilobyteEvent(integrations[index % 3]!, index));
  const bytes = events.reduce((sum, event) => sum + Buffer.byteLength(toKafkaMessage(event).value), 0);
  const publisher = new EventPublisher(kafka);
  await publisher.connect();
  parentPort!.postMessage({ ready: true });
  await new Promise((resolve) => parentPort!.once('message', resolve));
  const startedAt = performance.now();
  for (let index = 0; index < events.length; index += PUBLISH_BATCH) {
    await publisher.publish(events.slice(index, index + PUBLISH_BATCH));
  }
  parentPort!.postMessage({ bytes, producedInMs: performance.now() - startedAt });
  await publisher.disconnect();
  // The port stays referenced after its one-off 'go' listener is gone; the main thread waits for this worker's exit.
  parentPort!.close();
}

async function throughput(
  kafka: Kafka,
  publisher: EventPublisher,
  bootstrap: string,
): Promise<{ messagesPerSecond: number; megabytesPerSecond: number }> {
  // Three partitions, i.e. three integrations, each with its own ordered stream.
  const topic = Topics.portalRecordChanges;
  await createTopic(kafka, topic, 3);
  const producer = new Worker(__filename, {
    workerData: { bootstrap, topic, messages: THROUGHPUT_MESSAGES } satisfies ProducerWorkerInput,
  });
  const producerMessages = createInterfaceForWorker(producer);
  await producerMessages.next();
  let consumed = 0;
  let allConsumed: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allConsumed = resolve));
  const consumer = await startConsumer(kafka, publisher, topic, () => {
    consumed += 1;
    if (consumed === THROUGHPUT_MESSAGES) {
      allConsumed();
    }
  });
  const startedAt = performance.now();
  producer.postMessage('go');
  const { bytes, producedInMs } = (await producerMessages.next()) as { bytes: number; producedInMs: number };
  await done;
  const seconds = (performance.now() - startedAt) / 1000;
  await consumer.stop();
  await new Promise((resolve) => producer.once('exit', resolve));
  console.log(
    `   produced in ${(producedInMs / 1000).toFixed(2)} s, all handled after ${seconds.toFixed(2)} s (avg value ${Math.round(bytes / THROUGHPUT_MESSAGES)} B)`,
  );
  return { messagesPerSecond: THROUGHPUT_MESSAGES / seconds, megabytesPerSecond: bytes / seconds / 1_000_000 };
}

/** The worker's messages, one at a time; rejects if the worker fails. */
function createInterfaceForWorker(worker: Worker): { next(): Promise<unknown> } {
  const queue: unknown[] = [];
  const waiting: { resolve: (value: unknown) => void; reject: (error: Error) => void }[] = [];
  worker.on('message', (message: unknown) => {
    const waiter = waiting.shift();
    if (waiter) {
      waiter.resolve(message);
    } else {
      queue.push(message);
    }
  });
  worker.on('error', (error) => waiting.splice(0).forEach((waiter) => waiter.reject(error)));
  return {
    next: () => (queue.length > 0 ? Promise.resolve(queue.shift()) : new Promise((resolve, reject) => waiting.push({ resolve, reject }))),
  };
}

async function latency(kafka: Kafka, publisher: EventPublisher): Promise<{ p50: number; p99: number; samples: number }> {
  const topic = Topics.mappings;
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const sendFailures: unknown[] = [];
  const consumer = await startConsumer(kafka, publisher, topic, (event) => {
    const sent = sentAt.get(event.eventId);
    if (sent !== undefined) {
      latencies.push(performance.now() - sent);
    }
  });
  const integrationId = randomUUID();
  const total = LATENCY_RATE_PER_SECOND * LATENCY_SECONDS;
  const intervalMs = 1000 / LATENCY_RATE_PER_SECOND;
  const start = performance.now();
  for (let index = 0; index < total; index += 1) {
    const due = start + index * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const event = createEvent('mapping.published', {
      source: 'bench',
      tenantId: 'bench-tenant',
      integrationId,
      subject: randomUUID(),
      correlationId: `latency-${index}`,
      data: {
        mappingVersionId: randomUUID(),
        version: index + 1,
        publishedByUserId: 'bench',
        definition: {
          stageMappings: [{ zohoPipeline: 'Standard (Standard)', inbound: [], outbound: [], onCreate: { strategy: 'INFER' } }],
          fieldMappings: [],
          zohoDefaults: [],
          matchKey: { kind: 'ZOHO_ID' },
        },
      },
    });
    sentAt.set(event.eventId, performance.now());
    // Not awaited: a steady rate means the next send does not wait for this one's acknowledgement.
    publisher.publish([event]).catch((error: unknown) => sendFailures.push(error));
  }
  const deadline = Date.now() + 10_000;
  while (latencies.length < total && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await consumer.stop();
  if (sendFailures.length > 0) {
    throw new Error(`${sendFailures.length} latency sends failed: ${String(sendFailures[0])}`);
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), samples: sorted.length };
}

async function relay(kafka: Kafka, publisher: EventPublisher): Promise<{ eventsPerSecond: number }> {
  const postgres = await EmbeddedPostgresLauncher.startThrowaway();
  try {
    const dataSource = await openServiceDatabase(kafkaPlatformTestDatabase, postgres.url);
    try {
      const integrations = Array.from({ length: 8 }, () => randomUUID());
      const events = Array.from({ length: RELAY_EVENTS }, (_, index) => kilobyteEvent(integrations[index % 8]!, index));
      // Committed beforehand, as a backlog after a broker outage: the relay's own pace is measured.
      for (let index = 0; index < events.length; index += 500) {
        await dataSource.transaction((manager) => appendToOutbox(manager, events.slice(index, index + 500)));
      }
      await createTopic(kafka, Topics.portalRecordChanges, 3).catch(() => undefined);
      const outboxRelay = new OutboxRelay(dataSource, publisher, { batchSize: 1_000, pollIntervalMs: 50, logger: new CollectingLogger() });
      const startedAt = performance.now();
      outboxRelay.start();
      while ((await dataSource.getRepository(OutboxEventEntity).count()) > 0) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const seconds = (performance.now() - startedAt) / 1000;
      await outboxRelay.stop();
      return { eventsPerSecond: events.length / seconds };
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await postgres.stop();
  }
}

function verdict(met: boolean): string {
  return met ? 'target met' : 'TARGET MISSED';
}

async function main(): Promise<void> {
  const benchStartedAt = Date.now();
  const broker = await startBrokerProcess();
  const kafka = createKafkaClient({ clientId: 'bench', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
  const publisher = new EventPublisher(kafka);
  await publisher.connect();
  try {
    console.log(`kafka bench against the development broker at ${broker.bootstrap}`);
    console.log(`\n1. producer → consumer group, ${THROUGHPUT_MESSAGES} events of ~1 KB`);
    const flow = await throughput(kafka, publisher, broker.bootstrap);
    console.log(
      `   ${Math.round(flow.messagesPerSecond)} messages/s, ${flow.megabytesPerSecond.toFixed(1)} MB/s  ` +
        `(target ≥ ${TARGETS.messagesPerSecond} messages/s: ${verdict(flow.messagesPerSecond >= TARGETS.messagesPerSecond)})`,
    );
    console.log(`\n2. produce-to-handler latency at ${LATENCY_RATE_PER_SECOND} events/s for ${LATENCY_SECONDS} s`);
    const lag = await latency(kafka, publisher);
    console.log(
      `   p50 ${lag.p50.toFixed(1)} ms, p99 ${lag.p99.toFixed(1)} ms over ${lag.samples} events  (target p99 ≤ ${TARGETS.p99Ms} ms: ${verdict(lag.p99 <= TARGETS.p99Ms)})`,
    );
    console.log(`\n3. outbox relay, ${RELAY_EVENTS} committed events of ~1 KB → Kafka (acks=all, one request in flight)`);
    const outbox = await relay(kafka, publisher);
    console.log(
      `   ${Math.round(outbox.eventsPerSecond)} events/s  (target ≥ ${TARGETS.relayEventsPerSecond} events/s: ${verdict(outbox.eventsPerSecond >= TARGETS.relayEventsPerSecond)})`,
    );
    console.log(`\nfinished in ${((Date.now() - benchStartedAt) / 1000).toFixed(1)} s`);
  } finally {
    await publisher.disconnect();
    broker.child.kill('SIGTERM');
  }
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  void runProducerWorker(workerData as ProducerWorkerInput);
}
