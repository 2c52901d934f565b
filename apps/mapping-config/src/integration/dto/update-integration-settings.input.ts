import { Field, ID, InputType } from 'type-graphql';
import { IntegrationSettingsFields } from './integration-settings-fields.input';

@InputType({ description: 'Changed settings of an integration; fields left out keep their value' })
export class UpdateIntegrationSettingsInput extends IntegrationSettingsFields {
  @Field(() => ID)
  integrationId: string;

  @Field(() => String, { nullable: true })
  name?: string | null;
}
