import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent } from '@crm-bridge/contracts';
import { TenantScopedRepository, TransactionalOutbox } from '@crm-bridge/persistence';
import type { ZohoDataCentre } from '@crm-bridge/contracts';
import type { ZohoOrgProfile } from '../zoho-accounts/zoho-org-profile.reader';
import type { SealedConnectionSecrets } from './connection-secrets';
import { ZohoConnectionEntity } from './zoho-connection.entity';
import { ZohoConnectionStatus } from './zoho-connection.enums';

/** A completed OAuth exchange, its org read and its secrets sealed. */
export interface CompletedZohoConnection {
  readonly dataCentre: ZohoDataCentre;
  readonly accountsServer: string;
  readonly apiDomain: string;
  readonly grantedScopes: readonly string[];
  readonly clientId: string;
  readonly org: ZohoOrgProfile;
  readonly secrets: SealedConnectionSecrets;
  readonly connectedByUserId: string;
  readonly correlationId: string;
}

@Injectable()
export class ZohoConnectionRepository extends TenantScopedRepository<ZohoConnectionEntity> {
  constructor(dataSource: DataSource, outbox: TransactionalOutbox) {
    super(dataSource, ZohoConnectionEntity, outbox);
  }

  /**
   * Stores a connected org and publishes `connection.connected` — one transaction. Connecting an
   * org the tenant already has (a new consent after NEEDS_REAUTH, or a new client) updates that
   * connection, so integrations that point at it keep working; its row is locked first, so two
   * concurrent connects of one org cannot both insert.
   */
  storeConnected(tenantId: string, input: CompletedZohoConnection): Promise<ZohoConnectionEntity> {
    return this.transaction(tenantId, async (tx) => {
      const existing = await tx
        .repository(ZohoConnectionEntity)
        .createQueryBuilder('connection')
        .setLock('pessimistic_write')
        .where('connection.tenantId = :tenantId', { tenantId })
        .andWhere('connection.zohoOrgId = :zohoOrgId', { zohoOrgId: input.org.orgId })
        .getOne();
      const values = {
        dataCentre: input.dataCentre,
        accountsServer: input.accountsServer,
        apiDomain: input.apiDomain,
        zohoOrgId: input.org.orgId,
        zohoOrgName: input.org.orgName,
        zohoOrgTimeZone: input.org.timeZone,
        zohoOrgCurrency: input.org.currency,
        zohoOrgEdition: input.org.edition,
        zohoUserId: input.org.userId,
        zohoUserEmail: input.org.userEmail,
        connectedByUserId: input.connectedByUserId,
        clientId: input.clientId,
        grantedScopes: [...input.grantedScopes],
        status: ZohoConnectionStatus.CONNECTED,
        statusReason: null,
        connectedAt: new Date(),
        lastErrorCode: null,
        ...input.secrets,
      };
      const connection = existing
        ? await tx.save(ZohoConnectionEntity, Object.assign(existing, values))
        : await tx.insert(ZohoConnectionEntity, { ...values, lastRefreshedAt: null });
      await tx.publish([
        createEvent('connection.connected', {
          source: 'auth-connector',
          tenantId,
          // Connections exist before integrations: the connection is its own integration key here.
          integrationId: connection.id,
          subject: connection.id,
          correlationId: input.correlationId,
          data: {
            connectionId: connection.id,
            dataCentre: connection.dataCentre,
            apiDomain: connection.apiDomain,
            zohoOrgId: input.org.orgId,
            grantedScopes: connection.grantedScopes,
            zohoOrgName: input.org.orgName,
            zohoOrgTimeZone: input.org.timeZone,
            zohoOrgCurrency: input.org.currency,
            zohoOrgEdition: input.org.edition,
          },
        }),
      ]);
      return connection;
    });
  }
}
