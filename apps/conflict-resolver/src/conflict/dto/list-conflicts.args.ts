import { ArgsType, Field, ID } from 'type-graphql';
import { IntegrationPageArgs } from '@crm-bridge/subgraph';
import { RecordModuleEnum, type RecordModule } from '@crm-bridge/contracts';
import { ConflictStatus } from '../conflict.enums';

/** The conflict list's filters on top of `first`/`after` (the review queue is `status: OPEN`). */
@ArgsType()
export class ListConflictsArgs extends IntegrationPageArgs {
  @Field(() => ConflictStatus, { nullable: true, description: 'Only conflicts in this status' })
  status?: ConflictStatus | null;

  @Field(() => RecordModuleEnum, { nullable: true, description: 'Only conflicts of records of this module' })
  module?: RecordModule | null;

  @Field(() => ID, { nullable: true, description: 'Only conflicts of this portal record, e.g. a Deal id' })
  portalRecordId?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Only conflicts first detected before this instant: the age filter, e.g. "open for more than a day"',
  })
  openedBefore?: Date | null;
}
