import { Injectable } from '@nestjs/common';
import { DataSource, In, type Repository } from 'typeorm';
import { createEvent, type ConflictClearedData, type ConflictDetectedData, type RecordModule } from '@crm-bridge/contracts';
import { isUuid, TenantScopedRepository, TransactionalOutbox, type TenantScopedTransaction } from '@crm-bridge/persistence';
import { decideByPolicy, type ConflictDecision } from './conflict-decision';
import { ConflictEntity } from './conflict.entity';
import { ConflictStatus } from './conflict.enums';
import { ConflictResolutionRecordEntity } from './conflict-resolution-record.entity';
import type { ConflictPolicy } from '@crm-bridge/contracts';

/** One `conflict.detected` event as the repository stores it. */
export interface DetectedConflicts extends ConflictDetectedData {
  readonly integrationId: string;
  readonly correlationId: string;
}

/** What storing a detection did, per field. */
export interface DetectionOutcome {
  /** Fields with no open conflict before: a new row. */
  readonly opened: number;
  /** Fields whose open conflict was detected again: its values and instants updated. */
  readonly updated: number;
  /** Conflicts the policy resolved at once. */
  readonly resolved: number;
}

/** One `conflict.cleared` event as the repository stores it. */
export interface ClearedConflicts extends ConflictClearedData {
  readonly integrationId: string;
}

/** Why a reviewer's resolution was not applied; a cleared conflict is refused with its reason. */
export type ResolveRefusal = 'not-found' | 'already-resolved' | { readonly cleared: ConflictEntity };

/** Who clears a conflict: sync-engine, which found it no longer there; no person. */
const CLEARED_BY = 'sync-engine';

@Injectable()
export class ConflictRepository extends TenantScopedRepository<ConflictEntity> {
  private readonly conflicts: Repository<ConflictEntity>;
  private readonly resolutionRecords: Repository<ConflictResolutionRecordEntity>;

  constructor(dataSource: DataSource, outbox: TransactionalOutbox) {
    super(dataSource, ConflictEntity, outbox);
    this.conflicts = dataSource.getRepository(ConflictEntity);
    this.resolutionRecords = dataSource.getRepository(ConflictResolutionRecordEntity);
  }

  /**
   * Stores a detection: one open conflict per (record, field) — a field detected again updates
   * its open conflict's values and instants instead of opening a second — and, unless the policy
   * is `MANUAL_REVIEW`, resolves each at once (row, audit record and `conflict.resolved` in the
   * same transaction as the detection's processing).
   */
  recordDetection(tenantId: string, detection: DetectedConflicts, policy: ConflictPolicy): Promise<DetectionOutcome> {
    return this.transaction(tenantId, async (tx) => {
      let opened = 0;
      let resolved = 0;
      for (const field of detection.fields) {
        const values = {
          zohoRecordId: detection.zohoRecordId,
          baseValue: field.baseValue,
          portalValue: field.portalValue,
          zohoValue: field.zohoValue,
          portalChangedAt: new Date(field.portalChangedAt),
          zohoChangedAt: new Date(field.zohoChangedAt),
        };
        const open = await tx.lockOneBy(ConflictEntity, {
          integrationId: detection.integrationId,
          recordModule: detection.module,
          portalRecordId: detection.portalRecordId,
          fieldName: field.field,
          status: ConflictStatus.OPEN,
        });
        const conflict = open
          ? await tx.save(ConflictEntity, Object.assign(open, values))
          : await tx.insert(ConflictEntity, {
              ...values,
              integrationId: detection.integrationId,
              recordModule: detection.module,
              portalRecordId: detection.portalRecordId,
              fieldName: field.field,
              status: ConflictStatus.OPEN,
              resolution: null,
              resolvedValue: null,
              resolvedBy: null,
              resolvedAt: null,
              clearedReason: null,
            });
        opened += open ? 0 : 1;
        const decision = decideByPolicy(policy, conflict);
        if (decision) {
          await this.settle(tx, conflict, decision, detection.correlationId);
          resolved += 1;
        }
      }
      return { opened, updated: detection.fields.length - opened, resolved };
    });
  }

  /**
   * Resolves one open conflict as a reviewer decided, deciding on the locked row (a re-detection
   * meanwhile may have brought newer values): the row, its audit record and `conflict.resolved`
   * commit together, and of two reviewers racing, the second finds it resolved.
   */
  resolve(
    tenantId: string,
    conflictId: string,
    decide: (conflict: ConflictEntity) => ConflictDecision,
    correlationId: string,
  ): Promise<ConflictEntity | ResolveRefusal> {
    return this.transaction(tenantId, async (tx) => {
      const conflict = isUuid(conflictId) ? await tx.lock(ConflictEntity, conflictId) : null;
      if (!conflict) {
        return 'not-found';
      }
      if (conflict.status === ConflictStatus.CLEARED) {
        return { cleared: conflict };
      }
      if (conflict.status !== ConflictStatus.OPEN) {
        return 'already-resolved';
      }
      return this.settle(tx, conflict, decide(conflict), correlationId);
    });
  }

