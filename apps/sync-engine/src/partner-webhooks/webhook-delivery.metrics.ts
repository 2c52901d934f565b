import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { ServiceMetrics, StructuredLogger, SYNC_METRIC_NAMES } from '@crm-bridge/observability';
import { WebhookDeliveryRepository, type DueBacklog } from './webhook-delivery.repository';

/**
 * How a delivery attempt ended, as counted: `delivered` (2xx), `failed` (any other answer, no
 * answer, a network error — a retry is left), `refused` (not sent: the host is or resolves to an
 * address the URL policy forbids — a retry is left), `abandoned` (failed or refused, and it was the
 * last retry: the delivery is FAILED).
 */
export const WEBHOOK_ATTEMPT_OUTCOMES = ['delivered', 'failed', 'refused', 'abandoned'] as const;
export type WebhookAttemptOutcome = (typeof WEBHOOK_ATTEMPT_OUTCOMES)[number];

/**
 * Partner webhook metrics (docs/operations.md says what each means; alert rules in
 * `k8s/monitoring/prometheus-rules.yaml`). Attempts, request durations, latencies and disabled
 * endpoints are counted by the instance that made them (sum over instances); the due backlog is
 * read from `webhook_deliveries` when Prometheus scrapes, so every instance reports the same
 * figure (alert on the max). No tenant or endpoint label: their number is unbounded.
 */
@Injectable()
export class WebhookDeliveryMetrics {
  private readonly attempts: Counter<'outcome'>;
  private readonly requestSeconds: Histogram<'outcome'>;
  private readonly latencySeconds: Histogram;
  private readonly endpointsDisabled: Counter;

  constructor(metrics: ServiceMetrics, deliveries: WebhookDeliveryRepository, logger: StructuredLogger) {
    const registers = [metrics.registry];
    this.attempts = new Counter({
      name: SYNC_METRIC_NAMES.webhookDeliveryAttempts,
      help: 'Partner webhook delivery attempts by outcome: delivered, failed, refused (URL policy), abandoned (the last retry failed)',
      labelNames: ['outcome'],
      registers,
    });
    for (const outcome of WEBHOOK_ATTEMPT_OUTCOMES) {
      // Every series from the start, so a rate() of a first failure is seen.
      this.attempts.inc({ outcome }, 0);
    }
    this.requestSeconds = new Histogram({
      name: SYNC_METRIC_NAMES.webhookRequestDuration,
      help: 'How long a partner webhook POST took until answered (or given up on), by outcome',
      labelNames: ['outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.latencySeconds = new Histogram({
      name: SYNC_METRIC_NAMES.webhookDeliveryLatency,
      help: 'From a partner webhook delivery being queued until its endpoint accepted it, retries included',
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 7200, 36_000, 86_400, 172_800],
      registers,
    });
    this.endpointsDisabled = new Counter({
      name: SYNC_METRIC_NAMES.webhookEndpointsDisabled,
      help: 'Partner webhook endpoints disabled because every attempt to them kept failing',
      registers,
    });

    let scrape: Promise<DueBacklog | null> | null = null;
    // Both gauges are collected in one scrape: they share one read.
    const backlog = (): Promise<DueBacklog | null> => {
      scrape ??= deliveries
        .dueBacklog()
        .catch((error: unknown) => {
          logger.warn('measuring the webhook delivery backlog failed', { error });
          return null;
        })
        .finally(() => setImmediate(() => (scrape = null)));
      return scrape;
    };
    new Gauge({
      name: SYNC_METRIC_NAMES.webhookDeliveriesDue,
      help: 'PENDING partner webhook deliveries of enabled endpoints that are due now (waiting for a worker, or held behind an earlier one of their deal)',
      registers,
      async collect() {
        const measured = await backlog();
        if (measured) {
          this.set(measured.due);
        }
      },
    });
    new Gauge({
      name: SYNC_METRIC_NAMES.webhookOldestDueAge,
      help: 'Seconds the oldest due partner webhook delivery of an enabled endpoint has been due (0 when none is)',
      registers,
      async collect() {
        const measured = await backlog();
        if (measured) {
          this.set(measured.oldestDueSeconds);
        }
      },
    });
  }

  /** One attempt: its outcome, and for one that was sent, how long the POST took. */
  countAttempt(outcome: WebhookAttemptOutcome, sent: { outcome: 'delivered' | 'failed'; durationMs: number } | null): void {
    this.attempts.inc({ outcome });
    if (sent) {
      this.requestSeconds.observe({ outcome: sent.outcome }, sent.durationMs / 1000);
    }
  }

  /** A delivery accepted by its endpoint `seconds` after it was queued. */
  observeDelivered(seconds: number): void {
    this.latencySeconds.observe(Math.max(0, seconds));
  }

  endpointDisabled(): void {
    this.endpointsDisabled.inc();
  }
}
