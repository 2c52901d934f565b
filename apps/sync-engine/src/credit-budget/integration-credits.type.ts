import { Field, Int, ObjectType } from 'type-graphql';
import { CreditThrottleLevelEnum, type CreditThrottleLevel } from '@crm-bridge/contracts';

@ObjectType({
  description: "An integration's Zoho API credits: its org's rolling day, its own spend and forecast, and how far it slowed down",
})
export class IntegrationCredits {
  @Field(() => Int, { description: "Credits the Zoho org gets per rolling 24 hours (its edition's allowance)" })
  allowance: number;

  @Field(() => Int, { description: 'The share of the allowance sync may spend; the rest is left to people and other apps' })
  budget: number;

  @Field(() => Int, { description: 'Credits the org used over the last 24 hours, as last seen' })
  used: number;

  @Field(() => Int, { description: 'Budgeted credits left' })
  remaining: number;

  @Field(() => Int, { description: 'Credits this integration spent over the last 24 hours' })
  spentLastDay: number;

  @Field(() => Int, { description: 'Credits the next 24 hours will take at the current pace' })
  forecastNextDay: number;

  @Field(() => CreditThrottleLevelEnum)
  level: CreditThrottleLevel;

  @Field(() => String, { nullable: true, description: 'Why the integration slowed down; null at NORMAL' })
  reason: string | null;

  @Field(() => Date, { nullable: true, description: 'When sync last worked the integration' })
  observedAt: Date | null;
}
