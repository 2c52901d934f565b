import { randomUUID } from 'node:crypto';
import { ZohoConnectionEntity } from '../../apps/auth-connector/src/zoho-connection/zoho-connection.entity';
import { IntegrationEntity } from '../../apps/mapping-config/src/integration/integration.entity';
import { DealEntity } from '../../apps/sync-engine/src/deal/deal.entity';
import { ConflictEntity } from '../../apps/conflict-resolver/src/conflict/conflict.entity';
import type { DataSource } from 'typeorm';

/** The data source of one service by app name (a running service's, or one opened for seeding). */
export type DataSourceOf = (service: 'auth-connector' | 'mapping-config' | 'sync-engine' | 'conflict-resolver') => DataSource;

/**
 * Factories for rows whose write paths arrive in later issues: each inserts through the owning
 * service's own data source, exactly the rows that service would store.
 */
export function factories(dataSourceOf: DataSourceOf) {
  return {
    async newConnection(tenantId: string, overrides: Partial<ZohoConnectionEntity> = {}): Promise<ZohoConnectionEntity> {
      const repository = dataSourceOf('auth-connector').getRepository(ZohoConnectionEntity);
      return repository.save(
        repository.create({
          tenantId,
          dataCentre: 'EU' as ZohoConnectionEntity['dataCentre'],
          accountsServer: 'https://accounts.zoho.eu',
          apiDomain: 'https://www.zohoapis.eu',
          zohoOrgId: `org-${randomUUID().slice(0, 8)}`,
          zohoOrgName: 'Acme GmbH',
          grantedScopes: ['ZohoCRM.modules.ALL'],
          status: 'CONNECTED' as ZohoConnectionEntity['status'],
          connectedAt: new Date(),
          ...overrides,
        }),
      );
    },

    async newIntegration(tenantId: string, connectionId: string, overrides: Partial<IntegrationEntity> = {}): Promise<IntegrationEntity> {
      const repository = dataSourceOf('mapping-config').getRepository(IntegrationEntity);
      return repository.save(
        repository.create({
          tenantId,
          connectionId,
          name: 'Partner portal ↔ Zoho',
          modules: (['DEALS', 'CONTACTS', 'LEADS', 'ACCOUNTS'] as const).map((module) => ({
            module,
            enabled: module === 'DEALS',
            direction: 'BOTH' as const,
          })),
          contactTargetModule: 'CONTACTS' as IntegrationEntity['contactTargetModule'],
          conflictPolicy: 'MANUAL_REVIEW' as IntegrationEntity['conflictPolicy'],
          syncIntervalMinutes: 15,
          debounceSeconds: 5,
          timeZone: 'Europe/Berlin',
          enabled: true,
          publishedVersion: null,
          ...overrides,
        }),
      );
    },

    async newDeal(tenantId: string, integrationId: string, overrides: Partial<DealEntity> = {}): Promise<DealEntity> {
      const repository = dataSourceOf('sync-engine').getRepository(DealEntity);
      return repository.save(repository.create({ tenantId, integrationId, name: 'Deal', phase: 'Qualified', zohoId: null, ...overrides }));
    },

    async newOpenConflict(tenantId: string, deal: DealEntity, fieldName: string): Promise<ConflictEntity> {
      const repository = dataSourceOf('conflict-resolver').getRepository(ConflictEntity);
      return repository.save(
        repository.create({
          tenantId,
          integrationId: deal.integrationId,
          recordModule: 'DEALS' as ConflictEntity['recordModule'],
          portalRecordId: deal.id,
          // Only linked deals conflict; a deal made here without a Zoho id stands for one linked to this.
          zohoRecordId: deal.zohoId ?? '5725767000000419001',
          fieldName,
          baseValue: 'a',
          portalValue: 'b',
          zohoValue: 'c',
          portalChangedAt: new Date(),
          zohoChangedAt: new Date(),
          status: 'OPEN' as ConflictEntity['status'],
          resolution: null,
          resolvedValue: null,
          resolvedBy: null,
          resolvedAt: null,
        }),
      );
    },
  };
}
