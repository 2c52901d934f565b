import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { StructuredLogger } from '@crm-bridge/observability';
import { SERVICE_CONFIG } from '@crm-bridge/service-runtime';
import { ActiveMappingRepository } from '../active-mapping/active-mapping.repository';
import { CreditBudget } from '../credit-budget/credit-budget.service';
import { SyncIntegrationRepository } from '../sync-integration/sync-integration.repository';
import { SyncMetrics } from '../sync-metrics/sync-metrics';
import type { IntegrationWorkConfig } from './integration-work.config';
import { IntegrationLeaseRepository, type ClaimedIntegration } from './integration-lease.repository';
import type { IntegrationWorkUnit } from './integration-work.step';
import { IntegrationWorkSteps } from './integration-work.steps';

/** A step that threw is tried again after this long, not at once: a failing Zoho or database is not hammered. */
const STEP_FAILURE_RETRY_MS = 30_000;

/**
 * How one pass over an integration ended: every step ran (`COMPLETED`), a step threw and the rest
 * still ran (`STEP_FAILED`), the lease was lost or the instance is stopping (`ABORTED`), the
 * integration's settings have not arrived yet (`NOT_CONFIGURED`), or the pass itself failed before
 * any step, e.g. the database (`FAILED`).
 */
export const INTEGRATION_PASS_OUTCOMES = ['COMPLETED', 'STEP_FAILED', 'ABORTED', 'NOT_CONFIGURED', 'FAILED'] as const;
export type IntegrationPassOutcome = (typeof INTEGRATION_PASS_OUTCOMES)[number];

/** What one pass did, for its log line and metric, and when the integration is next due. */
interface IntegrationPass {
  readonly stepsRun: readonly string[];
  readonly outcome: IntegrationPassOutcome;
  readonly nextWorkAt: Date | null;
}

/**
 * Every sync-engine instance runs one worker. Each tick it claims integrations whose work is due
 * (a lease in `integration_work`, ADR 0009), runs every registered step for each, and releases the
 * lease with the time work is next due. One integration is worked by one instance at a time; the
 * lease is renewed while it works, and a step learns through its signal when the lease was lost.
 */
