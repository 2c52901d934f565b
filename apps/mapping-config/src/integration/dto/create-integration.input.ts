import { Field, ID, InputType } from 'type-graphql';
import { IntegrationSettingsFields } from './integration-settings-fields.input';

@InputType({ description: "A new integration of one of the tenant's Zoho connections (one per connection)" })
export class CreateIntegrationInput extends IntegrationSettingsFields {
  @Field(() => ID, { description: 'The ZohoConnection to sync through' })
  connectionId: string;

  @Field(() => String, { description: 'A name for people, 1 to 100 characters' })
  name: string;
}
