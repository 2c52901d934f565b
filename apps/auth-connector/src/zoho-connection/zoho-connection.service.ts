import { Injectable } from '@nestjs/common';
import { parsePageArguments, toConnection, type Connection } from '@crm-bridge/subgraph';
import { ZohoConnectionRepository } from './zoho-connection.repository';
import type { ZohoConnectionEntity } from './zoho-connection.entity';
import type { ZohoConnection } from './zoho-connection.type';

@Injectable()
export class ZohoConnectionService {
  constructor(private readonly connections: ZohoConnectionRepository) {}

  async list(tenantId: string, args: { first: number; after?: string | null }): Promise<Connection<ZohoConnection>> {
    const page = parsePageArguments(args.first, args.after);
    const rows = await this.connections.page(tenantId, page);
    return toConnection(rows.map(toZohoConnection), page.limit);
  }

  async byIds(tenantId: string, ids: readonly string[]): Promise<ZohoConnection[]> {
    return (await this.connections.byIds(tenantId, ids)).map(toZohoConnection);
  }
}

/** Copies the public fields only: the encrypted tokens and their key id must never reach GraphQL. */
function toZohoConnection(row: ZohoConnectionEntity): ZohoConnection {
  return {
    id: row.id,
    dataCentre: row.dataCentre,
    apiDomain: row.apiDomain,
    accountsServer: row.accountsServer,
    zohoOrgId: row.zohoOrgId,
    zohoOrgName: row.zohoOrgName,
    grantedScopes: row.grantedScopes,
    status: row.status,
    connectedAt: row.connectedAt,
    lastRefreshedAt: row.lastRefreshedAt,
    lastErrorCode: row.lastErrorCode,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
