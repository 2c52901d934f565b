import { Directive, Field, ObjectType } from 'type-graphql';
import { ConnectionType } from '@crm-bridge/subgraph';
import { PortalRecord } from '../portal-record/portal-record.type';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A portal deal, kept in sync with a Zoho CRM deal' })
export class Deal extends PortalRecord {
  @Field(() => String)
  name: string;

  @Field(() => String, { description: 'Portal phase (mapped to a Zoho stage by the integration)' })
  phase: string;

  @Field(() => String, { nullable: true, description: 'Exact decimal amount, e.g. "1250.00"' })
  amount: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 currency code' })
  currencyCode: string | null;

  @Field(() => String, { nullable: true, description: 'Calendar date, YYYY-MM-DD' })
  closingDate: string | null;
}

export const DealConnection = ConnectionType(Deal);
