import { Field, ID, InputType } from 'type-graphql';
import { DealCustomFieldInput } from './deal-custom-field.input';

@InputType({ description: 'A new portal deal; it is PENDING until sync writes it to Zoho' })
export class CreateDealInput {
  @Field(() => ID, { description: 'The integration the deal syncs through' })
  integrationId: string;

  @Field(() => String)
  name: string;

  @Field(() => String, { description: "One of the phases of the integration's portal deal schema" })
  phase: string;

  @Field(() => String, { nullable: true })
  pipeline?: string | null;

  @Field(() => String, { nullable: true, description: 'A decimal string, e.g. "1250.00" (at most 2 decimals)' })
  amount?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 code, e.g. "EUR"' })
  currencyCode?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  closingDate?: string | null;

  @Field(() => String, { nullable: true, description: "Portal id of the deal's account" })
  accountId?: string | null;

  @Field(() => String, { nullable: true, description: "Portal id of the deal's partner" })
  partnerId?: string | null;

  @Field(() => String, { nullable: true, description: "Portal id of the deal's owner" })
  ownerId?: string | null;

  @Field(() => [DealCustomFieldInput], { nullable: true, description: 'Custom fields the schema declares, each of its type' })
  customFields?: DealCustomFieldInput[] | null;
}
