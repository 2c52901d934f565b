import { ServiceKafkaModule } from '@crm-bridge/kafka';
import type { SubgraphServiceDefinition } from '@crm-bridge/service-runtime';
import { conflictResolverMigrations } from './database/conflict-resolver.migrations';
import { ConflictModule } from './conflict/conflict.module';
import { ConflictPolicyModule } from './conflict-policy/conflict-policy.module';
import { FieldRulesModule } from './field-rules/field-rules.module';
import { DealModule } from './deal/deal.module';

/** conflict-resolver: conflicts, their policies and the review queue, and their fields on `Deal` (ARCHITECTURE §2). */
export const conflictResolverService: SubgraphServiceDefinition = {
  serviceName: 'conflict-resolver',
  defaultPort: 4004,
  database: { schema: 'conflict_resolver', migrations: conflictResolverMigrations },
  features: [ServiceKafkaModule, ConflictPolicyModule, FieldRulesModule, ConflictModule, DealModule],
};
