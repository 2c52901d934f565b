import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { ActiveMappingEntity } from './active-mapping.entity';
import { ActiveMappingRepository } from './active-mapping.repository';
import { ActiveMappingService } from './active-mapping.service';

/** The mapping sync applies per integration, kept current from `mapping.published` events. */
@SubgraphFeature({
  providers: [ActiveMappingRepository, ActiveMappingService],
  exports: [ActiveMappingRepository],
  entities: [ActiveMappingEntity],
})
export class ActiveMappingModule {}
