import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { IntegrationFieldRulesEntity } from './field-rules.entity';
import { FieldRulesRepository } from './field-rules.repository';
import { FieldRulesService } from './field-rules.service';

/** Field types, picklists and value maps per integration, for checking the values reviewers give. */
@SubgraphFeature({
  providers: [FieldRulesRepository, FieldRulesService],
  exports: [FieldRulesService],
  entities: [IntegrationFieldRulesEntity],
})
export class FieldRulesModule {}
