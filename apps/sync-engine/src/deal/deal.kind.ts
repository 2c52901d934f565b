import { definePortalRecordKind } from '../portal-record/portal-record.kind';
import { DealEntity } from './deal.entity';
import { Deal, DealConnection } from './deal.type';

export const dealKind = definePortalRecordKind({
  entity: DealEntity,
  type: Deal,
  connection: DealConnection,
  listQuery: 'deals',
  byIdQuery: 'deal',
});
