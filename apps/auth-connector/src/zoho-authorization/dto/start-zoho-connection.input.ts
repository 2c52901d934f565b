import { Field, InputType } from 'type-graphql';
import { ZohoDataCentreEnum, type ZohoDataCentre } from '@crm-bridge/contracts';
import { ZohoConnectionSettingsFields } from '../../zoho-connection/dto/zoho-connection-settings-fields.input';

@InputType({ description: "Starts Zoho's consent flow; without a client, the deployment's configured Zoho client is used" })
export class StartZohoConnectionInput extends ZohoConnectionSettingsFields {
  @Field(() => ZohoDataCentreEnum, {
    description: "The data centre whose sign-in page to open; Zoho's answer wins if the org lives elsewhere",
  })
  dataCentre: ZohoDataCentre;

  @Field(() => String, { nullable: true, description: 'Your own Zoho client (Server-based Application), registered with our callback URL' })
  clientId?: string | null;

  @Field(() => String, { nullable: true, description: 'Required with clientId; kept encrypted until the callback, never returned' })
  clientSecret?: string | null;
}
