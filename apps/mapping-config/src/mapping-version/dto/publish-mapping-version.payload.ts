import { Field, ObjectType } from 'type-graphql';
import type { MappingProblem } from '@crm-bridge/sync-domain';
import { MappingProblemType } from '../mapping-definition.type';
import { MappingVersion } from '../mapping-version.type';

@ObjectType({ description: 'The published version, or why not: every problem of the mapping at once' })
export class PublishMappingVersionPayload {
  @Field(() => MappingVersion, { nullable: true, description: 'Null when any problem is an ERROR: nothing was stored' })
  mappingVersion: MappingVersion | null;

  @Field(() => [MappingProblemType], { description: 'Errors refuse the save; warnings are reported and the version is saved' })
  problems: readonly MappingProblem[];
}
