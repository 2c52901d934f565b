import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ZohoConnection } from './zoho-connection.type';

export enum ZohoConnectionTestStatus {
  OK = 'OK',
  FAILED = 'FAILED',
}

registerEnumType(ZohoConnectionTestStatus, {
  name: 'ZohoConnectionTestStatus',
  valuesConfig: {
    OK: { description: 'Zoho answered the call with the stored grant' },
    FAILED: { description: 'The call failed; see errorCode and message' },
  },
});

@ObjectType({ description: 'The outcome of one cheap real call to Zoho (GET /crm/v8/org) with a stored connection' })
export class ZohoConnectionTest {
  @Field(() => ZohoConnectionTestStatus)
  status: ZohoConnectionTestStatus;

  @Field(() => Int, { description: 'Time the call took, token refresh included, in milliseconds' })
  latencyMs: number;

  @Field(() => String, { nullable: true, description: 'The org\'s Zoho CRM edition, e.g. "enterprise"' })
  edition: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "API credits left today when Zoho says (its X-API-CREDITS-REMAINING header, sent once half the day's credits are used)",
  })
  apiCreditsRemaining: number | null;

  @Field(() => String, { nullable: true, description: "Zoho's or our error code when the call failed" })
  errorCode: string | null;

  @Field(() => String, { nullable: true })
  message: string | null;

  @Field(() => ZohoConnection, { description: 'The connection after the test (a failed refresh changes its status)' })
  connection: ZohoConnection;
}
