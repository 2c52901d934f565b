import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { RegistrationCollisionStatus, RegistrationDecision } from '@crm-bridge/contracts';
import { TenantScopedRepository, TransactionalOutbox, type TenantScopedTransaction } from '@crm-bridge/persistence';
import { registrationCollision, type RegistrationRules } from '@crm-bridge/sync-domain';
import { DealEntity } from '../deal/deal.entity';
import { publishChange, publishDealUpdated, type DealChangeOrigin } from '../deal/deal.repository';
import { portalValuesOfDeal } from '../deal/deal-values';
import { RegistrationCollisionEntity } from './registration-collision.entity';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A decision to carry out, by whom and why. */
export interface RegistrationDecisionRequest {
  readonly collisionId: string;
  readonly decision: RegistrationDecision;
  readonly reason: string | null;
  readonly decidedBy: string;
}

/** What deciding did: the decided collision, or why nothing was done. */
export type RegistrationDecisionResult =
  | { readonly kind: 'decided'; readonly collision: RegistrationCollisionEntity }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'already-decided'; readonly status: RegistrationCollisionStatus }
  | { readonly kind: 'held-deal-gone' }
  | { readonly kind: 'first-deal-gone' };

/**
 * `registration_collisions`: holding a new deal in its create transaction, and carrying out a
 * tenant admin's decision — the collision, the deals and their events commit together.
 */
@Injectable()
export class RegistrationCollisionRepository extends TenantScopedRepository<RegistrationCollisionEntity> {
  constructor(
    private readonly source: DataSource,
    outbox: TransactionalOutbox,
  ) {
    super(source, RegistrationCollisionEntity, outbox);
  }

  /**
   * Inside the create transaction of `deal` (already inserted): when it collides with an earlier
   * registration, stores the collision and marks the deal HELD, so outbound sync does not queue it.
   * Registrations of one account are serialised by a transaction-scoped advisory lock, so two
   * partners registering at the same moment cannot both miss each other: the second one to take
   * the lock sees the first one's committed deal.
   */
  async holdIfColliding(
    tx: TenantScopedTransaction,
    deal: DealEntity,
    rules: RegistrationRules,
  ): Promise<RegistrationCollisionEntity | null> {
    if (deal.accountId === null || deal.partnerId === null) {
      return null;
    }
    const deals = tx.repository(DealEntity);
    await deals.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`registration:${deal.integrationId}:${deal.accountId}`]);
    const candidates = await deals
      .createQueryBuilder('deal')
      .select(['deal.id', 'deal.name', 'deal.accountId', 'deal.partnerId', 'deal.createdAt'])
      .where('deal.tenantId = :tenantId AND deal.integrationId = :integrationId', {
        tenantId: tx.tenantId,
        integrationId: deal.integrationId,
      })
      .andWhere('deal.accountId = :accountId AND deal.partnerId IS NOT NULL AND deal.partnerId <> :partnerId', {
        accountId: deal.accountId,
        partnerId: deal.partnerId,
      })
      .andWhere('deal.id <> :id AND deal.createdAt >= :since', {
        id: deal.id,
        since: new Date(deal.createdAt.getTime() - rules.windowDays * DAY_MS),
      })
      .getMany();
    // Every candidate committed before this transaction took the lock, so it was registered first,
    // even when this transaction (whose now() is its start) began before that one committed.
    const registeredAt = new Date(Math.max(deal.createdAt.getTime(), ...candidates.map((candidate) => candidate.createdAt.getTime())));
    const collision = registrationCollision({ ...deal, createdAt: registeredAt }, candidates, rules);
    if (!collision) {
      return null;
    }
    deal.syncStatus = 'HELD';
    await tx.save(DealEntity, deal);
    return tx.insert(RegistrationCollisionEntity, {
      integrationId: deal.integrationId,
      heldDealId: deal.id,
      heldDealName: deal.name,
      firstDealId: collision.firstDeal.id,
      similarity: collision.similarity,
      status: 'HELD',
      decidedBy: null,
      decidedAt: null,
      reason: null,
    });
  }

  /**
   * Carries out a decision on a HELD collision, under its lock (a second decision waits, then finds
   * it decided):
   * - APPROVE: the deal becomes PENDING and is announced as created (`portal-record.changed`), so
   *   outbound sync queues it like any new deal;
   * - MERGE: the fields the first deal lacks (amount with its currency, closing date, owner, custom
   *   fields it has no value for) are copied onto it, then the held deal is deleted — it never
   *   reaches Zoho; the first deal's change syncs as any update;
   * - REJECT: the held deal is deleted (if it still exists) and never synced.
   * Each deal write publishes `portal-record.changed` and `deal.updated` as the deal write paths do.
   */
  decide(tenantId: string, request: RegistrationDecisionRequest, origin: DealChangeOrigin): Promise<RegistrationDecisionResult> {
    return this.transaction(tenantId, async (tx) => {
      const collision = await tx.lock(RegistrationCollisionEntity, request.collisionId);
      if (!collision) {
        return { kind: 'not-found' };
      }
      if (collision.status !== 'HELD') {
        return { kind: 'already-decided', status: collision.status };
      }
      const held = await tx.lock(DealEntity, collision.heldDealId);
      if (request.decision === 'APPROVE') {
        if (!held) {
          return { kind: 'held-deal-gone' };
        }
        held.syncStatus = 'PENDING';
        const approved = await tx.save(DealEntity, held);
        await publishChange(tx, approved, 'CREATED', Object.keys(portalValuesOfDeal(approved)), origin);
        return this.record(tx, collision, 'APPROVED', request);
      }
      if (request.decision === 'MERGE') {
        if (!held) {
          return { kind: 'held-deal-gone' };
        }
        const first = await tx.lock(DealEntity, collision.firstDealId);
        if (!first) {
          return { kind: 'first-deal-gone' };
        }
        await mergeInto(tx, first, held, origin);
        await deleteHeld(tx, held, origin);
        return this.record(tx, collision, 'MERGED', request);
      }
      if (held) {
        await deleteHeld(tx, held, origin);
      }
      return this.record(tx, collision, 'REJECTED', request);
    });
  }

  /** The collisions holding these deals (at most one each). */
  heldDeals(tenantId: string, dealIds: readonly string[]): Promise<RegistrationCollisionEntity[]> {
    return this.source.getRepository(RegistrationCollisionEntity).find({ where: { tenantId, heldDealId: In([...dealIds]) } });
  }

  private async record(
    tx: TenantScopedTransaction,
    collision: RegistrationCollisionEntity,
    status: RegistrationCollisionStatus,
    request: RegistrationDecisionRequest,
  ): Promise<RegistrationDecisionResult> {
    Object.assign(collision, { status, decidedBy: request.decidedBy, decidedAt: new Date(), reason: request.reason });
    return { kind: 'decided', collision: await tx.save(RegistrationCollisionEntity, collision) };
  }
}

