import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { ConflictModule } from '../conflict/conflict.module';
import { dealReferenceResolver } from './deal.reference';
import { DealConflictsResolver } from './deal.resolver';
import { Deal } from './deal.type';

/** `Deal.openConflicts` on sync-engine's `Deal`, which this subgraph reaches only through `_entities`. */
@SubgraphFeature({
  imports: [ConflictModule],
  resolvers: [DealConflictsResolver],
  // No query returns a Deal here: it is reached only through `_entities`.
  orphanedTypes: [Deal],
  referenceResolvers: () => ({ Deal: dealReferenceResolver() }),
})
export class DealModule {}
