import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { SyncMetricsModule } from '../sync-metrics/sync-metrics.module';
import { ZohoAccessModule } from '../zoho-access/zoho-access.module';
import { CreditBudget } from './credit-budget.service';
import { IntegrationCreditsEntity } from './integration-credits.entity';
import { IntegrationCreditsRepository } from './integration-credits.repository';
import { IntegrationCreditsResolver } from './integration-credits.resolver';

/**
 * Each integration's Zoho credit budget and forecast, the throttle level work steps obey (polls
 * slow first, writes last), and `Integration.syncCredits` saying where it stands and why.
 */
@SubgraphFeature({
  imports: [ZohoAccessModule, SyncMetricsModule],
  providers: [IntegrationCreditsRepository, CreditBudget],
  exports: [CreditBudget],
  resolvers: [IntegrationCreditsResolver],
  referenceResolvers: () => ({ Integration: (reference) => ({ id: String(reference['id']) }) }),
  entities: [IntegrationCreditsEntity],
})
export class CreditBudgetModule {}
