import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { alignRowsToKeys, type SubgraphContext } from '@crm-bridge/subgraph';
import { IntegrationReference } from '../integration-reference/integration.type';
import type { IntegrationCreditsEntity } from './integration-credits.entity';
import { IntegrationCreditsRepository } from './integration-credits.repository';
import { IntegrationCredits } from './integration-credits.type';

@Resolver(() => IntegrationReference)
export class IntegrationCreditsResolver {
  constructor(private readonly credits: IntegrationCreditsRepository) {}

  /** Batched per request and scoped to the caller's tenant: another tenant's integration has none. */
  @FieldResolver(() => IntegrationCredits, {
    nullable: true,
    description: "The integration's Zoho credits as sync last saw them; null until sync has worked it",
  })
  syncCredits(@Root() integration: IntegrationReference, @Ctx() context: SubgraphContext): Promise<IntegrationCredits | null> {
    return context.loaders
      .loader<string, IntegrationCreditsEntity | null>('integration-credits', async (ids) =>
        alignRowsToKeys(ids, await this.credits.ofIntegrations(context.caller.tenantId, ids), (row) => row.integrationId),
      )
      .load(integration.id)
      .then((row) => row && creditsOf(row));
  }
}

function creditsOf(row: IntegrationCreditsEntity): IntegrationCredits {
  return {
    allowance: row.allowance,
    budget: row.budget,
    used: row.orgUsed,
    remaining: Math.max(0, row.budget - row.orgUsed),
    spentLastDay: row.spentLastDay,
    forecastNextDay: row.forecastNextDay,
    level: row.level,
    reason: row.reason,
    observedAt: row.observedAt,
  };
}
