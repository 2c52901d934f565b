import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { METRIC_NAMES } from './metric-names';

export type GraphqlOperationType = 'query' | 'mutation' | 'subscription' | 'unknown';
export type Outcome = 'ok' | 'error';

/** What an outbox relay reports about its table at scrape time. */
export interface OutboxBacklog {
  readonly pendingEvents: number;
  /** Age of the oldest unpublished row; 0 when the outbox is empty. */
  readonly oldestPendingAgeSeconds: number;
}

/**
 * Operation names come from clients. Past this many distinct names a service reports `other`, so a
 * client inventing names cannot grow the series count (and Prometheus' memory) without bound.
 */
export const MAX_DISTINCT_OPERATION_NAMES = 200;

/** Backlog measurements are reused within this window so one scrape runs one query per outbox. */
const BACKLOG_MEASUREMENT_REUSE_MS = 1_000;

const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One Prometheus registry per process, labelled with the service name, holding Node's default
 * process metrics and every metric in {@link METRIC_NAMES}. The HTTP and GraphQL metrics are
 * recorded by the service runtime, subgraph server and gateway; the Kafka and outbox ones by
 * `@crm-bridge/kafka` when a service passes this object to its publisher, consumer and relay.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpRequestSeconds: Histogram<'method' | 'route' | 'status'>;
  readonly graphqlOperations: Counter<'operation' | 'type' | 'outcome'>;
  readonly graphqlOperationSeconds: Histogram<'operation' | 'type' | 'outcome'>;
  readonly kafkaMessagesProduced: Counter<'topic'>;
  readonly kafkaMessagesConsumed: Counter<'topic' | 'consumer_group' | 'outcome'>;
  readonly kafkaMessageHandlingSeconds: Histogram<'topic' | 'consumer_group' | 'outcome'>;
  readonly kafkaHandlerRetries: Counter<'topic' | 'consumer_group'>;
  readonly kafkaDeadLetters: Counter<'topic' | 'consumer_group' | 'reason'>;
  readonly kafkaConsumerLag: Gauge<'topic' | 'partition' | 'consumer_group'>;
  readonly outboxRelayFailures: Counter<'table'>;
  private readonly outboxPendingEvents: Gauge<'table'>;
  private readonly outboxOldestPendingAge: Gauge<'table'>;
  private readonly outboxBacklogSources = new Map<string, () => Promise<OutboxBacklog>>();
  private backlogMeasurement: { at: number; result: Promise<void> } | undefined;
  private readonly seenOperationNames = new Set<string>();

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.httpRequests = new Counter({
      name: METRIC_NAMES.httpRequests,
      help: 'HTTP requests served, by method, route and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpRequestSeconds = new Histogram({
      name: METRIC_NAMES.httpRequestDuration,
      help: 'HTTP request duration in seconds, by method, route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers,
    });
    this.graphqlOperations = new Counter({
      name: METRIC_NAMES.graphqlOperations,
      help: 'GraphQL operations executed, by operation name, type and outcome',
      labelNames: ['operation', 'type', 'outcome'],
      registers,
    });
    this.graphqlOperationSeconds = new Histogram({
      name: METRIC_NAMES.graphqlOperationDuration,
      help: 'GraphQL operation duration in seconds, by operation name, type and outcome',
      labelNames: ['operation', 'type', 'outcome'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers,
    });
    this.kafkaMessagesProduced = new Counter({
      name: METRIC_NAMES.kafkaMessagesProduced,
      help: 'Kafka records acknowledged by the brokers, by topic',
      labelNames: ['topic'],
      registers,
    });
    this.kafkaMessagesConsumed = new Counter({
      name: METRIC_NAMES.kafkaMessagesConsumed,
      help: 'Kafka records a consumer finished, by topic, group and outcome (handled, dead_lettered)',
      labelNames: ['topic', 'consumer_group', 'outcome'],
      registers,
    });
    this.kafkaMessageHandlingSeconds = new Histogram({
      name: METRIC_NAMES.kafkaMessageHandlingDuration,
      help: 'Time from taking a Kafka record to finishing it (retries included), in seconds',
      labelNames: ['topic', 'consumer_group', 'outcome'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers,
    });
    this.kafkaHandlerRetries = new Counter({
      name: METRIC_NAMES.kafkaHandlerRetries,
      help: 'Event handler failures that were retried, by topic and group',
      labelNames: ['topic', 'consumer_group'],
      registers,
    });
    this.kafkaDeadLetters = new Counter({
      name: METRIC_NAMES.kafkaDeadLetters,
      help: 'Records sent to the dead-letter topic, by original topic, group and reason (invalid_event, handler_failed)',
      labelNames: ['topic', 'consumer_group', 'reason'],
      registers,
    });
    this.kafkaConsumerLag = new Gauge({
      name: METRIC_NAMES.kafkaConsumerLag,
      help: 'Records between the next offset to consume and the high watermark, per partition this member owns',
      labelNames: ['topic', 'partition', 'consumer_group'],
      registers,
    });
    this.outboxRelayFailures = new Counter({
      name: METRIC_NAMES.outboxRelayFailures,
      help: 'Outbox relay passes that failed to publish (rows stay and are retried)',
      labelNames: ['table'],
      registers,
    });
    // The backlog lives in PostgreSQL, not in this process: it is measured when Prometheus asks.
    this.outboxPendingEvents = new Gauge({
      name: METRIC_NAMES.outboxPendingEvents,
      help: 'Committed outbox rows not yet published, measured at scrape time',
      labelNames: ['table'],
      registers,
      collect: () => this.measureOutboxBacklogs(),
    });
    this.outboxOldestPendingAge = new Gauge({
      name: METRIC_NAMES.outboxOldestPendingAge,
      help: 'Age in seconds of the oldest unpublished outbox row (0 when empty), measured at scrape time',
      labelNames: ['table'],
      registers,
      collect: () => this.measureOutboxBacklogs(),
    });
  }

  /** Records one served HTTP request; `route` must come from a fixed set (never the raw path). */
  recordHttpRequest(labels: { method: string; route: string; status: number }, durationSeconds: number): void {
    const values = { method: labels.method, route: labels.route, status: String(labels.status) };
    this.httpRequests.inc(values);
    this.httpRequestSeconds.observe(values, durationSeconds);
  }

  /** Records one GraphQL operation; the name is capped (see {@link MAX_DISTINCT_OPERATION_NAMES}). */
  recordGraphqlOperation(
    operation: { name: string | null | undefined; type: GraphqlOperationType; outcome: Outcome },
    durationSeconds: number,
  ): void {
    const values = { operation: this.boundedOperationName(operation.name), type: operation.type, outcome: operation.outcome };
    this.graphqlOperations.inc(values);
    this.graphqlOperationSeconds.observe(values, durationSeconds);
  }

  /**
   * Makes an outbox table's backlog part of every scrape. `measure` runs at most once per scrape;
   * if it fails (database down) the table's series are dropped from that scrape rather than
   * failing the whole exposition. Returns a function that removes the source again.
   */
  addOutboxBacklogSource(table: string, measure: () => Promise<OutboxBacklog>): () => void {
    this.outboxBacklogSources.set(table, measure);
    return () => {
      this.outboxBacklogSources.delete(table);
      this.outboxPendingEvents.remove({ table });
      this.outboxOldestPendingAge.remove({ table });
    };
  }

  /** The exposition text served at `/metrics`. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private boundedOperationName(name: string | null | undefined): string {
    if (!name) {
      return 'anonymous';
    }
    if (this.seenOperationNames.has(name)) {
      return name;
    }
    if (this.seenOperationNames.size >= MAX_DISTINCT_OPERATION_NAMES) {
      return 'other';
    }
    this.seenOperationNames.add(name);
    return name;
  }

  private measureOutboxBacklogs(): Promise<void> {
    const now = Date.now();
    if (this.backlogMeasurement && now - this.backlogMeasurement.at < BACKLOG_MEASUREMENT_REUSE_MS) {
      return this.backlogMeasurement.result;
    }
    const result = Promise.all(
      [...this.outboxBacklogSources].map(async ([table, measure]) => {
        try {
          const backlog = await measure();
          this.outboxPendingEvents.set({ table }, backlog.pendingEvents);
          this.outboxOldestPendingAge.set({ table }, backlog.oldestPendingAgeSeconds);
        } catch {
          this.outboxPendingEvents.remove({ table });
          this.outboxOldestPendingAge.remove({ table });
        }
      }),
    ).then(() => undefined);
    this.backlogMeasurement = { at: now, result };
    return result;
  }
}
