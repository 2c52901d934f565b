import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { ConflictPolicyModule } from '../conflict-policy/conflict-policy.module';
import { FieldRulesModule } from '../field-rules/field-rules.module';
import { ConflictEntity } from './conflict.entity';
import { ConflictResolutionRecordEntity } from './conflict-resolution-record.entity';
import { conflictReferenceResolver } from './conflict.reference';
import { ConflictRepository } from './conflict.repository';
import { ConflictResolver } from './conflict.resolver';
import { ConflictService } from './conflict.service';

/**
 * Field conflicts: stored from `conflict.detected`, resolved by policy or by `resolveConflict`
 * (audited, announced with `conflict.resolved`), and the review queue: `conflicts`,
 * `conflict(id)` and the `Conflict` entity.
 */
@SubgraphFeature({
  imports: [ConflictPolicyModule, FieldRulesModule],
  providers: [ConflictRepository, ConflictService],
  exports: [ConflictService],
  resolvers: [ConflictResolver],
  referenceResolvers: (services) => ({ Conflict: conflictReferenceResolver(services.get(ConflictService)) }),
  entities: [ConflictEntity, ConflictResolutionRecordEntity],
})
export class ConflictModule {}
