import { ArgsType, Field, ID } from 'type-graphql';
import { PageArgs } from '@crm-bridge/subgraph';
import { ConflictStatus } from '../conflict.enums';

/** The conflict list's filters on top of `first`/`after` (the review queue is `status: OPEN`). */
@ArgsType()
export class ListConflictsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only conflicts of this integration' })
  integrationId?: string | null;

  @Field(() => ConflictStatus, { nullable: true, description: 'Only conflicts in this status' })
  status?: ConflictStatus | null;
}
