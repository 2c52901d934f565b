import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import type { IntegrationSettings } from '@crm-bridge/contracts';
import { TenantScopedRepository, type TenantScopedTransaction } from '@crm-bridge/persistence';
import { wakeIntegrations } from '../integration-work/integration-work.wake';
import { SyncConnectionEntity, type SyncConnectionState } from './sync-connection.entity';
import { SyncIntegrationEntity } from './sync-integration.entity';

/** What applying an event did: a replica only moves forward in time. */
export type ReplicaChange = 'added' | 'updated' | 'older-than-known' | 'unknown-connection';

/** A connection as `connection.connected` describes it. */
export type ConnectedOrg = Pick<
  SyncConnectionEntity,
  'connectionId' | 'zohoOrgId' | 'dataCentre' | 'edition' | 'userLicences' | 'apiVersion' | 'readStrategy'
>;

/** A later change to a known connection: its state, or how sync talks to Zoho through it. */
export type ConnectionChange =
  | { readonly kind: 'state'; readonly state: Exclude<SyncConnectionState, 'CONNECTED'>; readonly reason: string }
  | {
      readonly kind: 'settings';
      readonly apiVersion: SyncConnectionEntity['apiVersion'];
      readonly readStrategy: SyncConnectionEntity['readStrategy'];
    };

/**
 * sync-engine's copies of integration settings and Zoho connections. Every change also wakes the
 * integrations it concerns, in the same transaction, so a setting takes effect on the next worker
 * tick without a restart.
 */
@Injectable()
export class SyncIntegrationRepository extends TenantScopedRepository<SyncIntegrationEntity> {
  constructor(private readonly source: DataSource) {
    super(source, SyncIntegrationEntity);
  }

  applySettings(tenantId: string, integrationId: string, settings: IntegrationSettings, savedAt: Date): Promise<ReplicaChange> {
    return this.transaction(tenantId, async (tx) => {
      const known = await tx.lockOneBy(SyncIntegrationEntity, { integrationId });
      if (known && known.settingsSavedAt.getTime() > savedAt.getTime()) {
        return 'older-than-known';
      }
      if (known) {
        await tx.save(
          SyncIntegrationEntity,
          Object.assign(known, { connectionId: settings.connectionId, settings, settingsSavedAt: savedAt }),
        );
      } else {
        await tx.insert(SyncIntegrationEntity, { integrationId, connectionId: settings.connectionId, settings, settingsSavedAt: savedAt });
      }
      await wakeIntegrations(tx, [integrationId]);
      return known ? 'updated' : 'added';
    });
  }

  /** Records a connected (or reconnected) org: the connection is usable again. */
  applyConnected(tenantId: string, connection: ConnectedOrg, occurredAt: Date): Promise<ReplicaChange> {
    return this.transaction(tenantId, async (tx) => {
      const known = await tx.lockOneBy(SyncConnectionEntity, { connectionId: connection.connectionId });
      if (known && known.lastEventAt.getTime() > occurredAt.getTime()) {
        return 'older-than-known';
      }
      const values = { ...connection, state: 'CONNECTED' as const, stateReason: null, lastEventAt: occurredAt };
      if (known) {
        await tx.save(SyncConnectionEntity, Object.assign(known, values));
      } else {
        await tx.insert(SyncConnectionEntity, values);
      }
      await wakeIntegrations(tx, await this.integrationIdsOf(tx.repository(SyncIntegrationEntity), tenantId, connection.connectionId));
      return known ? 'updated' : 'added';
    });
  }

  /** Applies a later change to a connection sync-engine already knows; one it never saw connected is ignored. */
  applyConnectionChange(tenantId: string, connectionId: string, change: ConnectionChange, occurredAt: Date): Promise<ReplicaChange> {
    return this.transaction(tenantId, async (tx) => {
      const known = await tx.lockOneBy(SyncConnectionEntity, { connectionId });
      if (!known) {
        return 'unknown-connection';
      }
      if (known.lastEventAt.getTime() > occurredAt.getTime()) {
        return 'older-than-known';
      }
      const values =
        change.kind === 'state'
          ? { state: change.state, stateReason: change.reason }
          : { apiVersion: change.apiVersion, readStrategy: change.readStrategy };
      await tx.save(SyncConnectionEntity, Object.assign(known, values, { lastEventAt: occurredAt }));
      await wakeIntegrations(tx, await this.integrationIdsOf(tx.repository(SyncIntegrationEntity), tenantId, connectionId));
      return 'updated';
    });
  }

  /** The integration with its connection (null until auth-connector's event arrived); null when the tenant has no such integration. */
  async withConnection(
    tenantId: string,
    integrationId: string,
  ): Promise<{ integration: SyncIntegrationEntity; connection: SyncConnectionEntity | null } | null> {
    const integration = await this.source.getRepository(SyncIntegrationEntity).findOneBy({ tenantId, integrationId });
    if (!integration) {
      return null;
    }
    const connection = await this.source
      .getRepository(SyncConnectionEntity)
      .findOneBy({ tenantId, connectionId: integration.connectionId });
    return { integration, connection };
  }

  /** Inside `tx`: the integration's settings as mapping-config last published them; null before its first event arrived. */
  async settingsIn(tx: TenantScopedTransaction, integrationId: string): Promise<IntegrationSettings | null> {
    const integration = await tx.repository(SyncIntegrationEntity).findOneBy({ tenantId: tx.tenantId, integrationId });
    return integration?.settings ?? null;
  }

  /** Every connection of every tenant: the Zoho client's per-org limits are read from their editions at start. */
  allConnections(): Promise<SyncConnectionEntity[]> {
    return this.source.getRepository(SyncConnectionEntity).find();
  }

  private async integrationIdsOf(repository: Repository<SyncIntegrationEntity>, tenantId: string, connectionId: string): Promise<string[]> {
    const rows = await repository.find({ where: { tenantId, connectionId } });
    return rows.map((row) => row.integrationId);
  }
}
