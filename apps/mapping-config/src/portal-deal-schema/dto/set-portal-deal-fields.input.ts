import { Field, InputType } from 'type-graphql';
import { PortalFieldTypeEnum, type PortalFieldType } from '@crm-bridge/contracts';

@InputType()
export class PortalCustomDealFieldInput {
  @Field(() => String, {
    description: "A lower-case letter, then letters, digits or _ (at most 64); unique ignoring case and not a standard field's",
  })
  apiName: string;

  @Field(() => String)
  label: string;

  @Field(() => PortalFieldTypeEnum, { description: 'Any type but LOOKUP' })
  type: PortalFieldType;

  @Field(() => [String], { nullable: true, description: "A PICKLIST's options, unique; none for other types" })
  options?: string[] | null;
}

@InputType({ description: "The tenant's custom deal fields, replacing the current ones (standard fields are fixed)" })
export class SetPortalDealFieldsInput {
  @Field(() => [PortalCustomDealFieldInput])
  customFields: PortalCustomDealFieldInput[];
}
