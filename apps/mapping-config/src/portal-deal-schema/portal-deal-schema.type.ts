import { Field, Int, ObjectType } from 'type-graphql';
import { DealOutcomeEnum, PortalFieldTypeEnum, type DealOutcome, type PortalFieldType } from '@crm-bridge/contracts';

@ObjectType({ description: "A phase of the portal's deal pipeline" })
export class PortalDealPhase {
  @Field(() => String)
  name: string;

  @Field(() => DealOutcomeEnum)
  outcome: DealOutcome;
}

@ObjectType({ description: 'A field of portal deals: a standard one every portal has, or a custom one of the tenant' })
export class PortalDealField {
  @Field(() => String, { description: 'The name mappings and sync use, e.g. closingDate' })
  apiName: string;

  @Field(() => String)
  label: string;

  @Field(() => PortalFieldTypeEnum)
  type: PortalFieldType;

  @Field(() => Boolean, { description: "True for the fields every portal has; false for the tenant's custom fields" })
  standard: boolean;

  @Field(() => [String], { description: "A picklist's options (the phase field's are the phases); empty for other types" })
  options: string[];
}

@ObjectType({ description: "The portal side of the tenant's deals: its phases and its deal fields" })
export class PortalDealSchema {
  @Field(() => [PortalDealPhase], { description: 'In the order deals move through them; empty until set' })
  phases: PortalDealPhase[];

  @Field(() => [PortalDealField], { description: 'The standard fields, then the custom ones' })
  fields: PortalDealField[];

  @Field(() => Int, { description: 'Grows by one with every change; 0 until the first' })
  revision: number;

  @Field(() => Date, { nullable: true, description: 'When it last changed; null until the first change' })
  updatedAt: Date | null;
}
