import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantScopedReader, TenantScopedRepository } from '@crm-bridge/persistence';
import { SyncIntegrationEntity } from '../sync-integration/sync-integration.entity';
import type { ExchangeSummary } from './exchange-summary';
import { SyncDebugEntryEntity } from './sync-debug-entry.entity';
import { SyncDebugModeEntity } from './sync-debug-mode.entity';

/** The newest entries kept per integration; older ones are deleted as new ones come. */
export const MAX_ENTRIES_PER_INTEGRATION = 1_000;

/** A debug entry waiting to be written: whose it is, when it happened, and what it keeps. */
export interface PendingDebugEntry {
  readonly tenantId: string;
  readonly integrationId: string;
  readonly occurredAt: Date;
  readonly summary: ExchangeSummary;
}

/** An integration in debug mode, with the connection its Zoho calls are named by. */
export interface ActiveDebugMode {
  readonly tenantId: string;
  readonly integrationId: string;
  readonly connectionId: string;
  readonly enabledUntil: Date;
}

/** What setting a mode came to. */
export type DebugModeChange =
  { readonly kind: 'integration-not-found' } | { readonly kind: 'set'; readonly mode: SyncDebugModeEntity | null };

/**
 * Debug modes and their entries. Setting, reading and writing entries are per tenant; the
 * process-wide reads and clean-ups (`activeModes`, `deleteExpired`) serve every tenant's calls at
 * once and are not exposed to any caller.
 */
@Injectable()
export class SyncDebugRepository extends TenantScopedRepository<SyncDebugModeEntity> {
  readonly entries: TenantScopedReader<SyncDebugEntryEntity>;

  constructor(private readonly source: DataSource) {
    super(source, SyncDebugModeEntity);
    this.entries = new TenantScopedReader(source.getRepository(SyncDebugEntryEntity));
  }

  /** Turns the integration's mode on until `enabledUntil`, or off (null: its entries go with it). */
  setMode(tenantId: string, integrationId: string, enabledUntil: Date | null, enabledBy: string): Promise<DebugModeChange> {
    return this.transaction(tenantId, async (tx) => {
      const integration = await tx.repository(SyncIntegrationEntity).findOneBy({ tenantId, integrationId });
      if (!integration) {
        return { kind: 'integration-not-found' };
      }
      const modes = tx.repository(SyncDebugModeEntity);
      const current = await tx.lockOneBy(SyncDebugModeEntity, { integrationId });
      if (enabledUntil === null) {
        if (current) {
          await modes.delete({ tenantId, id: current.id });
        }
        await tx.repository(SyncDebugEntryEntity).delete({ tenantId, integrationId });
        return { kind: 'set', mode: null };
      }
      const mode = current
        ? await tx.save(SyncDebugModeEntity, Object.assign(current, { enabledUntil, enabledBy }))
        : await tx.insert(SyncDebugModeEntity, { integrationId, enabledUntil, enabledBy });
      return { kind: 'set', mode };
    });
  }

  /** The tenant's mode rows of these integrations (expired ones too, until cleaned up), in no particular order. */
  modesOf(tenantId: string, integrationIds: readonly string[]): Promise<SyncDebugModeEntity[]> {
    return this.source
      .getRepository(SyncDebugModeEntity)
      .createQueryBuilder('row')
      .where('row.tenantId = :tenantId AND row.integrationId = ANY(:integrationIds)', { tenantId, integrationIds })
      .getMany();
  }

  /** Every tenant's integrations in debug mode now, with their connections: the process's cache of whose calls to keep. */
  async activeModes(): Promise<ActiveDebugMode[]> {
    const modes = this.source.getMetadata(SyncDebugModeEntity).tablePath;
    const integrations = this.source.getMetadata(SyncIntegrationEntity).tablePath;
    const rows: { tenant_id: string; integration_id: string; connection_id: string; enabled_until: Date }[] = await this.source.query(
      `SELECT mode.tenant_id, mode.integration_id, integration.connection_id, mode.enabled_until
         FROM ${modes} mode
         JOIN ${integrations} integration ON integration.tenant_id = mode.tenant_id AND integration.integration_id = mode.integration_id
        WHERE mode.enabled_until > now()`,
    );
    return rows.map((row) => ({
      tenantId: row.tenant_id,
      integrationId: row.integration_id,
      connectionId: row.connection_id,
      enabledUntil: new Date(row.enabled_until),
    }));
  }

  /**
   * Stores entries, one transaction per tenant, and deletes what falls beyond the newest
   * {@link MAX_ENTRIES_PER_INTEGRATION} of each integration written to.
   */
  async insertEntries(pending: readonly PendingDebugEntry[]): Promise<void> {
    const byTenant = new Map<string, PendingDebugEntry[]>();
    for (const entry of pending) {
      byTenant.set(entry.tenantId, [...(byTenant.get(entry.tenantId) ?? []), entry]);
    }
    for (const [tenantId, entries] of byTenant) {
      await this.transaction(tenantId, async (tx) => {
        const repository = tx.repository(SyncDebugEntryEntity);
        await repository.insert(
          entries.map((entry) => ({
            tenantId,
            integrationId: entry.integrationId,
            createdAt: entry.occurredAt,
            ...entry.summary,
          })),
        );
        const table = repository.metadata.tablePath;
        for (const integrationId of new Set(entries.map((entry) => entry.integrationId))) {
          await repository.query(
            `DELETE FROM ${table} WHERE tenant_id = $1 AND integration_id = $2 AND id IN (
               SELECT id FROM ${table} WHERE tenant_id = $1 AND integration_id = $2
                ORDER BY created_at DESC, id DESC OFFSET $3)`,
            [tenantId, integrationId, MAX_ENTRIES_PER_INTEGRATION],
          );
        }
      });
    }
  }

  /**
   * Ends expired modes and deletes every entry whose integration is not in debug mode now (which
   * also catches entries written after their mode ended). Returns the entries deleted.
   */
  async deleteExpired(): Promise<number> {
    const modes = this.source.getMetadata(SyncDebugModeEntity).tablePath;
    const entries = this.source.getMetadata(SyncDebugEntryEntity).tablePath;
    return this.source.transaction(async (manager) => {
      await manager.query(`DELETE FROM ${modes} WHERE enabled_until <= now()`);
      const [, deleted]: [unknown, number] = await manager.query(
        `DELETE FROM ${entries} entry WHERE NOT EXISTS (
           SELECT 1 FROM ${modes} mode WHERE mode.tenant_id = entry.tenant_id AND mode.integration_id = entry.integration_id)`,
      );
      return deleted;
    });
  }
}
