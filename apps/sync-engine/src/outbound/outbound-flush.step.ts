import { Inject, Injectable } from '@nestjs/common';
import { StructuredLogger } from '@crm-bridge/observability';
import { SERVICE_CONFIG } from '@crm-bridge/service-runtime';
import {
  conflictableDealFields,
  reconcileDeal,
  type DealReconciliation,
  type DealSyncNote,
  type MappingDefinition,
} from '@crm-bridge/sync-domain';
import { ZohoClient, ZOHO_LIST_LIMITS, type ZohoRecord } from '@crm-bridge/zoho-client';
import { canonicalValuesOfDeal, portalDealFieldsOf } from '../deal/deal-values';
import type { DealEntity } from '../deal/deal.entity';
import { instantOfZohoDateTime } from '../inbound/poll-window';
import { CREDIT_PAUSE_RECHECK_MS, creditAllows } from '../credit-budget/credit-standing';
import { syncsDeals, type IntegrationWorkStep, type IntegrationWorkUnit } from '../integration-work/integration-work.step';
import { SyncMetrics } from '../sync-metrics/sync-metrics';
import { IntegrationWorkSteps } from '../integration-work/integration-work.steps';
import type { SyncRetryConfig } from '../integration-work/integration-work.config';
import { syncRetryAt } from '../integration-work/retry-backoff';
import { PortalDealSchemaService } from '../portal-deal-schema/portal-deal-schema.service';
import type { RecordLinkEntity } from '../record-link/record-link.entity';
import { SyncRunTrigger } from '../sync-run/sync-run.enums';
import { SyncRunRecorder, type RecordIssue, type RecordOutcome } from '../sync-run/sync-run.recorder';
import { ZohoOrgs } from '../zoho-access/zoho-orgs';
import { OutboundChangeRepository, type OutboundRecordResult, type QueuedChange } from './outbound-change.repository';
import type { OutboundConfig } from './outbound.config';
import { decideOutboundFlush } from './outbound-schedule';
import { OutboundZohoWriter, type OutboundWriteResult, type OutboundZohoWrite } from './outbound-zoho-writer';
import { readableBatchFailure, readableZohoRefusal } from './zoho-refusal';
/** Batches flushed per pass before the worker gets the integration back for its other steps. */
const MAX_FLUSHES_PER_PASS = 20;
/** Outcomes committed per transaction (a Bulk Write job's thousands would otherwise be as many commits). */
const OUTCOMES_PER_TRANSACTION = 500;

/** One queued deal, read and planned. */
interface PlannedDeal {
  readonly change: QueuedChange;
  readonly deal: DealEntity | null;
  readonly link: RecordLinkEntity | null;
  readonly plan: DealReconciliation;
  readonly write: OutboundZohoWrite | null;
  /** Zoho's `Modified_Time` of the record planned against, when linked: the instant Zoho's side of a conflict changed. */
  readonly zohoModifiedAt: Date | null;
  /** Whether Zoho still has the linked deal (false: deleted there, or never linked). */
  readonly zohoFound: boolean;
}

/** The flush's sync run, started only once there is an outcome to count. */
class LazyRun {
  private runId: string | null = null;

  constructor(
    private readonly recorder: SyncRunRecorder,
    private readonly unit: IntegrationWorkUnit,
  ) {}

  async id(): Promise<string> {
    this.runId ??= (await this.recorder.start(this.unit.tenantId, this.unit.integrationId, SyncRunTrigger.PORTAL_CHANGE)).id;
    return this.runId;
  }

  /** Finishes the run: FAILED for a reason, INTERRUPTED when the reason is that the unit was aborted. */
  async finish(failureReason: string | null, interrupted = false): Promise<void> {
    if (failureReason !== null) {
      await this.id();
    }
    if (this.runId) {
      await this.recorder.finish(this.unit.tenantId, this.runId, failureReason, interrupted);
    }
  }
}

