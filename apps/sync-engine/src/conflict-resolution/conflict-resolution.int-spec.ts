import 'reflect-metadata';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  createEvent,
  Topics,
  type ConflictClearedData,
  type ConflictDetectedData,
  type ConflictResolvedData,
  type IntegrationSettings,
} from '@crm-bridge/contracts';
import type { CanonicalValues, DealReconciliation, FieldConflict } from '@crm-bridge/sync-domain';
import { eventually, newTenantId } from '@crm-bridge/testing';
import { DealEntity } from '../deal/deal.entity';
import { portalDealFieldsOf } from '../deal/deal-values';
import { InboundRepository, type InboundDeal } from '../inbound/inbound.repository';
import { OutboundChangeEntity } from '../outbound/outbound-change.entity';
import { RecordLinkEntity } from '../record-link/record-link.entity';
import { SyncIntegrationEntity } from '../sync-integration/sync-integration.entity';
import { SyncEngineTestContext, TEST_CUSTOM_DEAL_FIELDS, TEST_DEAL_PHASES } from '../sync-engine.test-context';
import { ReportedConflictEntity } from './reported-conflict.entity';

const BASE: CanonicalValues = { name: 'Acme', amount: '1000', phase: 'Qualified', 'zoho:amount': '1000.0' };
/** The fields the test mapping can find in conflict: `region` (a custom field) is not mapped both ways. */
const CONFLICTABLE: ReadonlySet<string> = new Set(['phase', 'pipeline', 'name', 'amount']);