  /**
   * Closes the open conflicts of the cleared fields without a resolution: status `CLEARED` with the
   * reason, `resolvedBy` `sync-engine`, and an audit record of the clearing, in one transaction
   * (the consumer's). Only open conflicts change: one resolved meanwhile stays resolved, and a
   * redelivered or late clearing finds nothing open. Returns how many were cleared.
   */
  recordClearing(tenantId: string, clearing: ClearedConflicts): Promise<number> {
    return this.transaction(tenantId, async (tx) => {
      const clearedAt = new Date(clearing.clearedAt);
      const open = await tx.repository(ConflictEntity).find({
        where: {
          tenantId,
          integrationId: clearing.integrationId,
          recordModule: clearing.module,
          portalRecordId: clearing.portalRecordId,
          fieldName: In([...clearing.fields]),
          status: ConflictStatus.OPEN,
        },
        lock: { mode: 'pessimistic_write' },
      });
      for (const conflict of open) {
        const cleared = await tx.save(
          ConflictEntity,
          Object.assign(conflict, {
            status: ConflictStatus.CLEARED,
            clearedReason: clearing.reason,
            resolution: null,
            resolvedValue: null,
            resolvedBy: CLEARED_BY,
            resolvedAt: clearedAt,
          }),
        );
        await tx.insert(ConflictResolutionRecordEntity, {
          conflictId: cleared.id,
          integrationId: cleared.integrationId,
          resolution: null,
          clearedReason: clearing.reason,
          resolvedValue: null,
          policy: null,
          resolvedBy: CLEARED_BY,
          resolvedAt: clearedAt,
          baseValue: cleared.baseValue,
          portalValue: cleared.portalValue,
          zohoValue: cleared.zohoValue,
        });
      }
      return open.length;
    });
  }

  /**
   * The tenant's open conflicts of these records of one module, in one query, oldest first; those
   * detected together (one transaction: the same `createdAt`) by field name.
   */
  async openForRecords(tenantId: string, recordModule: RecordModule, portalRecordIds: readonly string[]): Promise<ConflictEntity[]> {
    const uuids = portalRecordIds.filter(isUuid);
    if (uuids.length === 0) {
      return [];
    }
    return this.conflicts
      .createQueryBuilder('row')
      .where('row.tenantId = :tenantId', { tenantId })
      .andWhere('row.portalRecordId = ANY(:portalRecordIds)', { portalRecordIds: uuids })
      .andWhere('row.recordModule = :recordModule', { recordModule })
      .andWhere('row.status = :status', { status: ConflictStatus.OPEN })
      .orderBy('row.createdAt', 'ASC')
      .addOrderBy('row.fieldName', 'ASC')
      .addOrderBy('row.id', 'ASC')
      .getMany();
  }

  /** The tenant's audit records of these conflicts, in one query, in the order they were made. */
  resolutionRecordsOf(tenantId: string, conflictIds: readonly string[]): Promise<ConflictResolutionRecordEntity[]> {
    const uuids = conflictIds.filter(isUuid);
    if (uuids.length === 0) {
      return Promise.resolve([]);
    }
    return this.resolutionRecords.find({ where: { tenantId, conflictId: In(uuids) }, order: { resolvedAt: 'ASC', id: 'ASC' } });
  }

  private async settle(
    tx: TenantScopedTransaction,
    conflict: ConflictEntity,
    decision: ConflictDecision,
    correlationId: string,
  ): Promise<ConflictEntity> {
    const resolvedAt = new Date();
    const resolved = await tx.save(
      ConflictEntity,
      Object.assign(conflict, {
        status: ConflictStatus.RESOLVED,
        resolution: decision.resolution,
        resolvedValue: decision.resolvedValue,
        resolvedBy: decision.resolvedBy,
        resolvedAt,
      }),
    );
    await tx.insert(ConflictResolutionRecordEntity, {
      conflictId: resolved.id,
      integrationId: resolved.integrationId,
      resolution: decision.resolution,
      clearedReason: null,
      resolvedValue: decision.resolvedValue,
      policy: decision.policy,
      resolvedBy: decision.resolvedBy,
      resolvedAt,
      baseValue: resolved.baseValue,
      portalValue: resolved.portalValue,
      zohoValue: resolved.zohoValue,
    });
    await tx.publish([
      createEvent('conflict.resolved', {
        source: 'conflict-resolver',
        tenantId: resolved.tenantId,
        integrationId: resolved.integrationId,
        subject: resolved.id,
        correlationId,
        data: {
          conflictId: resolved.id,
          module: resolved.recordModule,
          portalRecordId: resolved.portalRecordId,
          zohoRecordId: resolved.zohoRecordId,
          field: resolved.fieldName,
          resolution: decision.resolution,
          resolvedValue: decision.resolvedValue,
          zohoValue: resolved.zohoValue,
          policy: decision.policy,
          resolvedBy: decision.resolvedBy,
          resolvedAt: resolvedAt.toISOString(),
        },
      }),
    ]);
    return resolved;
  }
}
