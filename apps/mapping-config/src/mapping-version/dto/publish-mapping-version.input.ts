import { Field, ID, InputType } from 'type-graphql';
import { JSONResolver } from 'graphql-scalars';

@InputType({ description: 'A new mapping for an integration, published at once as its next version' })
export class PublishMappingVersionInput {
  @Field(() => ID)
  integrationId: string;

  @Field(() => JSONResolver, {
    description: 'Pipelines, the stage map and field maps; checked before anything is stored, every bad field named',
  })
  definition: unknown;

  @Field(() => String, { nullable: true, description: 'Why this version, for the version history' })
  comment?: string | null;
}