@Injectable()
export class IntegrationWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** Names this instance in leases; unique per process so a restarted instance never mistakes an old lease for its own. */
  readonly instanceId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly inFlight = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private claiming: Promise<void> | null = null;
  private stopping = false;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: IntegrationWorkConfig,
    private readonly leases: IntegrationLeaseRepository,
    private readonly steps: IntegrationWorkSteps,
    private readonly integrations: SyncIntegrationRepository,
    private readonly mappings: ActiveMappingRepository,
    private readonly creditBudget: CreditBudget,
    private readonly scheduler: SchedulerRegistry,
    private readonly logger: StructuredLogger,
    private readonly metrics: SyncMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.addInterval(
      'integration-worker',
      setInterval(() => void this.tick(), this.config.SYNC_WORKER_TICK_MS),
    );
  }

  /** Stops claiming, aborts the integrations in hand and waits for them to release their leases. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.scheduler.deleteInterval('integration-worker');
    await this.claiming;
    for (const { controller } of this.inFlight.values()) {
      controller.abort(new Error('sync-engine is shutting down'));
    }
    await Promise.all([...this.inFlight.values()].map(({ done }) => done));
  }

  /** One look for due integrations; a tick while the previous claim is still running does nothing. */
  tick(): Promise<void> {
    if (this.stopping || this.claiming) {
      return this.claiming ?? Promise.resolve();
    }
    this.claiming = this.claimAndStart().finally(() => {
      this.claiming = null;
    });
    return this.claiming;
  }

  private async claimAndStart(): Promise<void> {
    const free = this.config.SYNC_WORKER_CONCURRENCY - this.inFlight.size;
    if (free <= 0) {
      return;
    }
    let claimed: ClaimedIntegration[];
    try {
      claimed = await this.leases.claimDue(this.instanceId, this.leaseMs(), free);
    } catch (error) {
      this.logger.warn('claiming due integrations failed', { error });
      return;
    }
    for (const integration of claimed) {
      const controller = new AbortController();
      const done = this.work(integration, controller).finally(() => this.inFlight.delete(integration.integrationId));
      this.inFlight.set(integration.integrationId, { controller, done });
    }
  }

  private async work(claimed: ClaimedIntegration, controller: AbortController): Promise<void> {
    const startedAt = new Date();
    const renewal = setInterval(() => void this.renew(claimed, controller), Math.max(1000, this.leaseMs() / 3));
    let pass: IntegrationPass;
    try {
      pass = await this.runSteps(claimed, controller.signal);
    } catch (error) {
      this.logger.error('integration work failed', { tenantId: claimed.tenantId, integrationId: claimed.integrationId, error });
      pass = { stepsRun: [], outcome: 'FAILED', nextWorkAt: new Date(Date.now() + STEP_FAILURE_RETRY_MS) };
    } finally {
      clearInterval(renewal);
    }
    // Finished before the release: the logged span lies inside the time this instance held the lease.
    this.reportPass(claimed, startedAt, new Date(), pass);
    try {
      await this.leases.release(this.instanceId, claimed, pass.nextWorkAt);
    } catch (error) {
      // The lease runs out by itself; the work is picked up again then.
      this.logger.warn('releasing an integration lease failed', { integrationId: claimed.integrationId, error });
    }
  }

  /**
   * One line and one count per pass: which instance worked which integration from when to when, and
   * how it ended — what shows from outside that no two instances work an integration at once, and
   * where an integration's passes go.
   */
  private reportPass(claimed: ClaimedIntegration, startedAt: Date, finishedAt: Date, pass: IntegrationPass): void {
    this.metrics.countPass(this.instanceId, pass.outcome);
    this.logger.info('integration pass', {
      instanceId: this.instanceId,
      tenantId: claimed.tenantId,
      integrationId: claimed.integrationId,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      steps: pass.stepsRun,
      outcome: pass.outcome,
      nextWorkAt: pass.nextWorkAt?.toISOString() ?? null,
    });
  }

  private async runSteps(claimed: ClaimedIntegration, signal: AbortSignal): Promise<IntegrationPass> {
    const found = await this.integrations.withConnection(claimed.tenantId, claimed.integrationId);
    if (!found) {
      // Woken (e.g. by a mapping) before its settings arrived; their event wakes it again.
      return { stepsRun: [], outcome: 'NOT_CONFIGURED', nextWorkAt: null };
    }
    const unit: IntegrationWorkUnit = {
      tenantId: claimed.tenantId,
      integrationId: claimed.integrationId,
      integration: found.integration,
      connection: found.connection,
      mapping: await this.mappings.ofIntegration(claimed.tenantId, claimed.integrationId),
      credits: await this.creditBudget.standingOf(claimed.tenantId, claimed.integrationId, found.connection),
      signal,
    };
    try {
      return await this.runEachStep(unit);
    } finally {
      await this.creditBudget.recordPass(unit.tenantId, unit.integrationId, unit.connection).catch((error: unknown) => {
        this.logger.warn('recording the credits of an integration pass failed', { integrationId: unit.integrationId, error });
      });
    }
  }

  private async runEachStep(unit: IntegrationWorkUnit): Promise<IntegrationPass> {
    const { signal } = unit;
    const stepsRun: string[] = [];
    let failed = false;
    let next: Date | null = null;
    for (const step of this.steps.all()) {
      if (signal.aborted) {
        break;
      }
      stepsRun.push(step.name);
      let due: Date | null;
      try {
        due = await step.run(unit);
      } catch (error) {
        if (signal.aborted) {
          break;
        }
        failed = true;
        this.logger.error('integration work step failed', {
          tenantId: unit.tenantId,
          integrationId: unit.integrationId,
          step: step.name,
          error,
        });
        due = new Date(Date.now() + STEP_FAILURE_RETRY_MS);
      }
      next = earliest(next, due);
    }
    // Aborted work is not finished: due again at once (for whoever holds the lease next).
    if (signal.aborted) {
      return { stepsRun, outcome: 'ABORTED', nextWorkAt: new Date() };
    }
    return { stepsRun, outcome: failed ? 'STEP_FAILED' : 'COMPLETED', nextWorkAt: next };
  }

  private async renew(claimed: ClaimedIntegration, controller: AbortController): Promise<void> {
    try {
      if (!(await this.leases.renew(this.instanceId, claimed.integrationId, this.leaseMs()))) {
        controller.abort(new Error(`lease of integration ${claimed.integrationId} lost`));
      }
    } catch (error) {
      this.logger.warn('renewing an integration lease failed', { integrationId: claimed.integrationId, error });
    }
  }

  private leaseMs(): number {
    return this.config.SYNC_LEASE_SECONDS * 1000;
  }
}

function earliest(a: Date | null, b: Date | null): Date | null {
  if (!a || !b) {
    return a ?? b;
  }
  return a.getTime() <= b.getTime() ? a : b;
}
