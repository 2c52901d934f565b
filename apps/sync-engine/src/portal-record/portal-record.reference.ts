import type { ReferenceResolver } from '@crm-bridge/subgraph';
import type { PortalRecordKind } from './portal-record.kind';
import type { PortalRecordService } from './portal-record.service';
import { portalRecordLoader } from './portal-record.loader';

/**
 * `_entities` resolvers for these kinds, by GraphQL type name: batched per request (the gateway
 * does not deduplicate representations) and scoped to the caller's tenant.
 */
export function portalRecordReferenceResolvers(
  records: PortalRecordService,
  kinds: readonly PortalRecordKind[],
): Record<string, ReferenceResolver> {
  return Object.fromEntries(
    kinds.map((kind): [string, ReferenceResolver] => [
      kind.type.name,
      (reference, context) => portalRecordLoader(context, records, kind).load(String(reference['id'])),
    ]),
  );
}
