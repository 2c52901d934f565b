import { ArgsType, Field } from 'type-graphql';
import { RecordSyncStatusEnum, type RecordSyncStatus } from '@crm-bridge/contracts';
import { PortalRecordListArgs } from '../../portal-record/portal-record-list.args';

@ArgsType()
export class ListDealsArgs extends PortalRecordListArgs {
  @Field(() => String, { nullable: true, description: 'Only deals in this portal phase' })
  phase?: string | null;

  @Field(() => String, { nullable: true, description: 'Only deals in this portal pipeline' })
  pipeline?: string | null;

  @Field(() => String, { nullable: true, description: 'Only deals of this partner (portal id)' })
  partnerId?: string | null;

  @Field(() => RecordSyncStatusEnum, { nullable: true, description: 'Only deals with this sync status' })
  syncStatus?: RecordSyncStatus | null;
}
