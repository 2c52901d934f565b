import type { ReferenceResolver } from '@crm-bridge/subgraph';
import type { ZohoConnectionService } from './zoho-connection.service';
import { zohoConnectionLoader } from './zoho-connection.loader';

/** `ZohoConnection` entity references from other subgraphs, batched per request and scoped to the tenant. */
export function zohoConnectionReferenceResolver(connections: ZohoConnectionService): ReferenceResolver {
  return (reference, context) => zohoConnectionLoader(context, connections).load(String(reference['id']));
}
