import { ArgsType, Field, ID, Int } from 'type-graphql';
import { MAX_PAGE_SIZE } from '@crm-bridge/subgraph';
import { ConflictStatus } from '../conflict.enums';

/** `first`/`after` plus the filters of the conflict list (the review queue is `status: OPEN`). */
@ArgsType()
export class ListConflictsArgs {
  @Field(() => Int, { defaultValue: 20, description: `Page size, 1 to ${MAX_PAGE_SIZE}` })
  first: number;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge of the previous page' })
  after?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only conflicts of this integration' })
  integrationId?: string | null;

  @Field(() => ConflictStatus, { nullable: true, description: 'Only conflicts in this status' })
  status?: ConflictStatus | null;
}
