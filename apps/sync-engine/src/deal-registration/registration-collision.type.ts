import { Field, Float, ID, ObjectType } from 'type-graphql';
import { RegistrationCollisionStatusEnum, type RegistrationCollisionStatus } from '@crm-bridge/contracts';
import { ConnectionType } from '@crm-bridge/subgraph';
import { IntegrationReference, type WithIntegration } from '../integration-reference/integration.type';
import type { RegistrationCollisionEntity } from './registration-collision.entity';

@ObjectType({
  description:
    'A deal registered for the same account as another partner’s deal shortly before, with a similar name: held (not written to Zoho) until a tenant admin approves, merges or rejects it',
})
export class RegistrationCollision {
  @Field(() => ID)
  id: string;

  @Field(() => IntegrationReference)
  integration: IntegrationReference;

  @Field(() => RegistrationCollisionStatusEnum)
  status: RegistrationCollisionStatus;

  @Field(() => Float, { description: 'How alike the two deal names are, 0..1 (Sørensen–Dice over bigrams of the normalised names)' })
  similarity: number;

  @Field(() => ID, { description: 'The later, held deal' })
  heldDealId: string;

  @Field(() => String, { description: 'The held deal’s name when it was held' })
  heldDealName: string;

  @Field(() => ID, { description: 'The earlier deal it collides with' })
  firstDealId: string;

  @Field(() => Date, { description: 'When the deal was held' })
  createdAt: Date;

  @Field(() => String, { nullable: true, description: 'The user id of the tenant admin who decided, once decided' })
  decidedBy: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why, as the admin wrote it' })
  reason: string | null;
}

export const RegistrationCollisionConnection = ConnectionType(RegistrationCollision);

/** What resolvers return for a collision row. */
export type RegistrationCollisionNode = WithIntegration<RegistrationCollisionEntity>;