/** Copies onto `first` what it lacks and `held` has; a change is stored PENDING and announced like an update. */
async function mergeInto(tx: TenantScopedTransaction, first: DealEntity, held: DealEntity, origin: DealChangeOrigin): Promise<void> {
  const before = { ...first };
  const beforeValues = portalValuesOfDeal(first);
  if (first.amount === null && held.amount !== null) {
    first.amount = held.amount;
    first.currencyCode = held.currencyCode;
  }
  first.closingDate ??= held.closingDate;
  first.ownerId ??= held.ownerId;
  const present = new Set(first.customFields.map((field) => field.apiName));
  first.customFields = [...first.customFields, ...held.customFields.filter((field) => !present.has(field.apiName))];
  const afterValues = portalValuesOfDeal(first);
  const changedFields = Object.keys({ ...beforeValues, ...afterValues }).filter((field) => beforeValues[field] !== afterValues[field]);
  if (changedFields.length === 0) {
    return;
  }
  if (first.syncStatus !== 'HELD') {
    Object.assign(first, { syncStatus: 'PENDING', lastSyncError: null });
  }
  const saved = await tx.save(DealEntity, first);
  await publishChange(tx, saved, 'UPDATED', changedFields, origin);
  await publishDealUpdated(tx, { before, after: saved }, origin);
}

/** Deletes the held deal; it never reached Zoho, so outbound sync has nothing to delete there. */
async function deleteHeld(tx: TenantScopedTransaction, held: DealEntity, origin: DealChangeOrigin): Promise<void> {
  await tx.repository(DealEntity).delete({ tenantId: tx.tenantId, id: held.id });
  await publishChange(tx, held, 'DELETED', [], origin);
  await publishDealUpdated(tx, { before: held, after: null }, { ...origin, portalFields: [] });
}
