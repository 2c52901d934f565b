import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { SyncDirection } from '@crm-bridge/contracts';
import { ServiceMetrics, SYNC_METRIC_NAMES } from '@crm-bridge/observability';
import type { CreditStanding } from '../credit-budget/credit-standing';

/** What a finished run counted, by outcome. */
export interface RunOutcomeCounts {
  readonly created: number;
  readonly updated: number;
  readonly deleted: number;
  readonly skipped: number;
  readonly failed: number;
  readonly conflicts: number;
}

/**
 * sync-engine's own metrics, per integration (label `integration`: one series set per integration,
 * as many as the tenants' integrations): propagation lag both ways, records per outcome, credits,
 * and how long due work waits. docs/operations.md says what each means; the alert rules are in
 * `k8s/monitoring/prometheus-rules.yaml`.
 */
@Injectable()
export class SyncMetrics {
  private readonly propagationSeconds: Histogram<'direction' | 'integration'>;
  private readonly records: Counter<'direction' | 'outcome' | 'integration'>;
  private readonly creditsRemaining: Gauge<'integration'>;
  private readonly creditsBudget: Gauge<'integration'>;
  private readonly creditsSpentLastDay: Gauge<'integration'>;
  private readonly creditsForecastNextDay: Gauge<'integration'>;
  readonly workOverdue: Gauge<'integration'>;
  private readonly integrationPasses: Counter<'worker' | 'outcome'>;

  constructor(metrics: ServiceMetrics) {
    const registers = [metrics.registry];
    this.propagationSeconds = new Histogram({
      name: SYNC_METRIC_NAMES.propagationLatency,
      help: 'From a change in one system to its write in the other, by direction and integration',
      labelNames: ['direction', 'integration'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    });
    this.records = new Counter({
      name: SYNC_METRIC_NAMES.records,
      help: 'Records handled by finished sync runs, by direction, outcome and integration',
      labelNames: ['direction', 'outcome', 'integration'],
      registers,
    });
    const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames: ['integration'] as const, registers });
    this.creditsRemaining = gauge(
      SYNC_METRIC_NAMES.creditsRemaining,
      "Budgeted Zoho credits left for the integration's org over the rolling day",
    );
    this.creditsBudget = gauge(SYNC_METRIC_NAMES.creditsBudget, "The share of the org's daily Zoho credits sync may spend");
    this.creditsSpentLastDay = gauge(SYNC_METRIC_NAMES.creditsSpentLastDay, 'Zoho credits the integration spent over the last 24 hours');
    this.creditsForecastNextDay = gauge(
      SYNC_METRIC_NAMES.creditsForecastNextDay,
      'Zoho credits the next 24 hours will take at the current pace',
    );
    this.workOverdue = gauge(
      SYNC_METRIC_NAMES.workOverdue,
      "Seconds an integration's due sync work has waited for an instance (0 when none waits)",
    );
    this.integrationPasses = new Counter({
      name: SYNC_METRIC_NAMES.integrationPasses,
      help: "Passes over an integration's work steps, by the instance that made them (its lease owner id) and outcome",
      // `worker`, not `instance`: Prometheus sets `instance` to the scrape target itself.
      labelNames: ['worker', 'outcome'],
      registers,
    });
  }

  /** One pass of `worker` (the instance's lease owner id) over an integration, ended with `outcome`. */
  countPass(worker: string, outcome: string): void {
    this.integrationPasses.inc({ worker, outcome });
  }

  observePropagation(direction: SyncDirection, integrationId: string, seconds: number): void {
    this.propagationSeconds.observe({ direction, integration: integrationId }, Math.max(0, seconds));
  }

  countRun(direction: SyncDirection, integrationId: string, counts: RunOutcomeCounts): void {
    for (const [outcome, count] of Object.entries(counts) as [keyof RunOutcomeCounts, number][]) {
      if (count > 0) {
        this.records.inc({ direction, outcome, integration: integrationId }, count);
      }
    }
  }

  setCredits(integrationId: string, standing: CreditStanding): void {
    const labels = { integration: integrationId };
    this.creditsRemaining.set(labels, standing.remaining);
    this.creditsBudget.set(labels, standing.budget);
    this.creditsSpentLastDay.set(labels, standing.spentLastDay);
    this.creditsForecastNextDay.set(labels, standing.forecastNextDay);
  }
}
