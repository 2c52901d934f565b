import { Field, ID, InputType } from 'type-graphql';
import { RegistrationDecisionEnum, type RegistrationDecision } from '@crm-bridge/contracts';

@InputType({ description: 'A tenant admin’s decision about a held deal registration' })
export class DecideRegistrationCollisionInput {
  @Field(() => ID)
  collisionId: string;

  @Field(() => RegistrationDecisionEnum)
  decision: RegistrationDecision;

  @Field(() => String, { nullable: true, description: 'Why, kept with the decision (at most 1000 characters)' })
  reason?: string | null;
}
