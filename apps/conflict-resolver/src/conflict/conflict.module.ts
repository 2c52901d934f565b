import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { ConflictEntity } from './conflict.entity';
import { conflictReferenceResolver } from './conflict.reference';
import { ConflictRepository } from './conflict.repository';
import { ConflictResolver } from './conflict.resolver';
import { ConflictService } from './conflict.service';

/** Field conflicts and the review queue: `conflicts`, `conflict(id)` and the `Conflict` entity. */
@SubgraphFeature({
  providers: [ConflictRepository, ConflictService],
  exports: [ConflictService],
  resolvers: [ConflictResolver],
  referenceResolvers: (services) => ({ Conflict: conflictReferenceResolver(services.get(ConflictService)) }),
  entities: [ConflictEntity],
})
export class ConflictModule {}
