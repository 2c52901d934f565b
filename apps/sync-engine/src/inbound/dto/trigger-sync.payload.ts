import { Field, ObjectType } from 'type-graphql';
import { SyncRun, type SyncRunNode } from '../../sync-run/sync-run.type';

@ObjectType({ description: 'The manual sync a triggerSync asked for' })
export class TriggerSyncPayload {
  @Field(() => SyncRun, { description: 'The run: RUNNING from the moment it is asked for; follow its counts and estimatedTotal' })
  syncRun: SyncRunNode;

  @Field(() => Boolean, {
    description: 'False when a full sync of the integration was already running: syncRun is that one, and no second starts',
  })
  started: boolean;
}
