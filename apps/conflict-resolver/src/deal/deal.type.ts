import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * sync-engine owns the `Deal` entity; this subgraph declares only its key and contributes
 * `openConflicts` (in {@link DealConflictsResolver}), which the gateway joins onto the deal.
 */
@Directive('@key(fields: "id")')
@ObjectType('Deal')
export class Deal {
  @Field(() => ID)
  id: string;
}