/**
 * Outbound sync (portal → Zoho), one integration work step: flushes the integration's due portal
 * changes in batches of ≤ 100 (or one Bulk Write job for a large backlog), each deal planned by
 * `reconcileDeal` against its link's snapshot and Zoho's current record, and each deal's outcome
 * committed in one transaction with its queue row (see the README's "Outbound sync").
 */
@Injectable()
export class OutboundFlushStep implements IntegrationWorkStep {
  readonly name = 'outbound-deals';

  constructor(
    steps: IntegrationWorkSteps,
    @Inject(SERVICE_CONFIG) private readonly config: OutboundConfig & SyncRetryConfig,
    private readonly changes: OutboundChangeRepository,
    private readonly schemas: PortalDealSchemaService,
    private readonly zoho: ZohoClient,
    private readonly orgs: ZohoOrgs,
    private readonly writer: OutboundZohoWriter,
    private readonly recorder: SyncRunRecorder,
    private readonly logger: StructuredLogger,
    private readonly metrics: SyncMetrics,
  ) {
    steps.register(this);
  }

  async run(unit: IntegrationWorkUnit): Promise<Date | null> {
    // Changes wait in the queue while deals do not sync this way; enabling it wakes the integration.
    if (!syncsDeals(unit, 'PORTAL_TO_ZOHO')) {
      return null;
    }
    // Writes are the last thing the credit budget stops (PAUSED); they wait, queued, until it eases.
    if (!creditAllows.notifiedReadsAndWrites(unit.credits)) {
      return new Date(Date.now() + CREDIT_PAUSE_RECHECK_MS);
    }
    const limits = { lingerMs: this.config.OUTBOUND_LINGER_MS, bulkThreshold: this.config.OUTBOUND_BULK_THRESHOLD };
    for (let flush = 0; flush < MAX_FLUSHES_PER_PASS; flush++) {
      if (unit.signal.aborted) {
        return new Date();
      }
      const now = new Date();
      const decision = decideOutboundFlush(await this.changes.queueState(unit.tenantId, unit.integrationId, now), limits, now);
      if (decision.kind === 'WAIT') {
        return decision.until;
      }
      const due = await this.changes.takeDue(unit.tenantId, unit.integrationId, now, decision.limit);
      if (due.length === 0) {
        return null;
      }
      await this.flush(unit, due, decision.bulk);
    }
    return new Date();
  }

  private async flush(unit: IntegrationWorkUnit, due: readonly QueuedChange[], bulk: boolean): Promise<void> {
    const mapping = unit.mapping as NonNullable<IntegrationWorkUnit['mapping']>;
    const connection = unit.connection as NonNullable<IntegrationWorkUnit['connection']>;
    const definition = mapping.definition;
    const run = new LazyRun(this.recorder, unit);
    const orgRef = this.orgs.orgRefOf(connection);
    let planned: PlannedDeal[];
    try {
      planned = await this.plan(unit, orgRef, definition, due);
    } catch (error) {
      // Zoho's side could not be read (or the token was refused): nothing is sent, nothing lost.
      await this.failWhole(unit, due, error, run);
      return;
    }
    if (unit.signal.aborted) {
      return;
    }
    const writes = planned.flatMap((item) => (item.write ? [item.write] : []));
    const results = await this.writer.write(orgRef, definition.matchKey, writes, { bulk, signal: unit.signal });

    let failureReason: string | null = null;
    let interrupted = false;
    const unsent: QueuedChange[] = [];
    for (const item of planned) {
      const result = results.get(item.change.portalRecordId);
      if (result?.kind === 'UNSENT') {
        failureReason ??= readableBatchFailure(result.error);
        unsent.push(item.change);
      }
    }
    if (unsent.length > 0) {
      await this.changes.retryAllLater(unit.tenantId, unsent, this.retryAt(unsent), failureReason ?? 'not sent');
    }
    const recordable = planned.flatMap((item) => {
      const result = results.get(item.change.portalRecordId) ?? null;
      return result?.kind === 'UNSENT' ? [] : [{ item, result, outcome: this.outcomeOf(mapping.version, definition, item, result) }];
    });
    for (let start = 0; start < recordable.length; start += OUTCOMES_PER_TRANSACTION) {
      // Between groups only: a record is recorded whole or not at all (then re-sent, idempotently).
      if (unit.signal.aborted) {
        interrupted = failureReason === null;
        failureReason ??= 'sync-engine stopped working on this integration mid-batch (lease lost or shutting down); the rest is sent again';
        break;
      }
      const group = recordable.slice(start, start + OUTCOMES_PER_TRANSACTION);
      const runId = group.some(({ outcome }) => outcome.outcomes.length > 0) ? await run.id() : null;
      try {
        await this.changes.recordOutcomes(
          unit.tenantId,
          unit.integrationId,
          group.map(({ outcome }) => outcome),
          { recorder: this.recorder, runId },
        );
        group.forEach(({ item, result }) => this.observePropagation(unit, item, result));
      } catch {
        // One of them could not be recorded: each on its own, so only that one waits for a retry.
        for (const recorded of group) {
          await this.recordOne(unit, recorded, runId);
        }
      }
    }
    await run.finish(failureReason, interrupted);
  }

