import { Field, ID, InputType } from 'type-graphql';
import { MappingDefinitionType } from '../mapping-definition.type';

@InputType({ description: 'A new mapping for an integration, published at once as its next version' })
export class PublishMappingVersionInput {
  @Field(() => ID)
  integrationId: string;

  @Field(() => MappingDefinitionType, {
    description: 'Pipelines with their stage mappings, field mappings, defaults and the match key; every problem is reported at once',
  })
  definition: MappingDefinitionType;

  @Field(() => String, { nullable: true, description: 'Why this version, for the version history' })
  comment?: string | null;
}
