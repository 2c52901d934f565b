import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { ConnectionType } from '@crm-bridge/subgraph';
import { IntegrationReference } from '../integration-reference/integration.type';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A portal deal, kept in sync with a Zoho CRM deal' })
export class Deal {
  @Field(() => ID)
  id: string;

  @Field(() => IntegrationReference)
  integration: IntegrationReference;

  @Field(() => String, { nullable: true, description: 'Id of the linked Zoho Deals record, once synced' })
  zohoId: string | null;

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

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;
}

export const DealConnection = ConnectionType(Deal);