  /** One deal's outcome in its own transaction; when even that fails, its change is retried later. */
  private async recordOne(
    unit: IntegrationWorkUnit,
    { item, result, outcome }: { item: PlannedDeal; result: OutboundWriteResult | null; outcome: OutboundRecordResult },
    runId: string | null,
  ): Promise<void> {
    try {
      await this.changes.recordOutcome(unit.tenantId, unit.integrationId, outcome, { recorder: this.recorder, runId });
      this.observePropagation(unit, item, result);
    } catch (error) {
      this.logger.error('recording an outbound outcome failed', {
        tenantId: unit.tenantId,
        integrationId: unit.integrationId,
        portalRecordId: item.change.portalRecordId,
        error,
      });
      await this.changes.retryAllLater(
        unit.tenantId,
        [item.change],
        this.retryAt([item.change]),
        `recording the outcome failed: ${String(error)}`,
      );
    }
  }

  private observePropagation(unit: IntegrationWorkUnit, item: PlannedDeal, result: OutboundWriteResult | null): void {
    if (result?.kind === 'WRITTEN') {
      this.metrics.observePropagation('PORTAL_TO_ZOHO', unit.integrationId, (Date.now() - item.change.lastChangedAt.getTime()) / 1000);
    }
  }

  /** Reads the deals, links and Zoho's current records of the linked ones (one call per 100), and plans each deal. */
  private async plan(
    unit: IntegrationWorkUnit,
    orgRef: string,
    definition: MappingDefinition,
    due: readonly QueuedChange[],
  ): Promise<PlannedDeal[]> {
    const schema = await this.schemas.ofIntegration(unit.tenantId, unit.integrationId);
    const portalFields = portalDealFieldsOf(schema ?? { phases: [], customFields: [] });
    const context = { portalFields, timeZone: unit.integration.settings.timeZone };
    const { deals, links } = await this.changes.dealsAndLinks(
      unit.tenantId,
      unit.integrationId,
      due.map((change) => change.portalRecordId),
    );
    const zohoDeals = await this.readZohoDeals(orgRef, definition, links, unit.signal);
    const ways = { toZoho: true, toPortal: syncsDeals(unit, 'ZOHO_TO_PORTAL') };
    return due.map((change): PlannedDeal => {
      const deal = deals.find((candidate) => candidate.id === change.portalRecordId) ?? null;
      const link = links.find((candidate) => candidate.portalRecordId === change.portalRecordId) ?? null;
      const canonical = deal ? canonicalValuesOfDeal(deal, portalFields) : null;
      const zoho = link ? (zohoDeals.get(link.zohoRecordId) ?? null) : null;
      const plan = reconcileDeal(
        definition,
        context,
        {
          portal: deal && canonical ? { id: deal.id, values: canonical.values } : null,
          zoho,
          snapshot: link?.snapshot ?? null,
        },
        ways,
      );
      const unreadable: DealSyncNote[] = (canonical?.problems ?? []).map((problem) => ({
        code: problem.code,
        field: problem.field,
        zohoField: null,
        reason: problem.reason,
      }));
      const withProblems = unreadable.length > 0 ? { ...plan, notes: [...unreadable, ...plan.notes] } : plan;
      return {
        change,
        deal,
        link,
        plan: withProblems,
        write: writeOf(change.portalRecordId, plan, link),
        zohoModifiedAt: instantOfZohoDateTime(zoho?.['Modified_Time']),
        zohoFound: zoho !== null,
      };
    });
  }

