import { definePortalRecordKind } from '../portal-record/portal-record.kind';
import { DealEntity } from './deal.entity';
import { Deal, DealConnection } from './deal.type';
import { ListDealsArgs } from './dto/list-deals.args';

export const dealKind = definePortalRecordKind({
  entity: DealEntity,
  type: Deal,
  connection: DealConnection,
  listQuery: 'deals',
  byIdQuery: 'deal',
  listArgs: ListDealsArgs,
  listFilter: (args: ListDealsArgs) => ({
    phase: args.phase ?? undefined,
    pipeline: args.pipeline ?? undefined,
    partnerId: args.partnerId ?? undefined,
    syncStatus: args.syncStatus ?? undefined,
  }),
});
