import { ArgsType, Field, Int } from 'type-graphql';
import { MAX_PAGE_SIZE } from '@crm-bridge/subgraph';

/** `first`/`after` of every Relay connection this subgraph serves. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: `Page size, 1 to ${MAX_PAGE_SIZE}` })
  first: number;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge of the previous page' })
  after?: string | null;
}
