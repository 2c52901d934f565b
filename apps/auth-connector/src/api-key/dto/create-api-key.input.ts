import { Field, InputType } from 'type-graphql';
import { ApiKeyRightEnum, type ApiKeyRight } from '@crm-bridge/contracts';

@InputType({ description: "A partner system's key for this tenant" })
export class CreateApiKeyInput {
  @Field(() => String, { description: 'What the key is for, e.g. the partner system; 1 to 100 characters' })
  name: string;

  @Field(() => [ApiKeyRightEnum], { description: 'At least one; READ runs queries, SUBSCRIBE opens subscriptions' })
  rights: ApiKeyRight[];
}
