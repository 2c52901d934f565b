import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { DataSource } from 'typeorm';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { Topics, deadLetterTopicOf, type CrmBridgeEvent } from '@crm-bridge/contracts';
import {
  METRIC_NAMES,
  ServiceMetrics,
  StructuredLogger,
  activeTraceIds,
  inSpan,
  installTracing,
  type TracingInstallation,
} from '@crm-bridge/observability';
import { openServiceDatabase } from '@crm-bridge/persistence';
import { createTestDatabase, eventually, type TestDatabase } from '@crm-bridge/testing';
import { CloudEventHeaders } from './cloud-event-message';
import { EventConsumer } from './event-consumer';
import { EventPublisher } from './event-publisher';
import { appendToOutbox } from './outbox/outbox-writer';
import { OutboxRelay } from './outbox/outbox-relay';
import { kafkaPlatformTestDatabase } from './testing/kafka-platform-test.database';
import {
  cleanupStack,
  CollectingLogger,
  FAST_CONSUMER_CONFIG,
  KafkaTestBroker,
  startBrokerWithPublisher,
  TopicRecorder,
} from '@crm-bridge/testing';
import { newPortalRecordChanged } from './testing/test-events';

const TOPIC = Topics.portalRecordChanges;

interface HandledEvent {
  readonly event: CrmBridgeEvent;
  readonly traceId: string | undefined;
}

