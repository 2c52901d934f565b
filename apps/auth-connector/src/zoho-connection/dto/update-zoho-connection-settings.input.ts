import { Field, ID, InputType } from 'type-graphql';
import { ZohoConnectionSettingsFields } from './zoho-connection-settings-fields.input';

@InputType({ description: 'Changed settings of a Zoho connection; fields left out keep their value' })
export class UpdateZohoConnectionSettingsInput extends ZohoConnectionSettingsFields {
  @Field(() => ID)
  connectionId: string;
}
