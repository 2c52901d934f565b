import { Injectable } from '@nestjs/common';
import {
  ZohoAuthenticationError,
  ZohoCreditBudgetError,
  ZohoDeadlineError,
  ZohoError,
  ZohoNetworkError,
  ZohoPermissionError,
  ZohoRateLimitError,
  ZohoServerError,
} from '@crm-bridge/zoho-client';
import { ConnectionTokenError } from '@crm-bridge/zoho-connection-tokens';
import type { IntegrationWorkUnit } from '../integration-work/integration-work.step';
import type { SyncRunTrigger } from '../sync-run/sync-run.enums';
import { SyncRunRecorder } from '../sync-run/sync-run.recorder';
import { InboundNotReadyError } from './inbound-applier';
import { InboundRepository } from './inbound.repository';

/**
 * One inbound sync run, started lazily — only once there is something to do, so a poll that finds
 * nothing new leaves no run behind — or resumed by id (a full sync asked for earlier).
 */
export class InboundRun {
  private runId: string | null;

  constructor(
    private readonly recorder: SyncRunRecorder,
    private readonly repository: InboundRepository,
    private readonly unit: IntegrationWorkUnit,
    readonly trigger: SyncRunTrigger,
    existingRunId: string | null = null,
  ) {
    this.runId = existingRunId;
  }

  get started(): boolean {
    return this.runId !== null;
  }

  /** The run's id, starting it now if it has not started. */
  async id(): Promise<string> {
    if (this.runId === null) {
      this.runId = (await this.recorder.start(this.unit.tenantId, this.unit.integrationId, this.trigger)).id;
    }
    return this.runId;
  }

  /** Drops a run id whose start was rolled back with the transaction it joined; the next `id()` starts one again. */
  forgetUncommitted(): void {
    this.runId = null;
  }

  /** Publishes the run's progress, when it has started. */
  async progressed(): Promise<void> {
    if (this.runId !== null) {
      await this.repository.publishProgress(this.unit.tenantId, this.runId, false);
    }
  }

  /**
   * Finishes the run: FAILED with a readable reason when `failure` is given (a run is started for
   * it if none was, so the failure shows) — INTERRUPTED when the failure is the unit's abort — else
   * by its counts; a run never started stays so.
   */
  async finish(failure: unknown = null): Promise<void> {
    if (failure !== null) {
      await this.id();
    }
    if (this.runId === null) {
      return;
    }
    await this.recorder.finish(
      this.unit.tenantId,
      this.runId,
      failure === null ? null : readableFailure(failure),
      failure instanceof InboundInterruptedError,
    );
    await this.repository.publishProgress(this.unit.tenantId, this.runId, true);
  }
}

/** Why a run stopped when its unit's signal was aborted: the lease moved on or the service stops. */
export class InboundInterruptedError extends Error {
  constructor() {
    super('sync-engine stopped or handed the integration to another instance mid-run; the next run syncs the rest');
  }
}

/** Why an owed run was given up: deals stopped syncing from Zoho before it ran. */
export class InboundNotSyncingError extends Error {}

/** Opens inbound runs. */
@Injectable()
export class InboundRuns {
  constructor(
    private readonly recorder: SyncRunRecorder,
    private readonly repository: InboundRepository,
  ) {}

  open(unit: IntegrationWorkUnit, trigger: SyncRunTrigger, existingRunId: string | null = null): InboundRun {
    return new InboundRun(this.recorder, this.repository, unit, trigger, existingRunId);
  }
}

/** Why a run stopped, in words a sales-ops person acts on. */
export function readableFailure(error: unknown): string {
  if (error instanceof ConnectionTokenError) {
    return `the Zoho connection needs a new consent: ${error.message} (${error.code}). Reconnect Zoho and sync resumes where it stopped`;
  }
  if (error instanceof ZohoAuthenticationError) {
    return `the Zoho connection needs a new consent: Zoho refused its token (${error.code}). Reconnect Zoho and sync resumes where it stopped`;
  }
  if (error instanceof ZohoPermissionError) {
    return `Zoho refused the read for lack of permission (${error.code}: ${error.message}): reconnect Zoho granting the scopes sync needs, with a user who may read Deals`;
  }
  if (error instanceof ZohoCreditBudgetError) {
    return `Zoho's API credits for today are nearly spent, so sync stopped reading to leave some for other apps; it resumes as credits free up`;
  }
  if (
    error instanceof ZohoRateLimitError ||
    error instanceof ZohoServerError ||
    error instanceof ZohoNetworkError ||
    error instanceof ZohoDeadlineError
  ) {
    return `Zoho did not answer after retries (${error.code}: ${error.message}); the next run reads from where this one stopped`;
  }
  if (error instanceof ZohoError) {
    return `Zoho refused the read (${error.code}${error.field ? `, ${error.field}` : ''}: ${error.message})`;
  }
  if (error instanceof InboundNotReadyError || error instanceof InboundInterruptedError || error instanceof InboundNotSyncingError) {
    return error.message;
  }
  return `sync stopped on an unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}
