import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The `ZohoConnection` entity is owned by auth-connector; mapping-config only refers to it by id
 * so the gateway can fetch its fields there (`resolvable: false`: this subgraph cannot resolve it).
 */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('ZohoConnection')
export class ZohoConnectionReference {
  @Field(() => ID)
  id: string;
}
