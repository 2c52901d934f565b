import type { ReferenceResolver } from '@crm-bridge/subgraph';
import type { MappingVersionService } from './mapping-version.service';
import { mappingVersionLoader } from './mapping-version.loader';

/** `MappingVersion` entity references from other subgraphs, batched per request and scoped to the tenant. */
export function mappingVersionReferenceResolver(versions: MappingVersionService): ReferenceResolver {
  return (reference, context) => mappingVersionLoader(context, versions).load(String(reference['id']));
}