  private async readZohoDeals(
    orgRef: string,
    definition: MappingDefinition,
    links: readonly RecordLinkEntity[],
    signal: AbortSignal,
  ): Promise<Map<string, ZohoRecord>> {
    const byId = new Map<string, ZohoRecord>();
    const fields = [...new Set([...definition.fieldMappings.map((mapping) => mapping.zohoField), 'Stage', 'Pipeline', 'Modified_Time'])];
    const ids = links.map((link) => link.zohoRecordId);
    for (let start = 0; start < ids.length; start += ZOHO_LIST_LIMITS.maxIds) {
      for await (const record of this.zoho.records.list(orgRef, 'Deals', {
        fields,
        ids: ids.slice(start, start + ZOHO_LIST_LIMITS.maxIds),
        signal,
      })) {
        byId.set(record.id, record);
      }
    }
    return byId;
  }

  /** Nothing of the batch could be sent: every change stays queued with a back-off, and the run says why. */
  private async failWhole(unit: IntegrationWorkUnit, due: readonly QueuedChange[], error: unknown, run: LazyRun): Promise<void> {
    const reason = readableBatchFailure(error);
    this.logger.warn('outbound flush failed as a whole', { tenantId: unit.tenantId, integrationId: unit.integrationId, reason, error });
    await this.changes.retryAllLater(unit.tenantId, due, this.retryAt(due), reason);
    await run.finish(reason);
  }

  private retryAt(changes: readonly QueuedChange[]): Date {
    return syncRetryAt(Math.max(...changes.map((change) => change.attempts)) + 1, this.config);
  }