describe('deal conflicts in sync-engine', () => {
  const ctx = SyncEngineTestContext.forSuite();
  describe('with a publisher and a recorder of the conflicts topic', () => {
    const kafka = ctx.kafkaClientsForSuite([Topics.conflicts, Topics.recordUpdates]);

    /** A linked deal pair of the integration: the portal deal and its link at `BASE`. */
    const linkedDeal = async (tenantId: string, integrationId: string) => {
      const deal = await ctx.store(DealEntity, {
        tenantId,
        integrationId,
        name: 'Acme',
        phase: 'Qualified',
        amount: '1200',
        zohoId: `zoho-${randomUUID()}`,
        syncStatus: 'SYNCED',
      });
      const link = await ctx.store(RecordLinkEntity, {
        tenantId,
        integrationId,
        module: 'DEALS',
        portalRecordId: deal.id,
        zohoRecordId: deal.zohoId as string,
        snapshot: BASE,
        mappingVersion: 1,
        syncedAt: new Date(),
        zohoModifiedAt: null,
      });
      return { deal, link };
    };

    const detectionsOf = (portalRecordId: string): ConflictDetectedData[] =>
      kafka.recorder
        .on(Topics.conflicts)
        .filter((record) => record.headers['ce_type'] === 'conflict.detected')
        .map((record) => JSON.parse(record.value ?? '{}') as ConflictDetectedData)
        .filter((data) => data.portalRecordId === portalRecordId);

    /** An inbound read of the pair whose plan writes nothing and has `conflicts`. */
    const inboundOf = (integrationId: string, zohoRecordId: string, runId: string): InboundDeal => ({
      integrationId,
      syncRunId: () => Promise.resolve(runId),
      mappingVersion: 1,
      matchKey: { kind: 'EXTERNAL_ID', zohoField: 'Portal_Deal_Id' },
      portalFields: portalDealFieldsOf({ phases: TEST_DEAL_PHASES, customFields: TEST_CUSTOM_DEAL_FIELDS }),
      conflictableFields: CONFLICTABLE,
      zohoRecordId,
      zoho: { id: zohoRecordId },
      zohoModifiedAt: new Date('2026-12-06T10:00:02.000Z'),
      notifiedAt: null,
      announced: true,
    });
    const planWith = (conflicts: FieldConflict[]): DealReconciliation => ({
      outcome: 'SYNC',
      zoho: { kind: 'NONE' },
      portal: { kind: 'NONE' },
      snapshot: BASE,
      snapshotWithoutZohoWrite: BASE,
      snapshotWithoutPortalWrite: BASE,
      conflicts,
      notes: [],
    });
    const amountConflict = (zoho: string): FieldConflict => ({ field: 'amount', base: '1000', portal: '1200', zoho });
    const clearingsOf = (portalRecordId: string): ConflictClearedData[] =>
      kafka.recorder
        .on(Topics.conflicts)
        .filter((record) => record.headers['ce_type'] === 'conflict.cleared')
        .map((record) => JSON.parse(record.value ?? '{}') as ConflictClearedData)
        .filter((data) => data.portalRecordId === portalRecordId);
    const reportedFieldsOf = async (portalRecordId: string): Promise<string[]> =>
      (await ctx.service.dataSource.getRepository(ReportedConflictEntity).findBy({ portalRecordId })).map((row) => row.field).sort();

    test('set-based pages and single deals publish conflict.detected once per change of values, in the transaction of the outcome', async () => {
      const { tenantId, integrationId } = await ctx.integrationWithDealSchema(kafka.publisher);
      const inbound = ctx.service.app.get(InboundRepository);
      const run = await ctx.newSyncRun(tenantId, { integrationId });
      const first = await linkedDeal(tenantId, integrationId);
      const second = await linkedDeal(tenantId, integrationId);
      const page = [first, second].map(({ link }) => inboundOf(integrationId, link.zohoRecordId, run.id));
      const applyPage = (zohoOf: (zohoRecordId: string) => string | null) =>
        inbound.applyDeals(tenantId, page, (deal) => {
          const zoho = zohoOf(deal.zohoRecordId);
          return planWith(zoho === null ? [] : [amountConflict(zoho)]);
        });

      await applyPage(() => '1500');
      await eventually(() => assert.deepEqual([detectionsOf(first.deal.id).length, detectionsOf(second.deal.id).length], [1, 1]));
      const [detected] = detectionsOf(first.deal.id);
      assert.deepEqual(detected, {
        module: 'DEALS',
        portalRecordId: first.deal.id,
        zohoRecordId: first.link.zohoRecordId,
        detectedAt: detected?.detectedAt,
        fields: [
          {
            field: 'amount',
            baseValue: '1000',
            portalValue: '1200',
            zohoValue: '1500',
            portalChangedAt: first.deal.updatedAt.toISOString(),
            zohoChangedAt: '2026-12-06T10:00:02.000Z',
          },
        ],
      });

      // Read again with the same values (a poll's overlap): nothing. Zoho's value changes on the first, the second's conflict ends.
      await applyPage(() => '1500');
      await applyPage((zohoRecordId) => (zohoRecordId === first.link.zohoRecordId ? '1600' : null));
      await eventually(() => assert.equal(detectionsOf(first.deal.id).length, 2));
      assert.equal(detectionsOf(first.deal.id)[1]?.fields[0]?.zohoValue, '1600');
      assert.equal(await ctx.service.dataSource.getRepository(ReportedConflictEntity).countBy({ portalRecordId: second.deal.id }), 0);
      await eventually(() =>
        assert.deepEqual(
          clearingsOf(second.deal.id).map(({ fields, reason }) => ({ fields, reason })),
          [{ fields: ['amount'], reason: 'CONVERGED' }],
        ),
      );
      assert.deepEqual(clearingsOf(first.deal.id), []);

      // Deal by deal: the second's conflict, forgotten when it ended, is news again; the same values read twice publish once.
      const single = inboundOf(integrationId, second.link.zohoRecordId, run.id);
      await inbound.applyDeal(tenantId, single, () => planWith([amountConflict('1500')]));
      await inbound.applyDeal(tenantId, single, () => planWith([amountConflict('1500')]));
      await eventually(() => assert.equal(detectionsOf(second.deal.id).length, 2));
      // A page applied after both: every earlier event has been recorded before its own.
      await applyPage(() => '1700');
      await eventually(() => assert.equal(detectionsOf(first.deal.id).length, 3));
      assert.equal(detectionsOf(second.deal.id).length, 3);
    });

    test('a reported conflict no longer found is cleared with why: converged, field unmapped, record deleted on either side — once, in the outcome transaction', async () => {
      const { tenantId, integrationId } = await ctx.integrationWithDealSchema(kafka.publisher);
      const inbound = ctx.service.app.get(InboundRepository);
      const run = await ctx.newSyncRun(tenantId, { integrationId });
      const regionConflict: FieldConflict = { field: 'region', base: 'EMEA', portal: 'APAC', zoho: 'AMER' };
      const converging = await linkedDeal(tenantId, integrationId);
      const zohoDeleted = await linkedDeal(tenantId, integrationId);
      const portalDeleted = await linkedDeal(tenantId, integrationId);
      const deals = [converging, zohoDeleted, portalDeleted];
      const reads = deals.map(({ link }) => inboundOf(integrationId, link.zohoRecordId, run.id));
      await inbound.applyDeals(tenantId, reads, () => planWith([amountConflict('1500'), regionConflict]));
      await eventually(() =>
        assert.deepEqual(
          deals.map(({ deal }) => detectionsOf(deal.id).length),
          [1, 1, 1],
        ),
      );

      // The amounts agree now, and region is mapped one way only (outside the conflictable fields): one event per reason.
      const [convergingRead, zohoDeletedRead, portalDeletedRead] = [converging, zohoDeleted, portalDeleted].map(({ link }) =>
        inboundOf(integrationId, link.zohoRecordId, run.id),
      ) as [InboundDeal, InboundDeal, InboundDeal];
      await inbound.applyDeal(tenantId, convergingRead, () => planWith([]));
      // Zoho no longer has the second; the portal no longer has the third (its link still names it).
      await inbound.applyDeal(tenantId, { ...zohoDeletedRead, zoho: null }, () => planWith([]));
      await ctx.service.dataSource.getRepository(DealEntity).delete({ id: portalDeleted.deal.id });
      await inbound.applyDeal(tenantId, portalDeletedRead, () => planWith([]));
      const cleared = (portalRecordId: string) =>
        clearingsOf(portalRecordId)
          .map(({ fields, reason, zohoRecordId, module }) => ({ fields, reason, zohoRecordId, module }))
          .sort((left, right) => left.reason.localeCompare(right.reason));
      await eventually(() => {
        assert.deepEqual(cleared(converging.deal.id), [
          { fields: ['amount'], reason: 'CONVERGED', zohoRecordId: converging.link.zohoRecordId, module: 'DEALS' },
          { fields: ['region'], reason: 'FIELD_UNMAPPED', zohoRecordId: converging.link.zohoRecordId, module: 'DEALS' },
        ]);
        assert.deepEqual(cleared(zohoDeleted.deal.id), [
          { fields: ['amount', 'region'], reason: 'RECORD_DELETED', zohoRecordId: zohoDeleted.link.zohoRecordId, module: 'DEALS' },
        ]);
        assert.deepEqual(cleared(portalDeleted.deal.id), [
          { fields: ['amount', 'region'], reason: 'RECORD_DELETED', zohoRecordId: portalDeleted.link.zohoRecordId, module: 'DEALS' },
        ]);
      });
      for (const { deal } of deals) {
        assert.deepEqual(await reportedFieldsOf(deal.id), []);
      }

      // Read again with nothing in conflict: nothing more is cleared. A conflict that comes back is detected anew.
      await inbound.applyDeal(tenantId, convergingRead, () => planWith([]));
      await inbound.applyDeal(tenantId, convergingRead, () => planWith([amountConflict('1700')]));
      await eventually(() => assert.equal(detectionsOf(converging.deal.id).length, 2));
      assert.equal(clearingsOf(converging.deal.id).length, 2);
      assert.deepEqual(await reportedFieldsOf(converging.deal.id), ['amount']);
    });

    describe('conflict.resolved', () => {
      const settings: IntegrationSettings = {
        connectionId: randomUUID(),
        name: 'Partner portal',
        enabled: false,
        modules: [{ module: 'DEALS', enabled: true, direction: 'BOTH' }],
        contactTargetModule: 'CONTACTS',
        conflictPolicy: 'MANUAL_REVIEW',
        syncIntervalMinutes: 15,
        debounceSeconds: 0,
        syncRecordsFrom: null,
        timeZone: 'UTC',
      };
      const resolved = (tenantId: string, integrationId: string, deal: DealEntity, data: Partial<ConflictResolvedData>) =>
        createEvent('conflict.resolved', {
          source: 'conflict-resolver',
          tenantId,
          integrationId,
          subject: randomUUID(),
          correlationId: randomUUID(),
          data: {
            conflictId: randomUUID(),
            module: 'DEALS',
            portalRecordId: deal.id,
            zohoRecordId: deal.zohoId as string,
            field: 'amount',
            resolution: 'CUSTOM_VALUE',
            resolvedValue: '1300.50',
            zohoValue: '1500.00',
            policy: null,
            resolvedBy: 'reviewer-1',
            resolvedAt: new Date().toISOString(),
            ...data,
          },
        });

      test('writes the resolved value into the deal (PENDING), sets the base to Zoho value, forgets the report and queues the deal for Zoho', async () => {
        const { tenantId, integrationId } = await ctx.integrationWithDealSchema(kafka.publisher);
        await ctx.store(SyncIntegrationEntity, {
          tenantId,
          integrationId,
          connectionId: settings.connectionId,
          settings,
          settingsSavedAt: new Date(),
        });
        const { deal } = await linkedDeal(tenantId, integrationId);
        await ctx.store(ReportedConflictEntity, {
          tenantId,
          integrationId,
          module: 'DEALS',
          portalRecordId: deal.id,
          field: 'amount',
          fingerprint: 'x',
        });

        await kafka.publisher.publish([resolved(tenantId, integrationId, deal, {})]);
        const queued = await eventually(async () => {
          const row = await ctx.service.dataSource.getRepository(OutboundChangeEntity).findOneBy({ portalRecordId: deal.id });
          assert.ok(row, 'queued for outbound sync');
          return row;
        });
        assert.equal(queued.operation, 'UPSERT');
        const stored = await ctx.service.dataSource.getRepository(DealEntity).findOneByOrFail({ id: deal.id });
        assert.deepEqual([stored.amount, stored.syncStatus, stored.name], ['1300.50', 'PENDING', 'Acme']);
        const link = await ctx.service.dataSource.getRepository(RecordLinkEntity).findOneByOrFail({ portalRecordId: deal.id });
        // Zoho's value in the snapshot's spelling; Zoho's old reading of the field goes with the old base.
        assert.deepEqual(link.snapshot, { name: 'Acme', amount: '1500', phase: 'Qualified' });
        assert.equal(await ctx.service.dataSource.getRepository(ReportedConflictEntity).countBy({ portalRecordId: deal.id }), 0);
        // Settled by its resolution: a reconcile that no longer finds the conflict has nothing to clear.
        const run = await ctx.newSyncRun(tenantId, { integrationId });
        const read = inboundOf(integrationId, deal.zohoId as string, run.id);
        await ctx.service.app.get(InboundRepository).applyDeal(tenantId, read, () => planWith([]));
        // A new conflict after it, on the same partition: once its detection is here, a clearing would be too.
        await ctx.service.app.get(InboundRepository).applyDeal(tenantId, read, () => planWith([amountConflict('1600')]));
        await eventually(() => assert.equal(detectionsOf(deal.id).length, 1));
        assert.deepEqual(clearingsOf(deal.id), []);
        // Partners hear of it as a conflict resolution.
        await eventually(() => {
          const announced = kafka.recorder
            .on(Topics.recordUpdates)
            .map((record) => ({ type: record.headers['ce_type'], data: JSON.parse(record.value ?? '{}') as { dealId: string } }))
            .filter((event) => event.type === 'deal.updated' && event.data.dealId === deal.id);
          assert.deepEqual(
            announced.map(({ data }) => data),
            [
              {
                dealId: deal.id,
                operation: 'UPDATED',
                origin: 'CONFLICT_RESOLUTION',
                pipeline: null,
                phase: 'Qualified',
                partnerId: null,
                changes: [{ field: 'amount', oldValue: '1200', newValue: '1300.5' }],
                updatedAt: stored.updatedAt.toISOString(),
              },
            ],
          );
        });
      });

      test("dropped: a deleted deal, another tenant's deal, an unknown field, a value the field does not take, a conflict cleared meanwhile", async () => {
        const { tenantId, integrationId } = await ctx.integrationWithDealSchema(kafka.publisher);
        await ctx.store(SyncIntegrationEntity, {
          tenantId,
          integrationId,
          connectionId: settings.connectionId,
          settings,
          settingsSavedAt: new Date(),
        });
        const gone = await linkedDeal(tenantId, integrationId);
        await ctx.service.dataSource.getRepository(DealEntity).delete({ id: gone.deal.id });
        const kept = await linkedDeal(tenantId, integrationId);
        const marker = await linkedDeal(tenantId, integrationId);
        // Both have the amount's conflict reported; the kept deal's is cleared (the sides converged) before its resolution comes.
        const run = await ctx.newSyncRun(tenantId, { integrationId });
        const inbound = ctx.service.app.get(InboundRepository);
        for (const { link } of [kept, marker]) {
          await inbound.applyDeal(tenantId, inboundOf(integrationId, link.zohoRecordId, run.id), () => planWith([amountConflict('1500')]));
        }
        await inbound.applyDeal(tenantId, inboundOf(integrationId, kept.link.zohoRecordId, run.id), () => planWith([]));
        assert.deepEqual(await reportedFieldsOf(kept.deal.id), []);
        await kafka.publisher.publish([
          resolved(tenantId, integrationId, gone.deal, {}),
          resolved(newTenantId(), integrationId, kept.deal, {}),
          resolved(tenantId, integrationId, kept.deal, { field: 'noSuchField' }),
          resolved(tenantId, integrationId, kept.deal, { resolvedValue: 'not a number' }),
          resolved(tenantId, integrationId, kept.deal, {}),
          // Same integration, so the same partition: applied after all of the above were consumed.
          resolved(tenantId, integrationId, marker.deal, {}),
        ]);
        await eventually(async () => {
          const stored = await ctx.service.dataSource.getRepository(DealEntity).findOneByOrFail({ id: marker.deal.id });
          assert.equal(stored.amount, '1300.50');
        });
        const untouched = await ctx.service.dataSource.getRepository(DealEntity).findOneByOrFail({ id: kept.deal.id });
        assert.deepEqual([untouched.amount, untouched.syncStatus, untouched.updatedAt], ['1200.00', 'SYNCED', kept.deal.updatedAt]);
        const link = await ctx.service.dataSource.getRepository(RecordLinkEntity).findOneByOrFail({ portalRecordId: kept.deal.id });
        assert.deepEqual(link.snapshot, BASE);
        assert.equal(await ctx.service.dataSource.getRepository(OutboundChangeEntity).countBy({ portalRecordId: kept.deal.id }), 0);
      });
    });
  });
});
