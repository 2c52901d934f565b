import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '@crm-bridge/subgraph';
import {
  ZohoApiVersionEnum,
  ZohoDataCentreEnum,
  ZohoReadStrategyEnum,
  type ZohoApiVersion,
  type ZohoDataCentre,
  type ZohoReadStrategy,
} from '@crm-bridge/contracts';
import { ZohoConnectionStatus } from './zoho-connection.enums';

registerEnumType(ZohoConnectionStatus, {
  name: 'ZohoConnectionStatus',
  valuesConfig: {
    CONNECTED: { description: 'A refresh token is stored and the last refresh, if any, succeeded' },
    REFRESH_FAILED: { description: 'The last token refresh failed for a reason that may pass (Zoho unreachable); see lastErrorCode' },
    NEEDS_REAUTH: { description: 'Zoho refused the refresh token for good (revoked, client deleted): connect again; see statusReason' },
    DISCONNECTED: { description: 'No usable refresh token: never connected, revoked, or disconnected by a user' },
  },
});

/** A tenant's connection to a Zoho CRM org. Tokens are deliberately not part of this type. */
@Directive('@key(fields: "id")')
@ObjectType({ description: "A tenant's OAuth connection to one Zoho CRM org" })
export class ZohoConnection {
  @Field(() => ID)
  id: string;

  @Field(() => ZohoDataCentreEnum)
  dataCentre: ZohoDataCentre;

  @Field(() => String, { description: 'Base URL of the org\'s CRM API, e.g. "https://www.zohoapis.eu"' })
  apiDomain: string;

  @Field(() => String, { description: 'OAuth server of the data centre, e.g. "https://accounts.zoho.eu"' })
  accountsServer: string;

  @Field(() => String, { nullable: true, description: 'Zoho org id; null until the OAuth exchange completes' })
  zohoOrgId: string | null;

  @Field(() => String, { nullable: true })
  zohoOrgName: string | null;

  @Field(() => String, { nullable: true, description: 'The org\'s IANA time zone, e.g. "Europe/Berlin"' })
  zohoOrgTimeZone: string | null;

  @Field(() => String, { nullable: true, description: "The org's home currency, ISO 4217" })
  zohoOrgCurrency: string | null;

  @Field(() => String, { nullable: true, description: 'Zoho CRM edition, e.g. "enterprise"' })
  zohoOrgEdition: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "User licences the org bought; with the edition it sets the org's daily Zoho API credits. Null when Zoho did not say",
  })
  zohoOrgUserLicences: number | null;

  @Field(() => String, { nullable: true, description: 'Zoho user id of the user who granted access' })
  zohoUserId: string | null;

  @Field(() => String, { nullable: true })
  zohoUserEmail: string | null;

  @Field(() => String, { nullable: true, description: 'Portal user who connected the org' })
  connectedByUserId: string | null;

  @Field(() => String, { nullable: true, description: 'OAuth client id the tokens were issued to' })
  clientId: string | null;

  @Field(() => [String], { description: 'OAuth scopes Zoho granted' })
  grantedScopes: string[];

  @Field(() => ZohoConnectionStatus)
  status: ZohoConnectionStatus;

  @Field(() => Date, { nullable: true })
  connectedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When an access token was last obtained' })
  lastRefreshedAt: Date | null;

  @Field(() => String, { nullable: true, description: "Zoho's error code of the last failed token refresh" })
  lastErrorCode: string | null;

  @Field(() => String, { nullable: true, description: 'Why the connection is in its status, e.g. why it needs a new consent' })
  statusReason: string | null;

  @Field(() => ZohoApiVersionEnum, { description: 'The Zoho API version calls for this connection use' })
  apiVersion: ZohoApiVersion;

  @Field(() => ZohoReadStrategyEnum, { description: 'How sync reads records from this org' })
  readStrategy: ZohoReadStrategy;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;
}

export const ZohoConnectionConnection = ConnectionType(ZohoConnection);
