import { alignRowsToKeys, type SubgraphContext } from '@crm-bridge/subgraph';
import type { ConflictService } from './conflict.service';
import type { Conflict } from './conflict.type';

/** The request's batched conflict lookup by id: one query per request tick, tenant-scoped. */
export function conflictLoader(context: SubgraphContext, conflicts: ConflictService) {
  return context.loaders.loader<string, Conflict | null>('conflict-by-id', async (ids) =>
    alignRowsToKeys(ids, await conflicts.byIds(context.caller.tenantId, ids), (conflict) => conflict.id),
  );
}
