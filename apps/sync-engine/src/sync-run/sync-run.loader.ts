import { alignRowsToKeys, type SubgraphContext } from '@crm-bridge/subgraph';
import type { SyncRunService } from './sync-run.service';
import type { SyncRunNode } from './sync-run.type';

/** The request's batched run lookup by id (`syncRun(id)`, every issue's `syncRun`), tenant-scoped. */
export function syncRunLoader(context: SubgraphContext, syncRuns: SyncRunService) {
  return context.loaders.loader<string, SyncRunNode | null>('sync-run-by-id', async (ids) =>
    alignRowsToKeys(ids, await syncRuns.byIds(context.caller.tenantId, ids), (run) => run.id),
  );
}
