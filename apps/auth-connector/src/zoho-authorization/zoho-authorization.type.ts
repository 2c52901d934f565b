import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Where to send the user to sign in at Zoho and grant access' })
export class ZohoAuthorizationStart {
  @Field(() => String, { description: "Zoho's consent page, with a single-use state bound to this tenant and user" })
  authorizationUrl: string;

  @Field(() => Date, { description: 'The consent must come back before this; start again afterwards' })
  expiresAt: Date;
}
