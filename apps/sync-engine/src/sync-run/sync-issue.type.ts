import { Field, ID, ObjectType } from 'type-graphql';
import { ConnectionType } from '@crm-bridge/subgraph';
import { RecordModuleEnum, SyncDirectionEnum, type RecordModule, type SyncDirection } from '@crm-bridge/contracts';
import { IntegrationReference, type WithIntegration } from '../integration-reference/integration.type';
import type { SyncIssueEntity } from './sync-issue.entity';

/** `syncRun` is resolved by `SyncIssueResolver` from the row's run id. */
@ObjectType({ description: 'A record that could not sync in a run, and why' })
export class SyncIssue {
  @Field(() => ID)
  id: string;

  @Field(() => IntegrationReference)
  integration: IntegrationReference;

  @Field(() => RecordModuleEnum)
  module: RecordModule;

  @Field(() => SyncDirectionEnum)
  direction: SyncDirection;

  @Field(() => ID, { nullable: true, description: 'The portal record, when it exists' })
  portalRecordId: string | null;

  @Field(() => String, { nullable: true, description: 'The Zoho record id, when it exists' })
  zohoRecordId: string | null;

  @Field(() => String, { nullable: true, description: "Zoho's error code, e.g. MANDATORY_NOT_FOUND, when Zoho refused the record" })
  zohoErrorCode: string | null;

  @Field(() => String, { nullable: true, description: 'The portal field at fault, when one is' })
  field: string | null;

  @Field(() => String, { description: 'What went wrong, in words a user can act on' })
  reason: string;

  @Field(() => Date)
  createdAt: Date;
}

export const SyncIssueConnection = ConnectionType(SyncIssue);

/** What resolvers return for an issue. */
export type SyncIssueNode = WithIntegration<SyncIssueEntity>;
