import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: "Turns an integration's sync debug mode on for some hours, or off" })
export class SetSyncDebugModeInput {
  @Field(() => ID)
  integrationId: string;

  @Field(() => Boolean, { description: 'On (for `hours`) or off (now; its entries are deleted)' })
  enabled: boolean;

  @Field(() => Int, { nullable: true, description: 'How long it stays on, 1 to 24 hours, counted from now; required to turn it on' })
  hours?: number | null;
}
