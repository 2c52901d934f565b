import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The `Integration` entity is owned by mapping-config; sync-engine only refers to it by id so
 * the gateway can fetch its fields there (`resolvable: false`: this subgraph cannot resolve it).
 */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Integration')
export class IntegrationReference {
  @Field(() => ID)
  id: string;
}

/** A row of an integration as resolvers return it: its `integrationId` also as the `integration` field. */
export type WithIntegration<TRow extends { integrationId: string }> = TRow & { integration: IntegrationReference };

/**
 * Rows are returned as they are, their columns named like the GraphQL fields; only the
 * integration becomes a reference. Columns no GraphQL field names are never exposed.
 */
export function withIntegration<TRow extends { integrationId: string }>(row: TRow): WithIntegration<TRow> {
  return { ...row, integration: { id: row.integrationId } };
}
