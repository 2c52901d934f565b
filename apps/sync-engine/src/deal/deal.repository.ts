import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent, type RecordOperation } from '@crm-bridge/contracts';
import { TenantScopedRepository, TransactionalOutbox, type TenantScopedTransaction } from '@crm-bridge/persistence';
import { DealEntity } from './deal.entity';
import { portalValuesOfDeal } from './deal-values';

/** The deal's own fields as a portal write sets them, already validated. */
export type DealFields = Pick<
  DealEntity,
  'name' | 'phase' | 'pipeline' | 'amount' | 'currencyCode' | 'closingDate' | 'accountId' | 'partnerId' | 'ownerId' | 'customFields'
>;

/** Who asked, carried into the event. */
export interface DealWriteOrigin {
  readonly correlationId: string;
}

@Injectable()
export class DealRepository extends TenantScopedRepository<DealEntity> {
  constructor(dataSource: DataSource, outbox: TransactionalOutbox) {
    super(dataSource, DealEntity, outbox);
  }

  /** Stores a new PENDING deal and publishes `portal-record.changed` (CREATED) — one transaction. */
  create(tenantId: string, integrationId: string, fields: DealFields, origin: DealWriteOrigin): Promise<DealEntity> {
    return this.transaction(tenantId, async (tx) => {
      const deal = await tx.insert(DealEntity, { integrationId, ...fields, syncStatus: 'PENDING', lastSyncError: null });
      await publishChange(tx, deal, 'CREATED', Object.keys(portalValuesOfDeal(deal)), origin);
      return deal;
    });
  }

  /**
   * Locks the tenant's deal, lets `change` compute its new fields from the current ones (under the
   * lock, so two concurrent edits of different custom fields both survive), stores
   * them as PENDING and publishes `portal-record.changed` (UPDATED) naming the fields that changed —
   * one transaction. A change to nothing stores and publishes nothing. Null when the tenant has no
   * such deal.
   */
  update(tenantId: string, id: string, change: (current: DealEntity) => DealFields, origin: DealWriteOrigin): Promise<DealEntity | null> {
    return this.transaction(tenantId, async (tx) => {
      const deal = await tx.lock(DealEntity, id);
      if (!deal) {
        return null;
      }
      const before = portalValuesOfDeal(deal);
      const fields = change(deal);
      const after = portalValuesOfDeal({ ...deal, ...fields });
      const changedFields = Object.keys({ ...before, ...after }).filter((field) => before[field] !== after[field]);
      // A save that changes nothing (a form submitted twice) is not a change: no event, and a
      // synced deal stays SYNCED instead of being pushed to Zoho again.
      if (changedFields.length === 0) {
        return deal;
      }
      Object.assign(deal, fields, { syncStatus: 'PENDING', lastSyncError: null });
      const saved = await tx.save(DealEntity, deal);
      await publishChange(tx, saved, 'UPDATED', changedFields, origin);
      return saved;
    });
  }

  /** Deletes the tenant's deal and publishes `portal-record.changed` (DELETED) with its last values — one transaction. */
  delete(tenantId: string, id: string, origin: DealWriteOrigin): Promise<DealEntity | null> {
    return this.transaction(tenantId, async (tx) => {
      const deal = await tx.lock(DealEntity, id);
      if (!deal) {
        return null;
      }
      await tx.repository(DealEntity).delete({ tenantId, id });
      await publishChange(tx, { ...deal, id }, 'DELETED', [], origin);
      return deal;
    });
  }
}

function publishChange(
  tx: TenantScopedTransaction,
  deal: DealEntity,
  operation: RecordOperation,
  changedFields: string[],
  origin: DealWriteOrigin,
): Promise<void> {
  return tx.publish([
    createEvent('portal-record.changed', {
      source: 'sync-engine',
      tenantId: deal.tenantId,
      integrationId: deal.integrationId,
      subject: deal.id,
      correlationId: origin.correlationId,
      data: { module: 'DEALS', portalRecordId: deal.id, operation, changedFields, values: portalValuesOfDeal(deal) },
    }),
  ]);
}
