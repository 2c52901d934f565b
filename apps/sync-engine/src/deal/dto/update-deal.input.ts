import { Field, ID, InputType } from 'type-graphql';
import { DealCustomFieldInput } from './deal-custom-field.input';

@InputType({ description: 'Changes to a portal deal: a field left out keeps its value, null clears an optional one' })
export class UpdateDealInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true, description: 'Cannot be cleared' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: "One of the phases of the integration's portal deal schema; cannot be cleared" })
  phase?: string | null;

  @Field(() => String, { nullable: true })
  pipeline?: string | null;

  @Field(() => String, { nullable: true, description: 'A decimal string, e.g. "1250.00" (at most 2 decimals)' })
  amount?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 code, e.g. "EUR"' })
  currencyCode?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  closingDate?: string | null;

  @Field(() => String, { nullable: true })
  accountId?: string | null;

  @Field(() => String, { nullable: true })
  partnerId?: string | null;

  @Field(() => String, { nullable: true })
  ownerId?: string | null;

  @Field(() => [DealCustomFieldInput], {
    nullable: true,
    description: 'Custom fields to set (others keep their values); a null value clears that field',
  })
  customFields?: DealCustomFieldInput[] | null;
}
