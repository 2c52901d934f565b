import type { ReferenceResolver } from '@crm-bridge/subgraph';

/**
 * `Deal` references need no lookup here: sync-engine owns the deal (and checks its tenant), and
 * the only field this subgraph adds, `openConflicts`, is itself scoped to the caller's tenant.
 */
export function dealReferenceResolver(): ReferenceResolver {
  return (reference) => ({ id: String(reference['id']) });
}
