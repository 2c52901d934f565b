import type { ReferenceResolver } from '@crm-bridge/subgraph';
import type { SyncRunService } from './sync-run.service';
import { syncRunLoader } from './sync-run.loader';

/** `SyncRun` entity references from other subgraphs, batched per request and scoped to the tenant. */
export function syncRunReferenceResolver(syncRuns: SyncRunService): ReferenceResolver {
  return (reference, context) => syncRunLoader(context, syncRuns).load(String(reference['id']));
}
