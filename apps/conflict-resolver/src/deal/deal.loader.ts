import type { SubgraphContext } from '@crm-bridge/subgraph';
import type { ConflictService } from '../conflict/conflict.service';
import type { Conflict } from '../conflict/conflict.type';

/**
 * The request's open conflicts per deal id: the `openConflicts` of every deal in one response
 * come from one query, tenant-scoped (a list of N deals must not cost N queries).
 */
export function openConflictsByDealLoader(context: SubgraphContext, conflicts: ConflictService) {
  return context.loaders.loader<string, Conflict[]>('open-conflicts-by-deal', async (dealIds) => {
    const byDeal = new Map<string, Conflict[]>(dealIds.map((dealId) => [dealId, []]));
    for (const conflict of await conflicts.openForRecords(context.caller.tenantId, 'DEALS', dealIds)) {
      byDeal.get(conflict.portalRecordId)?.push(conflict);
    }
    return dealIds.map((dealId) => byDeal.get(dealId) ?? []);
  });
}
