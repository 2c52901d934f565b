import { Field, InputType, ObjectType } from 'type-graphql';
import {
  MappingChangeKindEnum,
  MappingDirectionEnum,
  MatchKeyKindEnum,
  OnCreateStageStrategyEnum,
  ProblemSeverityEnum,
  type MappingChangeKind,
  type MappingDirection,
  type MatchKeyKind,
  type OnCreateStageStrategy,
  type ProblemSeverity,
} from '@crm-bridge/contracts';

// The GraphQL mirror of `mappingDefinitionSchema` (@crm-bridge/sync-domain). Each class is both
// the object type read back and the input type published (`…Input`), so the two cannot drift
// apart. The schema's tagged unions (`onCreate` by strategy, `matchKey` by kind) are flat here,
// because GraphQL inputs have no unions: a field the tag does not use is null, and the service's
// schema check refuses one that is given.

@ObjectType('InboundStage', { description: 'A Zoho stage and the portal phase a deal in it is shown in' })
@InputType('InboundStageInput')
export class InboundStageType {
  @Field(() => String)
  zohoStage: string;

  @Field(() => String)
  portalPhase: string;
}

@ObjectType('OutboundStage', { description: 'A portal phase and the Zoho stage a deal in it is written with' })
@InputType('OutboundStageInput')
export class OutboundStageType {
  @Field(() => String)
  portalPhase: string;

  @Field(() => String)
  zohoStage: string;
}

@ObjectType('OnCreateStage', { description: 'How a deal created in the portal gets its first Zoho stage in this pipeline' })
@InputType('OnCreateStageInput')
export class OnCreateStageType {
  @Field(() => OnCreateStageStrategyEnum)
  strategy: OnCreateStageStrategy;

  @Field(() => String, { nullable: true, description: 'STATIC only: the stage every new deal enters' })
  zohoStage?: string | null;

  @Field(() => [OutboundStageType], { nullable: true, description: 'MANUAL only: the first Zoho stage per portal phase' })
  stages?: OutboundStageType[] | null;
}

@ObjectType('StageMapping', { description: 'One selected Zoho pipeline and how its stages and the portal phases translate' })
@InputType('StageMappingInput')
export class StageMappingType {
  @Field(() => String, { description: 'The pipeline as Zoho writes it on a deal, e.g. "Standard (Standard)"' })
  zohoPipeline: string;

  @Field(() => [InboundStageType], { description: 'Zoho stage → portal phase; a stage not listed leaves the phase unchanged' })
  inbound: InboundStageType[];

  @Field(() => [OutboundStageType], { description: 'Portal phase → Zoho stage; a phase not listed leaves the stage unchanged' })
  outbound: OutboundStageType[];

  @Field(() => OnCreateStageType)
  onCreate: OnCreateStageType;
}

@ObjectType('ValueMapEntry', { description: 'A portal value and the Zoho picklist value it stands for (Zoho compares exactly)' })
@InputType('ValueMapEntryInput')
export class ValueMapEntryType {
  @Field(() => String)
  portalValue: string;

  @Field(() => String)
  zohoValue: string;
}

@ObjectType('FieldMapping', { description: 'A portal deal field and the Zoho field it syncs with' })
@InputType('FieldMappingInput')
export class FieldMappingType {
  @Field(() => String)
  portalField: string;

  @Field(() => String, { description: "Zoho's API name, e.g. Closing_Date" })
  zohoField: string;

  @Field(() => MappingDirectionEnum)
  direction: MappingDirection;

  @Field(() => [ValueMapEntryType], { description: 'Picklist value translations; empty: values pass unchanged' })
  valueMap: ValueMapEntryType[];
}

@ObjectType('ZohoFieldDefault', { description: 'A value a new Zoho deal gets in a field nothing maps' })
@InputType('ZohoFieldDefaultInput')
export class ZohoFieldDefaultType {
  @Field(() => String)
  zohoField: string;

  @Field(() => String, { description: 'As Zoho takes it: text, a number, true/false, an ISO date or date-time' })
  value: string;
}

@ObjectType('MatchKey', { description: 'How a portal deal finds its Zoho deal' })
@InputType('MatchKeyInput')
export class MatchKeyType {
  @Field(() => MatchKeyKindEnum)
  kind: MatchKeyKind;

  @Field(() => String, { nullable: true, description: 'EXTERNAL_ID and DUPLICATE_CHECK: the Zoho field matched on' })
  zohoField?: string | null;

  @Field(() => String, { nullable: true, description: 'DUPLICATE_CHECK only: the portal field whose value is matched' })
  portalField?: string | null;
}

@ObjectType('MappingDefinition', {
  description: 'What a mapping version says: selected pipelines with their stage mappings, field mappings, defaults and the match key',
})
@InputType('MappingDefinitionInput')
export class MappingDefinitionType {
  @Field(() => [StageMappingType], { description: 'One per selected Zoho pipeline; at least one' })
  stageMappings: StageMappingType[];

  @Field(() => [FieldMappingType])
  fieldMappings: FieldMappingType[];

  @Field(() => [ZohoFieldDefaultType])
  zohoDefaults: ZohoFieldDefaultType[];

  @Field(() => MatchKeyType)
  matchKey: MatchKeyType;
}

@ObjectType('MappingProblem', { description: 'One thing wrong with a mapping; errors refuse the save, warnings do not' })
export class MappingProblemType {
  @Field(() => String, { description: 'Where in the definition, e.g. stageMappings[1].inbound[0].portalPhase' })
  path: string;

  @Field(() => String, { description: 'Which rule, e.g. UNKNOWN_PICKLIST_VALUE' })
  code: string;

  @Field(() => String)
  message: string;

  @Field(() => ProblemSeverityEnum)
  severity: ProblemSeverity;
}

@ObjectType('MappingChange', { description: 'One difference between two mapping versions' })
export class MappingChangeType {
  @Field(() => String, {
    description: "The part, named by what identifies it: stageMappings['Standard (Standard)'].inbound['Closed Won']",
  })
  path: string;

  @Field(() => MappingChangeKindEnum)
  kind: MappingChangeKind;

  @Field(() => String, { nullable: true, description: 'The earlier value as JSON; null when ADDED' })
  before: string | null;

  @Field(() => String, { nullable: true, description: 'The later value as JSON; null when REMOVED' })
  after: string | null;
}
