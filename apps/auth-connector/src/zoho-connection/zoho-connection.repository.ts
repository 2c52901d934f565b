import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { createEvent } from '@crm-bridge/contracts';
import { TenantScopedRepository, TransactionalOutbox } from '@crm-bridge/persistence';
import {
  DEFAULT_ZOHO_API_VERSION,
  DEFAULT_ZOHO_READ_STRATEGY,
  type ZohoApiVersion,
  type ZohoDataCentre,
  type ZohoReadStrategy,
} from '@crm-bridge/contracts';
import type { ZohoOrgProfile } from '../zoho-accounts/zoho-org-profile.reader';
import type { SealedConnectionSecrets } from './connection-secrets';
import { ZohoConnectionEntity } from './zoho-connection.entity';
import { ZohoConnectionStatus } from './zoho-connection.enums';

/** Connection settings asked for; a setting left out (or null) keeps the stored one, or the default. */
export interface ZohoConnectionSettingsChange {
  readonly apiVersion?: ZohoApiVersion | null;
  readonly readStrategy?: ZohoReadStrategy | null;
}

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
  readonly settings: ZohoConnectionSettingsChange;
  readonly correlationId: string;
}

/** What a refresh attempt made of a locked connection. */
export type RefreshOutcome =
  | { readonly kind: 'still-valid' }
  | { readonly kind: 'refreshed'; readonly secrets: SealedConnectionSecrets; readonly apiDomain: string }
  | { readonly kind: 'failed'; readonly permanent: boolean; readonly errorCode: string; readonly reason: string };

@Injectable()
export class ZohoConnectionRepository extends TenantScopedRepository<ZohoConnectionEntity> {
  constructor(
    private readonly database: DataSource,
    outbox: TransactionalOutbox,
  ) {
    super(database, ZohoConnectionEntity, outbox);
  }

  /**
   * Runs `refresh` on the connection with its row locked, and stores what came of it — one
   * transaction. The lock makes replicas take turns: the second finds the token the first stored
   * and answers `still-valid`, so one org sees one refresh however many pods need a token. A
   * permanent failure moves the connection to NEEDS_REAUTH and publishes `connection.needs-reauth`;
   * a passing one marks it REFRESH_FAILED. Null when the tenant has no such connection.
   */
  refreshLocked(
    tenantId: string,
    id: string,
    correlationId: string,
    refresh: (row: ZohoConnectionEntity) => Promise<RefreshOutcome>,
  ): Promise<{ row: ZohoConnectionEntity; outcome: RefreshOutcome } | null> {
    return this.transaction(tenantId, async (tx) => {
      const row = await tx.lock(ZohoConnectionEntity, id);
      if (!row) {
        return null;
      }
      const outcome = await refresh(row);
      switch (outcome.kind) {
        case 'still-valid':
          return { row, outcome };
        case 'refreshed':
          Object.assign(row, outcome.secrets, {
            apiDomain: outcome.apiDomain,
            status: ZohoConnectionStatus.CONNECTED,
            statusReason: null,
            lastErrorCode: null,
            lastRefreshedAt: new Date(),
          });
          return { row: await tx.save(ZohoConnectionEntity, row), outcome };
        case 'failed':
          row.lastErrorCode = outcome.errorCode;
          row.statusReason = outcome.reason;
          if (outcome.permanent) {
            row.status = ZohoConnectionStatus.NEEDS_REAUTH;
            await tx.publish([
              createEvent('connection.needs-reauth', {
                source: 'auth-connector',
                tenantId,
                integrationId: row.id,
                subject: row.id,
                correlationId,
                data: { connectionId: row.id, zohoOrgId: row.zohoOrgId, errorCode: outcome.errorCode, reason: outcome.reason },
              }),
            ]);
          } else if (row.status === ZohoConnectionStatus.CONNECTED) {
            row.status = ZohoConnectionStatus.REFRESH_FAILED;
          }
          return { row: await tx.save(ZohoConnectionEntity, row), outcome };
      }
    });
  }

  /**
   * Connections of every tenant whose access token expires before `expiringBefore` or that were
   * last refreshed (or connected) before `staleBefore` — the scheduled refresh's work list, a
   * maintenance read across tenants; each is then refreshed in its own tenant's transaction.
   */
  dueForRefresh(expiringBefore: Date, staleBefore: Date, limit: number): Promise<{ id: string; tenantId: string }[]> {
    return this.database
      .getRepository(ZohoConnectionEntity)
      .createQueryBuilder('connection')
      .select(['connection.id', 'connection.tenantId'])
      .where({ status: In([ZohoConnectionStatus.CONNECTED, ZohoConnectionStatus.REFRESH_FAILED]) })
      .andWhere(
        '(connection.accessTokenExpiresAt < :expiringBefore OR COALESCE(connection.lastRefreshedAt, connection.connectedAt) < :staleBefore)',
        { expiringBefore, staleBefore },
      )
      .orderBy('connection.accessTokenExpiresAt', 'ASC')
      .limit(limit)
      .getMany();
  }

