import type { ReferenceResolver } from '@crm-bridge/subgraph';
import type { DealService } from './deal.service';
import { dealLoader } from './deal.loader';

/** `Deal` entity references from other subgraphs, batched per request and scoped to the tenant. */
export function dealReferenceResolver(deals: DealService): ReferenceResolver {
  return (reference, context) => dealLoader(context, deals).load(String(reference['id']));
}
