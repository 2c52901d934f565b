import { alignRowsToKeys, type SubgraphContext } from '@crm-bridge/subgraph';
import type { ConflictService } from './conflict.service';
import type { Conflict, ConflictResolutionRecord } from './conflict.type';

/** The request's batched conflict lookup by id: one query per request tick, tenant-scoped. */
export function conflictLoader(context: SubgraphContext, conflicts: ConflictService) {
  return context.loaders.loader<string, Conflict | null>('conflict-by-id', async (ids) =>
    alignRowsToKeys(ids, await conflicts.byIds(context.caller.tenantId, ids), (conflict) => conflict.id),
  );
}

/** The request's audit records per conflict id: every listed conflict's history from one query, tenant-scoped. */
export function resolutionHistoryLoader(context: SubgraphContext, conflicts: ConflictService) {
  return context.loaders.loader<string, ConflictResolutionRecord[]>('resolution-history-by-conflict', async (conflictIds) => {
    const byConflict = new Map<string, ConflictResolutionRecord[]>(conflictIds.map((conflictId) => [conflictId, []]));
    for (const { conflictId, ...record } of await conflicts.resolutionRecordsOf(context.caller.tenantId, conflictIds)) {
      byConflict.get(conflictId)?.push(record);
    }
    return conflictIds.map((conflictId) => byConflict.get(conflictId) ?? []);
  });
}
