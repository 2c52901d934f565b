import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The `Integration` entity is owned by mapping-config; conflict-resolver only refers to it by id
 * so the gateway can fetch its fields there (`resolvable: false`: this subgraph cannot resolve it).
 */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Integration')
export class IntegrationReference {
  @Field(() => ID)
  id: string;
}
