import { alignRowsToKeys, type SubgraphContext } from '@crm-bridge/subgraph';
import type { PortalRecordEntity } from './portal-record.entity';
import type { PortalRecordKind } from './portal-record.kind';
import type { PortalRecordService } from './portal-record.service';
import type { PortalRecordNode } from './portal-record.type';

/**
 * The request's batched lookup by id of one kind: `deal(id)`, `_entities` and `Contact.account`
 * share it, so one request tick costs one query per kind. Scoped to the caller's tenant.
 */
export function portalRecordLoader<TEntity extends PortalRecordEntity>(
  context: SubgraphContext,
  records: PortalRecordService,
  kind: PortalRecordKind<TEntity>,
) {
  return context.loaders.loader<string, PortalRecordNode<TEntity> | null>(`${kind.type.name}-by-id`, async (ids) =>
    alignRowsToKeys(ids, await records.byIds(kind, context.caller.tenantId, ids), (record) => record.id),
  );
}