  /**
   * Deletes the connection's secrets, marks it DISCONNECTED and publishes `connection.disconnected`
   * — one transaction. Null when the tenant has no such connection.
   */
  disconnect(
    tenantId: string,
    id: string,
    input: { disconnectedByUserId: string; revokedAtZoho: boolean; correlationId: string },
  ): Promise<ZohoConnectionEntity | null> {
    return this.transaction(tenantId, async (tx) => {
      const row = await tx.lock(ZohoConnectionEntity, id);
      if (!row) {
        return null;
      }
      Object.assign(row, {
        status: ZohoConnectionStatus.DISCONNECTED,
        statusReason: input.revokedAtZoho
          ? 'disconnected; the grant was revoked at Zoho'
          : 'disconnected; Zoho could not be reached to revoke the grant',
        encryptedRefreshToken: null,
        encryptedAccessToken: null,
        encryptedClientSecret: null,
        accessTokenExpiresAt: null,
        encryptionKeyId: null,
      });
      const saved = await tx.save(ZohoConnectionEntity, row);
      await tx.publish([
        createEvent('connection.disconnected', {
          source: 'auth-connector',
          tenantId,
          integrationId: row.id,
          subject: row.id,
          correlationId: input.correlationId,
          data: {
            connectionId: row.id,
            zohoOrgId: row.zohoOrgId,
            disconnectedByUserId: input.disconnectedByUserId,
            revokedAtZoho: input.revokedAtZoho,
          },
        }),
      ]);
      return saved;
    });
  }

  /**
   * Stores a connected org and publishes `connection.connected` — one transaction. Connecting an
   * org the tenant already has (a new consent after NEEDS_REAUTH, or a new client) updates that
   * connection, so integrations that point at it keep working; its row is locked first, so two
   * concurrent connects of one org cannot both insert.
   */
  storeConnected(tenantId: string, input: CompletedZohoConnection): Promise<ZohoConnectionEntity> {
    return this.transaction(tenantId, async (tx) => {
      const existing = await tx.lockOneBy(ZohoConnectionEntity, { zohoOrgId: input.org.orgId });
      const values = {
        dataCentre: input.dataCentre,
        accountsServer: input.accountsServer,
        apiDomain: input.apiDomain,
        zohoOrgId: input.org.orgId,
        zohoOrgName: input.org.orgName,
        zohoOrgTimeZone: input.org.timeZone,
        zohoOrgCurrency: input.org.currency,
        zohoOrgEdition: input.org.edition,
        zohoOrgUserLicences: input.org.userLicences,
        zohoUserId: input.org.userId,
        zohoUserEmail: input.org.userEmail,
        connectedByUserId: input.connectedByUserId,
        clientId: input.clientId,
        grantedScopes: [...input.grantedScopes],
        status: ZohoConnectionStatus.CONNECTED,
        statusReason: null,
        connectedAt: new Date(),
        lastErrorCode: null,
        apiVersion: input.settings.apiVersion ?? existing?.apiVersion ?? DEFAULT_ZOHO_API_VERSION,
        readStrategy: input.settings.readStrategy ?? existing?.readStrategy ?? DEFAULT_ZOHO_READ_STRATEGY,
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
            zohoOrgUserLicences: input.org.userLicences,
            apiVersion: connection.apiVersion,
            readStrategy: connection.readStrategy,
          },
        }),
      ]);
      return connection;
    });
  }

  /**
   * Applies the settings given and, when that changes anything, publishes
   * `connection.settings-changed` with both current settings — one transaction, the row locked so
   * two admins' changes apply one after the other. Null when the tenant has no such connection.
   */
  updateSettings(
    tenantId: string,
    id: string,
    change: ZohoConnectionSettingsChange,
    context: { changedByUserId: string; correlationId: string },
  ): Promise<ZohoConnectionEntity | null> {
    return this.transaction(tenantId, async (tx) => {
      const row = await tx.lock(ZohoConnectionEntity, id);
      if (!row) {
        return null;
      }
      const apiVersion = change.apiVersion ?? row.apiVersion;
      const readStrategy = change.readStrategy ?? row.readStrategy;
      if (apiVersion === row.apiVersion && readStrategy === row.readStrategy) {
        return row;
      }
      const saved = await tx.save(ZohoConnectionEntity, Object.assign(row, { apiVersion, readStrategy }));
      await tx.publish([
        createEvent('connection.settings-changed', {
          source: 'auth-connector',
          tenantId,
          integrationId: row.id,
          subject: row.id,
          correlationId: context.correlationId,
          data: { connectionId: row.id, zohoOrgId: row.zohoOrgId, apiVersion, readStrategy, changedByUserId: context.changedByUserId },
        }),
      ]);
      return saved;
    });
  }
}