/** One value of a metric series from the exposition text, `undefined` when the series is absent. */
function sampleValue(exposition: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${name}{`)) {
      continue;
    }
    const labelText = line.slice(name.length + 1, line.lastIndexOf('}'));
    if (Object.entries(labels).every(([label, value]) => labelText.includes(`${label}="${value}"`))) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
}

describe('trace context and metrics across the outbox, Kafka and the consumer', () => {
  let database: TestDatabase;
  let writers: DataSource;
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

  /** Broker, publisher, relay, recorder and a consumer whose handler notes the trace it runs in. */
  async function startPipeline(t: TestContext, metrics: ServiceMetrics, logger: StructuredLogger) {
    const { broker, publisher, defer } = await startBrokerWithPublisher(t, { metrics });
    const recorder = await new TopicRecorder(broker.kafka, [TOPIC]).start();
    defer(() => recorder.stop());
    const handled: HandledEvent[] = [];
    const consumer = new EventConsumer(broker.kafka, {
      groupId: `tracing-${randomUUID()}`,
      topics: [TOPIC],
      deadLetters: publisher,
      fromBeginning: true,
      consumerConfig: FAST_CONSUMER_CONFIG,
      logger: new CollectingLogger(),
      metrics,
      handler: (event) => {
        logger.info('event applied', { eventId: event.eventId });
        handled.push({ event, traceId: activeTraceIds()?.traceId });
        return Promise.resolve();
      },
    });
    await consumer.start();
    defer(() => consumer.stop());
    const relay = new OutboxRelay(relays, publisher, { pollIntervalMs: 20, logger: new CollectingLogger(), metrics });
    relay.start();
    defer(() => relay.stop());
    return { broker, publisher, recorder, handled };
  }

  // First, before any test installs tracing: the default of every service.
  test('with tracing off no ce_traceparent is written and the handler runs outside any trace', async (t) => {
    const lines: string[] = [];
    const { recorder, handled } = await startPipeline(
      t,
      new ServiceMetrics('kafka-tracing-test'),
      new StructuredLogger('test', 'info', (line) => lines.push(line)),
    );
    const event = newPortalRecordChanged();
    await inSpan('request', { kind: SpanKind.SERVER }, () => writers.transaction((manager) => appendToOutbox(manager, [event])));

    await eventually(() => assert.equal(handled.length, 1));
    assert.equal(handled[0]?.traceId, undefined);
    await eventually(() => assert.equal(recorder.on(TOPIC).length, 1));
    const headers = recorder.on(TOPIC)[0]?.headers ?? {};
    assert.equal(headers[CloudEventHeaders.id], event.eventId);
    assert.equal(headers[CloudEventHeaders.traceParent], undefined);
    assert.equal(headers[CloudEventHeaders.traceState], undefined);
    assert.equal((JSON.parse(lines[0] ?? '{}') as Record<string, unknown>)['traceId'], undefined);
  });

  describe('with tracing on', () => {
    const exporter = new InMemorySpanExporter();
    let tracing: TracingInstallation;

    before(() => {
      tracing = installTracing({ serviceName: 'kafka-tracing-test', spanExporter: exporter, processing: 'simple' });
    });

    after(() => tracing.shutdown());

    test('the trace of the request that wrote the outbox row continues in the consumer span, its handler and its log lines', async (t) => {
      exporter.reset();
      const lines: string[] = [];
      const { recorder, handled } = await startPipeline(
        t,
        new ServiceMetrics('kafka-tracing-test'),
        new StructuredLogger('test', 'info', (line) => lines.push(line)),
      );
      const event = newPortalRecordChanged();
      const requestTraceId = await inSpan('request', { kind: SpanKind.SERVER }, async () => {
        await writers.transaction((manager) => appendToOutbox(manager, [event]));
        return activeTraceIds()?.traceId;
      });
      assert.match(requestTraceId ?? '', /^[0-9a-f]{32}$/);

      await eventually(() => assert.equal(handled.length, 1));
      assert.equal(handled[0]?.event.eventId, event.eventId);
      assert.equal(handled[0]?.traceId, requestTraceId, 'the handler ran in the producer trace');

      const spans = exporter.getFinishedSpans();
      const request = spans.find((span) => span.name === 'request');
      const producer = spans.find((span) => span.kind === SpanKind.PRODUCER);
      await eventually(() => assert.ok(exporter.getFinishedSpans().some((span) => span.kind === SpanKind.CONSUMER)));
      const consumer = exporter.getFinishedSpans().find((span) => span.kind === SpanKind.CONSUMER);
      assert.ok(request && producer && consumer);
      assert.equal(producer.parentSpanContext?.spanId, request.spanContext().spanId);
      assert.equal(consumer.spanContext().traceId, requestTraceId);
      assert.equal(consumer.parentSpanContext?.spanId, producer.spanContext().spanId, 'consumer span is a child of the producer span');
      assert.equal(consumer.name, `process ${TOPIC}`);
      assert.equal(consumer.attributes['messaging.message.id'], event.eventId);
      assert.equal(consumer.attributes['crm_bridge.event.attempts'], 1);

      await eventually(() => assert.equal(recorder.on(TOPIC).length, 1));
      assert.equal(
        recorder.on(TOPIC)[0]?.headers[CloudEventHeaders.traceParent],
        `00-${requestTraceId}-${producer.spanContext().spanId}-01`,
      );

      const logLine = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line['msg'] === 'event applied');
      assert.equal(logLine?.['traceId'], requestTraceId);
      assert.equal(logLine?.['spanId'], consumer.spanContext().spanId);
    });
  });

  test('metrics: outbox backlog and relay failures, produced and consumed records, lag and dead letters', async (t) => {
    const defer = cleanupStack(t);
    const metrics = new ServiceMetrics('kafka-metrics-test');
    const broker = await KafkaTestBroker.start();
    defer(() => broker.stop());
    const publisher = new EventPublisher(broker.kafka, {}, metrics);
    const table = 'kafka_platform_test.outbox_events';
    const scrape = async () => (await metrics.render()).body;

    // The publisher is not connected yet: every relay pass fails and the rows wait.
    const integrationId = randomUUID();
    const events = [newPortalRecordChanged({ integrationId }), newPortalRecordChanged({ integrationId })];
    await writers.transaction((manager) => appendToOutbox(manager, events));
    const relay = new OutboxRelay(relays, publisher, {
      pollIntervalMs: 20,
      maxErrorBackoffMs: 50,
      logger: new CollectingLogger(),
      metrics,
    });
    relay.start();
    defer(() => relay.stop());
    await eventually(async () => assert.ok((sampleValue(await scrape(), METRIC_NAMES.outboxRelayFailures, { table }) ?? 0) >= 1));
    // Wait past the 1 s measurement reuse window so the age is measured afresh.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const waiting = await scrape();
    assert.equal(sampleValue(waiting, METRIC_NAMES.outboxPendingEvents, { table }), 2);
    assert.ok((sampleValue(waiting, METRIC_NAMES.outboxOldestPendingAge, { table }) ?? 0) >= 1, 'the oldest row is at least a second old');

    await publisher.connect();
    defer(() => publisher.disconnect());
    const groupId = `metrics-${randomUUID()}`;
    const consumer = new EventConsumer(broker.kafka, {
      groupId,
      topics: [TOPIC],
      deadLetters: publisher,
      fromBeginning: true,
      consumerConfig: FAST_CONSUMER_CONFIG,
      logger: new CollectingLogger(),
      metrics,
      handler: () => Promise.resolve(),
    });
    await consumer.start();
    defer(() => consumer.stop());
    // A record that is no CloudEvent at all: dead-lettered at once.
    await publisher.publishRecords([{ topic: TOPIC, messages: [{ key: integrationId, value: 'not an event' }] }]);

    await eventually(async () => {
      const exposition = await scrape();
      assert.equal(
        sampleValue(exposition, METRIC_NAMES.kafkaMessagesConsumed, { topic: TOPIC, consumer_group: groupId, outcome: 'handled' }),
        2,
      );
      assert.equal(
        sampleValue(exposition, METRIC_NAMES.kafkaMessagesConsumed, { topic: TOPIC, consumer_group: groupId, outcome: 'dead_lettered' }),
        1,
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const drained = await scrape();
    assert.equal(sampleValue(drained, METRIC_NAMES.outboxPendingEvents, { table }), 0);
    assert.equal(sampleValue(drained, METRIC_NAMES.outboxOldestPendingAge, { table }), 0);
    assert.equal(
      sampleValue(drained, METRIC_NAMES.kafkaDeadLetters, { topic: TOPIC, consumer_group: groupId, reason: 'invalid_event' }),
      1,
    );
    assert.equal(
      sampleValue(drained, METRIC_NAMES.kafkaMessagesProduced, { topic: TOPIC }),
      3,
      'two relayed events and the invalid record',
    );
    assert.equal(sampleValue(drained, METRIC_NAMES.kafkaMessagesProduced, { topic: deadLetterTopicOf(TOPIC) }), 1);
    assert.equal(sampleValue(drained, METRIC_NAMES.kafkaConsumerLag, { topic: TOPIC, partition: '0', consumer_group: groupId }), 0);
    assert.equal(sampleValue(drained, `${METRIC_NAMES.kafkaMessageHandlingDuration}_count`, { topic: TOPIC, outcome: 'handled' }), 2);
  });
});
