import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { DealModule } from '../deal/deal.module';
import { DealIntakeRequestEntity } from './deal-intake-request.entity';
import { DealIntakeRepository } from './deal-intake.repository';
import { DealIntakeService } from './deal-intake.service';

/** Portal deal writes over Kafka (`portal-deal.submitted` → the deal writes of `DealModule`, or `portal-deal.rejected`). */
@SubgraphFeature({
  imports: [DealModule],
  providers: [DealIntakeRepository, DealIntakeService],
  entities: [DealIntakeRequestEntity],
})
export class DealIntakeModule {}
