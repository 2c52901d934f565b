import type { DataSource } from 'typeorm';
import type { Message } from 'kafkajs';
import { backoffDelayMs } from '@crm-bridge/backoff';
import type { OutboxBacklog, ServiceMetrics } from '@crm-bridge/observability';
import type { EventPublisher, TopicRecords } from '../event-publisher';
import { stderrEventLogger, type EventLogger } from '../event-logger';
import { OutboxEventEntity } from './outbox-event.entity';

export interface OutboxRelayOptions {
  /** Rows published per transaction. */
  readonly batchSize?: number;
  /** How long the relay sleeps after finding fewer than `batchSize` rows (cut short by `wake()`). */
  readonly pollIntervalMs?: number;
  /**
   * Upper bound of the wait after a failed publish; the wait doubles from twice `pollIntervalMs` up
   * to it, with equal jitter so the relays of several services do not retry a broker in lockstep.
   */
  readonly maxErrorBackoffMs?: number;
  readonly logger?: EventLogger;
  /**
   * The service's metrics: failed passes count towards `crm_bridge_outbox_relay_failures_total`,
   * and every scrape measures the table's backlog (`crm_bridge_outbox_pending_events`,
   * `crm_bridge_outbox_oldest_pending_age_seconds`) while the relay is started.
   */
  readonly metrics?: ServiceMetrics;
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  payload: string;
}

