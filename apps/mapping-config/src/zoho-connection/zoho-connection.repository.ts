import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantScopedRepository } from '@crm-bridge/persistence';
import { ZohoConnectionEntity } from './zoho-connection.entity';

/** A connection as `connection.connected` describes it. */
export interface ConnectedZohoOrg {
  readonly connectionId: string;
  readonly zohoOrgId: string;
  readonly orgTimeZone: string;
}

@Injectable()
export class ZohoConnectionRepository extends TenantScopedRepository<ZohoConnectionEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, ZohoConnectionEntity);
  }

  /** Records the connection, or updates it: a reconnect of the same connection may bring another org. */
  remember(tenantId: string, connection: ConnectedZohoOrg): Promise<'added' | 'updated'> {
    return this.transaction(tenantId, async (tx) => {
      const known = await tx.lockOneBy(ZohoConnectionEntity, { connectionId: connection.connectionId });
      if (!known) {
        await tx.insert(ZohoConnectionEntity, { ...connection });
        return 'added';
      }
      await tx.save(ZohoConnectionEntity, Object.assign(known, connection));
      return 'updated';
    });
  }
}
