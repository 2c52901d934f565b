import { Field, ID, ObjectType } from 'type-graphql';
import { IntegrationReference } from '../integration-reference/integration.type';
import type { PortalRecordEntity } from './portal-record.entity';

/**
 * Fields every portal record type inherits. No query returns this class itself, so it never
 * appears in the schema; `Deal`, `Contact`, `Lead` and `Account` extend it.
 */
@ObjectType()
export abstract class PortalRecord {
  @Field(() => ID)
  id: string;

  @Field(() => IntegrationReference)
  integration: IntegrationReference;

  @Field(() => String, { nullable: true, description: 'Id of the linked Zoho CRM record, once synced' })
  zohoId: string | null;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;
}

/**
 * What resolvers return for a row: the row itself, with its integration as a reference. Its
 * columns are named like the GraphQL fields (checked by `definePortalRecordKind`), so there is
 * no per-kind mapping to keep in step; columns no GraphQL field names are never exposed.
 */
export type PortalRecordNode<TEntity extends PortalRecordEntity> = TEntity & { integration: IntegrationReference };

export function toPortalRecordNode<TEntity extends PortalRecordEntity>(row: TEntity): PortalRecordNode<TEntity> {
  return { ...row, integration: { id: row.integrationId } };
}
