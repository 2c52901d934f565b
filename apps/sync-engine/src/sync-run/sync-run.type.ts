import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '@crm-bridge/subgraph';
import { IntegrationReference, type WithIntegration } from '../integration-reference/integration.type';
import { SyncRunStatus, SyncRunTrigger } from './sync-run.enums';
import type { SyncRunEntity } from './sync-run.entity';

@ObjectType({ description: 'What a sync run did, record by record' })
export class SyncRunCounts {
  @Field(() => Int, { description: 'Records created on the target side' })
  created: number;

  @Field(() => Int, { description: 'Records updated on the target side' })
  updated: number;

  @Field(() => Int, { description: 'Records deleted on the target side' })
  deleted: number;

  @Field(() => Int, {
    description:
      'Records not synced as they are, each with a SyncIssue saying why (e.g. a deal in a pipeline the mapping does not select); our own writes coming back count nothing',
  })
  skipped: number;

  @Field(() => Int, { description: 'Records that could not sync; each has a SyncIssue' })
  failed: number;

  @Field(() => Int, { description: 'Records changed on both sides, handed to conflict resolution' })
  conflicts: number;
}

/** `issues` is resolved by `SyncRunResolver`, page by page. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'One sync of an integration, from its trigger to its outcome' })
export class SyncRun {
  @Field(() => ID)
  id: string;

  @Field(() => IntegrationReference)
  integration: IntegrationReference;

  @Field(() => SyncRunTrigger)
  trigger: SyncRunTrigger;

  @Field(() => SyncRunStatus)
  status: SyncRunStatus;

  @Field(() => Date)
  startedAt: Date;

  @Field(() => Date, { nullable: true, description: 'Null while the run is RUNNING' })
  finishedAt: Date | null;

  @Field(() => SyncRunCounts)
  counts: SyncRunCounts;

  @Field(() => String, { nullable: true, description: 'Why a FAILED run stopped; null otherwise' })
  failureReason: string | null;

  @Field(() => Int, { nullable: true, description: 'How many records the run expects to handle, when known; done = the sum of counts' })
  estimatedTotal: number | null;
}

export const SyncRunConnection = ConnectionType(SyncRun);

/** What resolvers return for a run. */
export type SyncRunNode = WithIntegration<SyncRunEntity>;
