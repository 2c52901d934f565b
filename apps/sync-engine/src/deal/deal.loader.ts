import { alignRowsToKeys, type SubgraphContext } from '@crm-bridge/subgraph';
import type { DealService } from './deal.service';
import type { Deal } from './deal.type';

/** The request's batched deal lookup by id: one query per request tick, tenant-scoped. */
export function dealLoader(context: SubgraphContext, deals: DealService) {
  return context.loaders.loader<string, Deal | null>('deal-by-id', async (ids) =>
    alignRowsToKeys(ids, await deals.byIds(context.caller.tenantId, ids), (deal) => deal.id),
  );
}
