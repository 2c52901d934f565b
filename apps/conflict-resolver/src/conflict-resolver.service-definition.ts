import type { SubgraphServiceDefinition } from '@crm-bridge/service-runtime';
import { conflictResolverDatabase } from './database/conflict-resolver.database';
import { ConflictResolver } from './conflict/conflict.resolver';
import { ConflictService } from './conflict/conflict.service';
import { conflictReferenceResolver } from './conflict/conflict.reference';
import { Deal } from './deal/deal.type';
import { DealConflictsResolver } from './deal/deal.resolver';
import { dealReferenceResolver } from './deal/deal.reference';
import { ConflictResolverModule } from './conflict-resolver.module';

export const conflictResolverService: SubgraphServiceDefinition = {
  serviceName: 'conflict-resolver',
  defaultPort: 4004,
  appModule: ConflictResolverModule,
  database: conflictResolverDatabase,
  subgraph: {
    name: 'conflict-resolver',
    resolvers: [ConflictResolver, DealConflictsResolver],
    // No query returns a Deal here: it is reached only through `_entities`.
    orphanedTypes: [Deal],
    referenceResolvers: (services) => ({
      Conflict: conflictReferenceResolver(services.get(ConflictService)),
      Deal: dealReferenceResolver(),
    }),
  },
};
