import { Field, ID, ObjectType } from 'type-graphql';
import { IntegrationReference, type WithIntegration } from '../integration-reference/integration.type';
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

/** What resolvers return for a portal record row (its columns are checked against the type by `definePortalRecordKind`). */
export type PortalRecordNode<TEntity extends PortalRecordEntity> = WithIntegration<TEntity>;
