import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { JSONResolver } from 'graphql-scalars';
import type { MappingDefinition } from '@crm-bridge/contracts';
import { ConnectionType } from '@crm-bridge/subgraph';

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

  @Field(() => JSONResolver, { description: 'Pipelines, stage maps, field maps and value maps' })
  definition: MappingDefinition;

  @Field(() => Date)
  createdAt: Date;
}

export const MappingVersionConnection = ConnectionType(MappingVersion);
