import type { ReferenceResolver } from '@crm-bridge/subgraph';
import type { IntegrationService } from './integration.service';
import { integrationLoader } from './integration.loader';

/** `Integration` entity references from other subgraphs, batched per request and scoped to the tenant. */
export function integrationReferenceResolver(integrations: IntegrationService): ReferenceResolver {
  return (reference, context) => integrationLoader(context, integrations).load(String(reference['id']));
}
