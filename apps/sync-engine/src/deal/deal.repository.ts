import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent, type RecordOperation } from '@crm-bridge/contracts';
import { TenantScopedRepository, TransactionalOutbox, type TenantScopedTransaction } from '@crm-bridge/persistence';
import type { PortalField } from '@crm-bridge/sync-domain';
import { DealEntity } from './deal.entity';
import { dealUpdatedEvent, type DealWrite } from './deal-updated.event';
import { portalValuesOfDeal } from './deal-values';

/** The deal's own fields as a portal write sets them, already validated. */
export type DealFields = Pick<
  DealEntity,
  'name' | 'phase' | 'pipeline' | 'amount' | 'currencyCode' | 'closingDate' | 'accountId' | 'partnerId' | 'ownerId' | 'customFields'
>;

/**
 * Runs inside a create's transaction after the insert and before its events (e.g. holding a
 * colliding deal registration: `deal-registration/`); it may change and save the new deal.
 */
export type DealCreationCheck = (tx: TenantScopedTransaction, deal: DealEntity) => Promise<void>;

/** Who asked, carried into the events. */
export interface DealWriteOrigin {
  readonly correlationId: string;
}

/** A create or update: who asked, and the integration's portal deal fields `deal.updated` compares. */
export interface DealChangeOrigin extends DealWriteOrigin {
  readonly portalFields: readonly PortalField[];
}

@Injectable()
export class DealRepository extends TenantScopedRepository<DealEntity> {
  constructor(dataSource: DataSource, outbox: TransactionalOutbox) {
    super(dataSource, DealEntity, outbox);
  }

  /**
   * Stores a new PENDING deal (HELD when `check` holds it) and publishes `portal-record.changed` and
   * `deal.updated` (CREATED) — one transaction.
   */
  create(
    tenantId: string,
    integrationId: string,
    fields: DealFields,
    origin: DealChangeOrigin,
    check?: DealCreationCheck,
  ): Promise<DealEntity> {
    return this.transaction(tenantId, async (tx) => {
      const deal = await tx.insert(DealEntity, { integrationId, ...fields, syncStatus: 'PENDING', lastSyncError: null });
      await check?.(tx, deal);
      await publishChange(tx, deal, 'CREATED', Object.keys(portalValuesOfDeal(deal)), origin);
      await publishDealUpdated(tx, { before: null, after: deal }, origin);
      return deal;
    });
  }

  /**
   * Locks the tenant's deal, lets `change` compute its new fields from the current ones (under the
   * lock, so two concurrent edits of different custom fields both survive), stores
   * them as PENDING and publishes `portal-record.changed` (UPDATED) naming the fields that changed and
   * `deal.updated` with their old and new values — one transaction. A change to nothing stores and
   * publishes nothing. Null when the tenant has no such deal.
   */
  update(tenantId: string, id: string, change: (current: DealEntity) => DealFields, origin: DealChangeOrigin): Promise<DealEntity | null> {
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
      const unchanged = { ...deal };
      // A held registration stays held (not queued for Zoho) until a tenant admin decides it.
      Object.assign(deal, fields, { syncStatus: deal.syncStatus === 'HELD' ? 'HELD' : 'PENDING', lastSyncError: null });
      const saved = await tx.save(DealEntity, deal);
      await publishChange(tx, saved, 'UPDATED', changedFields, origin);
      await publishDealUpdated(tx, { before: unchanged, after: saved }, origin);
      return saved;
    });
  }

  /** Deletes the tenant's deal and publishes `portal-record.changed` and `deal.updated` (DELETED) with its last values — one transaction. */
  delete(tenantId: string, id: string, origin: DealWriteOrigin): Promise<DealEntity | null> {
    return this.transaction(tenantId, async (tx) => {
      const deal = await tx.lock(DealEntity, id);
      if (!deal) {
        return null;
      }
      await tx.repository(DealEntity).delete({ tenantId, id });
      await publishChange(tx, { ...deal, id }, 'DELETED', [], origin);
      // A deletion lists no changed fields, so no fields to compare.
      await publishDealUpdated(tx, { before: { ...deal, id }, after: null }, { ...origin, portalFields: [] });
      return deal;
    });
  }
}

/** Publishes a portal deal write's `portal-record.changed` (outbound sync queues it). */
export function publishChange(
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

/** Publishes the write's `deal.updated` (PORTAL: GraphQL and Kafka intake writes), when it changed a field. */
export async function publishDealUpdated(tx: TenantScopedTransaction, write: DealWrite, origin: DealChangeOrigin): Promise<void> {
  const event = dealUpdatedEvent(write, { origin: 'PORTAL', fields: origin.portalFields, correlationId: origin.correlationId });
  if (event) {
    await tx.publish([event]);
  }
}
