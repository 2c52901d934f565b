import type { ReferenceResolver } from '@crm-bridge/subgraph';
import type { ConflictService } from './conflict.service';
import { conflictLoader } from './conflict.loader';

/** `Conflict` entity references from other subgraphs, batched per request and scoped to the tenant. */
export function conflictReferenceResolver(conflicts: ConflictService): ReferenceResolver {
  return (reference, context) => conflictLoader(context, conflicts).load(String(reference['id']));
}
