import { ArgsType, Field } from 'type-graphql';
import { RegistrationCollisionStatusEnum, type RegistrationCollisionStatus } from '@crm-bridge/contracts';
import { IntegrationPageArgs } from '@crm-bridge/subgraph';

@ArgsType()
export class ListRegistrationCollisionsArgs extends IntegrationPageArgs {
  @Field(() => RegistrationCollisionStatusEnum, { nullable: true, description: 'Only collisions in this status, e.g. HELD' })
  status?: RegistrationCollisionStatus | null;
}
