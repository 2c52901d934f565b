import { Field, InputType } from 'type-graphql';

@InputType({ description: "A value for one of the tenant's custom deal fields" })
export class DealCustomFieldInput {
  @Field(() => String, { description: "The field's API name in the portal deal schema" })
  apiName: string;

  @Field(() => String, {
    nullable: true,
    description: 'The value in its text form ("42", "true", "2026-03-31", "A;B" for a multi-picklist); null clears it',
  })
  value?: string | null;
}