/**
 * Publishes committed outbox rows to Kafka and deletes them, in id order.
 *
 * Why no cursor: ids come from a sequence, taken before commit, so a transaction holding id 7
 * can commit after the one holding id 8. A relay remembering "sent up to 8" would skip 7 forever.
 * Instead every pass reads the *unsent rows that exist now*, lowest id first; a late commit is
 * simply found on the next pass, and a rolled-back transaction leaves no row at all.
 *
 * One pass = one transaction: take the schema's relay lock, read up to `batchSize` rows
 * `ORDER BY id FOR UPDATE`, publish them (acks=all, one request in flight, see
 * `ORDERED_PRODUCER_CONFIG`), delete them, commit. If publishing fails nothing is deleted and the
 * rows are published again later: delivery is at least once, and consumers deduplicate by event id.
 *
 * The transaction-scoped advisory lock lets only one relay of a service publish at a time, even
 * with several replicas; two relays splitting rows (e.g. with SKIP LOCKED) could publish a key's
 * events out of order.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly maxErrorBackoffMs: number;
  private readonly logger: EventLogger;
  private readonly tableName: string;
  private readonly lockKey: string;
  private readonly metrics: ServiceMetrics | undefined;
  /** The table as a metric label: `schema.table`, without SQL quoting. */
  private readonly tableLabel: string;
  private stopMeasuringBacklog: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private stopRequested = false;
  private wakeIdle: (() => void) | undefined;
  private wakePending = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.maxErrorBackoffMs = options.maxErrorBackoffMs ?? 10_000;
    this.logger = options.logger ?? stderrEventLogger;
    const table = dataSource.getMetadata(OutboxEventEntity);
    this.tableName = table.schema ? `"${table.schema}"."${table.tableName}"` : `"${table.tableName}"`;
    this.lockKey = `crm-bridge outbox relay ${this.tableName}`;
    this.metrics = options.metrics;
    this.tableLabel = table.schema ? `${table.schema}.${table.tableName}` : table.tableName;
  }

  /**
   * Rows not yet published and the age of the oldest, for the backlog gauges. Reads without the
   * relay lock: a count that includes rows a pass is publishing right now is close enough.
   */
  async measureBacklog(): Promise<OutboxBacklog> {
    const [row] = await this.dataSource.query<[{ pending: number; oldest_age_seconds: number }]>(
      `SELECT count(*)::int AS pending, COALESCE(EXTRACT(EPOCH FROM (now() - min(created_at))), 0)::float8 AS oldest_age_seconds FROM ${this.tableName}`,
    );
    return { pendingEvents: row.pending, oldestPendingAgeSeconds: Math.max(0, row.oldest_age_seconds) };
  }

  /** Starts publishing in the background until {@link stop}. */
  start(): void {
    if (this.running) {
      return;
    }
    this.stopRequested = false;
    this.stopMeasuringBacklog ??= this.metrics?.addOutboxBacklogSource(this.tableLabel, () => this.measureBacklog());
    this.running = this.loop();
  }

  /** Cuts the current idle wait short, e.g. right after a transaction that wrote outbox rows. */
  wake(): void {
    // A wake during a pass must not be lost: the rows it announces may have committed too late for it.
    this.wakePending = true;
    this.wakeIdle?.();
  }

  /**
   * Stops the loop, then drains: keeps publishing until no committed row is left or
   * `drainTimeoutMs` has passed. Rows still uncommitted at that moment stay for the next start.
   */
  async stop(options: { drainTimeoutMs?: number } = {}): Promise<void> {
    this.stopRequested = true;
    this.wake();
    await this.running;
    this.running = undefined;
    const deadline = Date.now() + (options.drainTimeoutMs ?? 10_000);
    while (Date.now() < deadline && (await this.relayOnce()) > 0) {
      // keep draining
    }
    this.stopMeasuringBacklog?.();
    this.stopMeasuringBacklog = undefined;
  }

  /** One pass: publishes and deletes up to `batchSize` committed rows; returns how many. */
  async relayOnce(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [this.lockKey])) as [
        { locked: boolean },
      ];
      if (!locked) {
        await runner.rollbackTransaction();
        return 0;
      }
      const rows = (await runner.query(
        `SELECT id, topic, message_key, headers, payload FROM ${this.tableName} ORDER BY id LIMIT $1 FOR UPDATE`,
        [this.batchSize],
      )) as OutboxRow[];
      if (rows.length === 0) {
        await runner.rollbackTransaction();
        return 0;
      }
      await this.publisher.publishRecords(groupByTopic(rows));
      await runner.query(`DELETE FROM ${this.tableName} WHERE id = ANY($1::bigint[])`, [rows.map((row) => row.id)]);
      await runner.commitTransaction();
      return rows.length;
    } catch (error) {
      if (runner.isTransactionActive) {
        await runner.rollbackTransaction();
      }
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async loop(): Promise<void> {
    let consecutiveFailures = 0;
    while (!this.stopRequested) {
      let relayed = 0;
      try {
        relayed = await this.relayOnce();
        consecutiveFailures = 0;
      } catch (error) {
        consecutiveFailures += 1;
        this.metrics?.outboxRelayFailures.inc({ table: this.tableLabel });
        this.logger.error('outbox relay pass failed; rows stay in the outbox', {
          table: this.tableName,
          consecutiveFailures,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      }
      if (this.stopRequested) {
        break;
      }
      if (consecutiveFailures > 0) {
        await this.idle(
          backoffDelayMs(consecutiveFailures, {
            initialDelayMs: this.pollIntervalMs * 2,
            maxDelayMs: this.maxErrorBackoffMs,
            jitter: 'equal',
          }),
        );
      } else if (relayed < this.batchSize) {
        await this.idle(this.pollIntervalMs);
      }
    }
  }

  private idle(durationMs: number): Promise<void> {
    if (this.wakePending) {
      this.wakePending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeIdle = undefined;
        this.wakePending = false;
        resolve();
      };
      const timer = setTimeout(done, durationMs);
      this.wakeIdle = done;
    });
  }
}

/** Consecutive rows of one topic stay in id order; kafkajs keeps per-partition order within a request. */
function groupByTopic(rows: readonly OutboxRow[]): TopicRecords[] {
  const byTopic = new Map<string, Message[]>();
  for (const row of rows) {
    const messages = byTopic.get(row.topic) ?? [];
    messages.push({ key: row.message_key, value: row.payload, headers: row.headers });
    byTopic.set(row.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
