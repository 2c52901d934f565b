import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'A portal deal to delete; sync deletes its Zoho deal' })
export class DeleteDealInput {
  @Field(() => ID)
  id: string;
}
