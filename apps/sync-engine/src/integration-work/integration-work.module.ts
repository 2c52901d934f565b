import { ScheduleModule } from '@nestjs/schedule';
import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { ActiveMappingModule } from '../active-mapping/active-mapping.module';
import { CreditBudgetModule } from '../credit-budget/credit-budget.module';
import { SyncIntegrationModule } from '../sync-integration/sync-integration.module';
import { integrationWorkConfig } from './integration-work.config';
import { IntegrationWorkEntity } from './integration-work.entity';
import { IntegrationLeaseRepository } from './integration-lease.repository';
import { IntegrationWorkSteps } from './integration-work.steps';
import { IntegrationWorker } from './integration-worker';
import { IntegrationWorkMetrics } from './integration-work.metrics';
import { SyncMetricsModule } from '../sync-metrics/sync-metrics.module';

/**
 * The worker every sync-engine instance runs: claims integrations with due work under a lease
 * and runs the registered work steps for them (ADR 0009). Features add steps by injecting
 * `IntegrationWorkSteps` and registering.
 */
@SubgraphFeature({
  imports: [ScheduleModule.forRoot(), SyncIntegrationModule, ActiveMappingModule, CreditBudgetModule, SyncMetricsModule],
  config: integrationWorkConfig,
  providers: [IntegrationLeaseRepository, IntegrationWorkSteps, IntegrationWorker, IntegrationWorkMetrics],
  exports: [IntegrationWorkSteps, IntegrationWorker],
  entities: [IntegrationWorkEntity],
})
export class IntegrationWorkModule {}
