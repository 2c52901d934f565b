import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { IntegrationConflictPolicyEntity } from './conflict-policy.entity';
import { ConflictPolicyRepository } from './conflict-policy.repository';
import { ConflictPolicyService } from './conflict-policy.service';

/** Each integration's conflict policies (and its modules' own), kept current from `integration.settings-changed`. */
@SubgraphFeature({
  providers: [ConflictPolicyRepository, ConflictPolicyService],
  exports: [ConflictPolicyService],
  entities: [IntegrationConflictPolicyEntity],
})
export class ConflictPolicyModule {}
