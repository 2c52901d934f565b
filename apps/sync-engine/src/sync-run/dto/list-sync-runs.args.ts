import { ArgsType, Field } from 'type-graphql';
import { IntegrationPageArgs } from '@crm-bridge/subgraph';
import { SyncRunStatus, SyncRunTrigger } from '../sync-run.enums';

@ArgsType()
export class ListSyncRunsArgs extends IntegrationPageArgs {
  @Field(() => SyncRunStatus, { nullable: true, description: 'Only runs in this status, e.g. FAILED' })
  status?: SyncRunStatus | null;

  @Field(() => SyncRunTrigger, { nullable: true, description: 'Only runs started this way' })
  trigger?: SyncRunTrigger | null;

  @Field(() => Date, { nullable: true, description: 'Only runs started at or after this instant' })
  startedSince?: Date | null;

  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Newest first instead of oldest first; keep it the same across the pages of one list',
  })
  newestFirst: boolean;
}
