import { ArgsType, Field, ID } from 'type-graphql';
import { IntegrationPageArgs } from '@crm-bridge/subgraph';
import { RecordModuleEnum, SyncDirectionEnum, type RecordModule, type SyncDirection } from '@crm-bridge/contracts';

@ArgsType()
export class ListSyncIssuesArgs extends IntegrationPageArgs {
  @Field(() => RecordModuleEnum, { nullable: true, description: 'Only issues of records of this module' })
  module?: RecordModule | null;

  @Field(() => SyncDirectionEnum, { nullable: true, description: 'Only issues of syncs this way' })
  direction?: SyncDirection | null;

  @Field(() => String, { nullable: true, description: 'Only issues with this Zoho error code, e.g. MANDATORY_NOT_FOUND' })
  zohoErrorCode?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only issues of this portal record' })
  portalRecordId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only issues of this Zoho record' })
  zohoRecordId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Only issues recorded at or after this instant' })
  since?: Date | null;

  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Newest first instead of oldest first; keep it the same across the pages of one list',
  })
  newestFirst: boolean;
}
