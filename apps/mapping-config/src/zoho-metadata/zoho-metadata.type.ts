import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DealOutcomeEnum, type DealOutcome } from '@crm-bridge/contracts';

@ObjectType({ description: 'A module of the Zoho org (`/settings/modules`)' })
export class ZohoModule {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: 'e.g. Deals' })
  apiName: string;

  @Field(() => String, { nullable: true, description: "Zoho's generated_type: default (standard) or custom" })
  generatedType: string | null;

  @Field(() => Boolean, { description: 'Whether the module can be read and written through the API' })
  apiSupported: boolean;
}

@ObjectType({ description: 'A stage of a Zoho Deals pipeline' })
export class ZohoStage {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: "The stage's actual value: what Zoho reads and writes on a deal, and what mappings name" })
  name: string;

  @Field(() => String, { description: 'What Zoho shows users' })
  displayValue: string;

  @Field(() => Int, { description: '0–100' })
  probability: number;

  @Field(() => DealOutcomeEnum, { description: "From Zoho's forecast type: Open → OPEN, Closed Won → WON, Closed Lost → LOST" })
  outcome: DealOutcome;

  @Field(() => String, { nullable: true, description: "Zoho's forecast category, e.g. Pipeline, Closed, Omitted" })
  forecastCategory: string | null;
}

@ObjectType({ description: 'A Zoho Deals pipeline with its stages in order' })
export class ZohoPipeline {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: 'The display value Zoho writes on a deal, e.g. "Standard (Standard)", and what mappings name' })
  name: string;

  @Field(() => String)
  actualValue: string;

  @Field(() => Boolean, { description: "Zoho's default pipeline" })
  isDefault: boolean;

  @Field(() => [ZohoStage])
  stages: ZohoStage[];
}

@ObjectType({ description: 'A Zoho Deals layout and the pipelines it offers' })
export class ZohoLayout {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => [String], { description: 'Names of the pipelines offered in this layout' })
  pipelines: string[];
}

@ObjectType({ description: 'A value of a Zoho picklist' })
export class ZohoPicklistValue {
  @Field(() => String, { description: 'What Zoho reads and writes, and what value maps name' })
  actualValue: string;

  @Field(() => String, { description: 'What Zoho shows users' })
  displayValue: string;
}

@ObjectType({ description: 'A field of Zoho Deals (`/settings/fields?module=Deals`)' })
export class ZohoField {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: 'e.g. Closing_Date' })
  apiName: string;

  @Field(() => String)
  label: string;

  @Field(() => String, { description: "Zoho's data_type as Zoho spells it: text, picklist, currency, datetime, lookup…" })
  dataType: string;

  @Field(() => Int, { nullable: true, description: 'Maximum characters (or digits); null where Zoho gives none' })
  length: number | null;

  @Field(() => Boolean, { description: 'Zoho refuses a new deal without it (system_mandatory)' })
  mandatoryOnCreate: boolean;

  @Field(() => Boolean, { description: 'Zoho keeps its values unique: usable as a duplicate-check match key' })
  unique: boolean;

  @Field(() => Boolean, { description: 'An external-id field: usable as an EXTERNAL_ID match key' })
  externalId: boolean;

  @Field(() => Boolean, { description: 'Zoho ignores writes to it (read-only, formula, auto-number)' })
  readOnly: boolean;

  @Field(() => Boolean, { description: "One of the org's custom fields" })
  custom: boolean;

  @Field(() => [ZohoPicklistValue], { description: "A picklist's values without Zoho's -None-; empty for other types" })
  picklistValues: ZohoPicklistValue[];
}

@ObjectType({ description: 'Zoho Deals metadata: layouts, pipelines with their stages, and fields' })
export class ZohoDealsMetadata {
  @Field(() => [ZohoLayout])
  layouts: ZohoLayout[];

  @Field(() => [ZohoPipeline], { description: 'Every pipeline of every layout, once' })
  pipelines: ZohoPipeline[];

  @Field(() => [ZohoField])
  fields: ZohoField[];
}

@ObjectType({ description: "What the Zoho org of an integration's connection offers, read live (cached for a few minutes)" })
export class ZohoMetadata {
  @Field(() => ID)
  integrationId: string;

  @Field(() => [ZohoModule])
  modules: ZohoModule[];

  @Field(() => ZohoDealsMetadata)
  deals: ZohoDealsMetadata;
}
