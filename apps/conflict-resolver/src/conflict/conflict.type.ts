import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { JSONResolver } from 'graphql-scalars';
import { ConnectionType } from '@crm-bridge/subgraph';
import { IntegrationReference } from '../integration-reference/integration.type';
import {
  ConflictClearedReasonEnum,
  ConflictPolicyEnum,
  ConflictResolutionEnum,
  RecordModuleEnum,
  type ConflictClearedReason,
  type ConflictPolicy,
  type ConflictResolution,
  type RecordModule,
} from '@crm-bridge/contracts';
import { ConflictStatus } from './conflict.enums';

registerEnumType(ConflictStatus, {
  name: 'ConflictStatus',
  valuesConfig: {
    OPEN: { description: 'Both sides still disagree' },
    RESOLVED: { description: 'A value was chosen by policy or by a reviewer' },
    CLEARED: { description: 'Ended without a resolution: the sides converged, the record was deleted or the field unmapped' },
  },
});

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A field both the portal and Zoho changed since they were last in sync' })
export class Conflict {
  @Field(() => ID)
  id: string;

  @Field(() => IntegrationReference)
  integration: IntegrationReference;

  @Field(() => RecordModuleEnum)
  recordModule: RecordModule;

  @Field(() => ID, { description: 'Id of the portal record, e.g. a Deal id' })
  portalRecordId: string;

  @Field(() => String, { description: 'Id of the linked Zoho record' })
  zohoRecordId: string;

  @Field(() => String, { description: 'Portal field name, e.g. "amount"' })
  fieldName: string;

  @Field(() => JSONResolver, { nullable: true, description: 'The last-synced value both sides changed' })
  baseValue: unknown;

  @Field(() => JSONResolver, { nullable: true })
  portalValue: unknown;

  @Field(() => JSONResolver, { nullable: true })
  zohoValue: unknown;

  @Field(() => Date, { description: 'When the portal changed the field, as of the latest detection' })
  portalChangedAt: Date;

  @Field(() => Date, { description: 'When Zoho changed the field, as of the latest detection' })
  zohoChangedAt: Date;

  @Field(() => ConflictStatus)
  status: ConflictStatus;

  @Field(() => ConflictResolutionEnum, { nullable: true, description: 'Which value was kept; null while open' })
  resolution: ConflictResolution | null;

  @Field(() => JSONResolver, { nullable: true, description: 'The value written to both sides' })
  resolvedValue: unknown;

  @Field(() => String, {
    nullable: true,
    description: 'User id of the reviewer, "policy:<POLICY>" when a policy decided, or "sync-engine" when it was cleared',
  })
  resolvedBy: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was resolved or cleared' })
  resolvedAt: Date | null;

  @Field(() => ConflictClearedReasonEnum, { nullable: true, description: 'Why it was cleared (status CLEARED); null otherwise' })
  clearedReason: ConflictClearedReason | null;

  @Field(() => Date, { description: 'When the conflict was first detected (its age in the review queue)' })
  createdAt: Date;

  @Field(() => Date, { description: 'When it was last detected again or resolved' })
  updatedAt: Date;
}

@ObjectType({
  description: 'The audit of one resolution (who settled a conflict, when, with what, between which values) or of its clearing',
})
export class ConflictResolutionRecord {
  @Field(() => ID)
  id: string;

  @Field(() => ConflictResolutionEnum, { nullable: true, description: 'Which value was kept; null when the conflict was cleared' })
  resolution: ConflictResolution | null;

  @Field(() => ConflictClearedReasonEnum, { nullable: true, description: 'Why the conflict was cleared; null for a resolution' })
  clearedReason: ConflictClearedReason | null;

  @Field(() => JSONResolver, { nullable: true, description: 'The value written to both sides' })
  resolvedValue: unknown;

  @Field(() => ConflictPolicyEnum, { nullable: true, description: 'The policy that decided; null when a person did' })
  policy: ConflictPolicy | null;

  @Field(() => String, { description: 'User id of the reviewer, "policy:<POLICY>", or "sync-engine" for a clearing' })
  resolvedBy: string;

  @Field(() => Date)
  resolvedAt: Date;

  @Field(() => JSONResolver, { nullable: true, description: 'The last-synced value, when it was resolved or cleared' })
  baseValue: unknown;

  @Field(() => JSONResolver, { nullable: true, description: "The portal's value, when it was resolved or cleared" })
  portalValue: unknown;

  @Field(() => JSONResolver, { nullable: true, description: "Zoho's value, when it was resolved or cleared" })
  zohoValue: unknown;
}

export const ConflictConnection = ConnectionType(Conflict);
