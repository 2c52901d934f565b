import { ArgsType, Field } from 'type-graphql';
import { IntegrationPageArgs } from '@crm-bridge/subgraph';
import { ConflictStatus } from '../conflict.enums';

/** The conflict list's filters on top of `first`/`after` (the review queue is `status: OPEN`). */
@ArgsType()
export class ListConflictsArgs extends IntegrationPageArgs {
  @Field(() => ConflictStatus, { nullable: true, description: 'Only conflicts in this status' })
  status?: ConflictStatus | null;
}
