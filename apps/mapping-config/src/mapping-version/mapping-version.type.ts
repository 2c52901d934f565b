import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { MappingDefinition } from '@crm-bridge/sync-domain';
import { ConnectionType } from '@crm-bridge/subgraph';
import { MappingDefinitionType } from './mapping-definition.type';

/** `integration` is resolved from `integrationId` by `MappingVersionResolver`. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'One immutable saved mapping of an integration' })
export class MappingVersion {
  @Field(() => ID)
  id: string;

  integrationId: string;

  @Field(() => Int, { description: '1, 2, 3… per integration' })
  version: number;

  @Field(() => Date, { nullable: true, description: 'When this version was published; null if it never was' })
  publishedAt: Date | null;

  @Field(() => String)
  authorUserId: string;

  @Field(() => String, { nullable: true })
  comment: string | null;

  @Field(() => MappingDefinitionType)
  definition: MappingDefinition;

  @Field(() => Date)
  createdAt: Date;
}

export const MappingVersionConnection = ConnectionType(MappingVersion);