  /** What the deal's outcome transaction writes, from its plan and what Zoho did with its write. */
  private outcomeOf(
    mappingVersion: number,
    definition: MappingDefinition,
    item: PlannedDeal,
    result: OutboundWriteResult | null,
  ): OutboundRecordResult {
    const { change, deal, link, plan } = item;
    const issueBase = {
      module: 'DEALS' as const,
      direction: 'PORTAL_TO_ZOHO' as const,
      portalRecordId: change.portalRecordId,
      zohoRecordId: link?.zohoRecordId ?? null,
    };
    const base = {
      change,
      deal: deal ? { id: deal.id, updatedAt: deal.updatedAt } : null,
      notifyInbound: null,
      retry: null,
      conflicts: null,
    };

    if (plan.outcome !== 'SYNC') {
      const issue = issueOfNotes(
        issueBase,
        plan.notes,
        plan.outcome === 'IGNORED' ? 'the deal is in a pipeline the mapping does not sync' : 'the deal cannot sync as it is',
      );
      return {
        ...base,
        status: { syncStatus: 'FAILED', lastSyncError: issue.reason },
        link: { kind: 'keep' },
        outcomes: [{ kind: 'skipped', issue }],
      };
    }

    if (result?.kind === 'REFUSED') {
      const payload = item.write && item.write.kind !== 'DELETE' ? item.write.payload : null;
      const readable = readableZohoRefusal(result.refusal, definition, payload);
      const issue: RecordIssue = { ...issueBase, zohoErrorCode: result.refusal.code, field: readable.field, reason: readable.reason };
      return {
        ...base,
        status: { syncStatus: 'FAILED', lastSyncError: readable.reason },
        link: { kind: 'keep' },
        outcomes: [{ kind: 'failed', issue }],
        retry: { at: this.retryAt([change]), error: readable.reason },
      };
    }

    const outcomes: RecordOutcome[] = [];
    let zohoRecordId = link?.zohoRecordId ?? null;
    let zohoModifiedAt: Date | null = null;
    if (result?.kind === 'WRITTEN' && item.write) {
      zohoRecordId = result.zohoRecordId;
      zohoModifiedAt = result.zohoModifiedAt;
      outcomes.push({ kind: item.write.kind === 'CREATE' ? 'created' : item.write.kind === 'UPDATE' ? 'updated' : 'deleted' });
    } else if (!deal && link && plan.snapshotWithoutPortalWrite === null) {
      // Deleted on both sides already: the link ends, and the deletion is complete.
      outcomes.push({ kind: 'deleted' });
    }
    if (plan.conflicts.length > 0) {
      outcomes.push({ kind: 'conflicts' });
    }
    const fieldSkips = plan.notes.length > 0 ? issueOfNotes(issueBase, plan.notes, 'some fields did not sync') : null;
    if (fieldSkips) {
      outcomes.push({ kind: 'skipped', issue: fieldSkips });
    }

    const snapshot = plan.snapshotWithoutPortalWrite;
    let linkWrite: OutboundRecordResult['link'];
    if (plan.portal.kind === 'DELETE') {
      // Deleted in Zoho: inbound deletes the portal deal and ends the link, which it needs to find the deal.
      linkWrite = { kind: 'keep' };
    } else if (snapshot === null || zohoRecordId === null) {
      linkWrite = link ? { kind: 'delete' } : { kind: 'keep' };
    } else {
      linkWrite = { kind: 'save', zohoRecordId, snapshot, mappingVersion, zohoModifiedAt };
    }
    return {
      ...base,
      status: { syncStatus: 'SYNCED', lastSyncError: fieldSkips?.reason ?? null },
      link: linkWrite,
      outcomes,
      notifyInbound: plan.portal.kind !== 'NONE' && zohoRecordId !== null ? { zohoRecordId, deleted: plan.portal.kind === 'DELETE' } : null,
      // A linked deal deleted on either side has no conflicts: what was reported on it is cleared.
      conflicts: link
        ? {
            integrationId: link.integrationId,
            portalRecordId: link.portalRecordId,
            zohoRecordId: link.zohoRecordId,
            conflicts: plan.conflicts,
            recordDeleted: !deal || !item.zohoFound,
            conflictableFields: conflictableDealFields(definition),
            portalChangedAt: deal?.updatedAt ?? null,
            zohoChangedAt: item.zohoModifiedAt,
          }
        : null,
    };
  }
}

/** The Zoho write the plan asks for, addressed by the link's Zoho id where there is one. */
function writeOf(portalRecordId: string, plan: DealReconciliation, link: RecordLinkEntity | null): OutboundZohoWrite | null {
  if (plan.outcome !== 'SYNC') {
    return null;
  }
  switch (plan.zoho.kind) {
    case 'NONE':
      return null;
    case 'CREATE':
      return { kind: 'CREATE', portalRecordId, payload: plan.zoho.payload };
    case 'UPDATE':
      return link ? { kind: 'UPDATE', portalRecordId, zohoRecordId: link.zohoRecordId, payload: plan.zoho.payload } : null;
    case 'DELETE':
      return link ? { kind: 'DELETE', portalRecordId, zohoRecordId: link.zohoRecordId } : null;
  }
}

/** One issue for a deal's notes: the first note's field, every reason. */
function issueOfNotes(
  base: Pick<RecordIssue, 'module' | 'direction' | 'portalRecordId' | 'zohoRecordId'>,
  notes: readonly DealSyncNote[],
  fallback: string,
): RecordIssue {
  const [first] = notes;
  return {
    ...base,
    zohoErrorCode: null,
    field: first?.field ?? null,
    reason: notes.length > 0 ? notes.map((note) => note.reason).join('; ') : fallback,
  };
}
