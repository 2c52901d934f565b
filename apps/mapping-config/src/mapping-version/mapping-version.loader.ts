import { alignRowsToKeys, type SubgraphContext } from '@crm-bridge/subgraph';
import type { MappingVersionService } from './mapping-version.service';
import type { MappingVersion } from './mapping-version.type';

/** The request's batched mapping version lookup by id: one query per request tick, tenant-scoped. */
export function mappingVersionLoader(context: SubgraphContext, versions: MappingVersionService) {
  return context.loaders.loader<string, MappingVersion | null>('mapping-version-by-id', async (ids) =>
    alignRowsToKeys(ids, await versions.byIds(context.caller.tenantId, ids), (version) => version.id),
  );
}
