import { ArgsType, Field } from 'type-graphql';
import { IntegrationPageArgs } from '@crm-bridge/subgraph';

/** The arguments of every portal record list (`deals`, `contacts`, …); a kind may extend them with its own filters. */
@ArgsType()
export class PortalRecordListArgs extends IntegrationPageArgs {
  @Field(() => Date, { nullable: true, description: 'Only records created or changed at or after this instant' })
  modifiedSince?: Date | null;

  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Newest first instead of oldest first (by creation); keep it the same across the pages of one list',
  })
  newestFirst: boolean;
}
