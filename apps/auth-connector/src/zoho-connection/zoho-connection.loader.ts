import { alignRowsToKeys, type SubgraphContext } from '@crm-bridge/subgraph';
import type { ZohoConnectionService } from './zoho-connection.service';
import type { ZohoConnection } from './zoho-connection.type';

/** The request's batched connection lookup by id: one query per request tick, tenant-scoped. */
export function zohoConnectionLoader(context: SubgraphContext, connections: ZohoConnectionService) {
  return context.loaders.loader<string, ZohoConnection | null>('zoho-connection-by-id', async (ids) =>
    alignRowsToKeys(ids, await connections.byIds(context.caller.tenantId, ids), (connection) => connection.id),
  );
}
