import { Field, InputType } from 'type-graphql';
import { ZohoDataCentreEnum, type ZohoDataCentre } from '@crm-bridge/contracts';
import { ZohoConnectionSettingsFields } from './zoho-connection-settings-fields.input';

@InputType({
  description:
    'A self-client grant code from the Zoho API console (api-console.zoho.com → Self Client → Generate Code), with the client it belongs to',
})
export class ConnectZohoWithGrantCodeInput extends ZohoConnectionSettingsFields {
  @Field(() => ZohoDataCentreEnum, { description: 'Where the org lives: the API console of this data centre issued the code' })
  dataCentre: ZohoDataCentre;

  @Field(() => String)
  clientId: string;

  @Field(() => String, { description: 'Stored encrypted; needed for every token refresh. Never returned.' })
  clientSecret: string;

  @Field(() => String, { description: 'The grant code; Zoho lets it be used once, within the minutes chosen when it was generated' })
  code: string;
}
