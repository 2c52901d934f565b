import { Field, ID, InputType } from 'type-graphql';

/** Which deal updates a subscriber wants; every field given must match, none given means all. */
@InputType({ description: 'Narrows dealUpdated to deals with these values after the change (before it, for a deletion)' })
export class DealUpdateFilter {
  @Field(() => String, { nullable: true, description: 'Portal pipeline' })
  pipeline?: string | null;

  @Field(() => String, { nullable: true, description: 'Portal phase; a deal moving out of it no longer matches' })
  phase?: string | null;

  @Field(() => String, { nullable: true, description: "Portal id of the deal's partner" })
  partnerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The integration the deal belongs to' })
  integrationId?: string | null;
}
