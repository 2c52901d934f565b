import { ArgsType, Field, ID, Int } from 'type-graphql';
import { MAX_PAGE_SIZE } from '@crm-bridge/subgraph';

/** `first`/`after` plus the integration filter every portal-record list takes. */
@ArgsType()
export class ListPortalRecordsArgs {
  @Field(() => Int, { defaultValue: 20, description: `Page size, 1 to ${MAX_PAGE_SIZE}` })
  first: number;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge of the previous page' })
  after?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only records of this integration' })
  integrationId?: string | null;
}
