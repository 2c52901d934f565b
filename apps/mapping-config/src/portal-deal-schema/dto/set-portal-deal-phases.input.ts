import { Field, InputType } from 'type-graphql';
import { DealOutcomeEnum, type DealOutcome } from '@crm-bridge/contracts';

@InputType()
export class PortalDealPhaseInput {
  @Field(() => String, { description: 'Unique, ignoring case; 1 to 100 characters' })
  name: string;

  @Field(() => DealOutcomeEnum)
  outcome: DealOutcome;
}

@InputType({ description: "The tenant's deal phases, replacing the current ones" })
export class SetPortalDealPhasesInput {
  @Field(() => [PortalDealPhaseInput], { description: 'In order; exactly one WON and at least one LOST' })
  phases: PortalDealPhaseInput[];
}
