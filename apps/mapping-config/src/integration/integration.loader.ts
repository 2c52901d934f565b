import { alignRowsToKeys, type SubgraphContext } from '@crm-bridge/subgraph';
import type { IntegrationService } from './integration.service';
import type { Integration } from './integration.type';

/** The request's batched integration lookup by id: one query per request tick, tenant-scoped. */
export function integrationLoader(context: SubgraphContext, integrations: IntegrationService) {
  return context.loaders.loader<string, Integration | null>('integration-by-id', async (ids) =>
    alignRowsToKeys(ids, await integrations.byIds(context.caller.tenantId, ids), (integration) => integration.id),
  );
}
