import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The `Integration` entity is owned by mapping-config; sync-engine refers to it by id and adds
 * the fields only it knows (e.g. `syncCredits`), resolved for the caller's tenant by id.
 */
@Directive('@key(fields: "id")')
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
