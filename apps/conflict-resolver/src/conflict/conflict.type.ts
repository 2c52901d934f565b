import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { JSONResolver } from 'graphql-scalars';
import { ConnectionType } from '@crm-bridge/subgraph';
import { IntegrationReference } from '../integration-reference/integration.type';
import { RecordModuleEnum, type RecordModule } from '@crm-bridge/contracts';
import { ConflictResolution, ConflictStatus } from './conflict.enums';

registerEnumType(ConflictStatus, {
  name: 'ConflictStatus',
  valuesConfig: {
    OPEN: { description: 'Both sides still disagree' },
    RESOLVED: { description: 'A value was chosen by policy or by a reviewer' },
  },
});
registerEnumType(ConflictResolution, {
  name: 'ConflictResolution',
  valuesConfig: {
    ZOHO_VALUE: { description: "Zoho's value was kept" },
    PORTAL_VALUE: { description: "The portal's value was kept" },
    CUSTOM_VALUE: { description: 'A reviewer entered a value neither side had' },
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

  @Field(() => String, { nullable: true, description: 'Id of the linked Zoho record, once linked' })
  zohoRecordId: string | null;

  @Field(() => String, { description: 'Portal field name, e.g. "amount"' })
  fieldName: string;

  @Field(() => JSONResolver, { nullable: true, description: 'The last-synced value both sides changed' })
  baseValue: unknown;

  @Field(() => JSONResolver, { nullable: true })
  portalValue: unknown;

  @Field(() => JSONResolver, { nullable: true })
  zohoValue: unknown;

  @Field(() => Date)
  portalChangedAt: Date;

  @Field(() => Date)
  zohoChangedAt: Date;

  @Field(() => ConflictStatus)
  status: ConflictStatus;

  @Field(() => ConflictResolution, { nullable: true, description: 'Which value was kept; null while open' })
  resolution: ConflictResolution | null;

  @Field(() => JSONResolver, { nullable: true, description: 'The value written to both sides' })
  resolvedValue: unknown;

  @Field(() => String, { nullable: true, description: 'User id of the reviewer, or "policy:<POLICY>" when a policy decided' })
  resolvedBy: string | null;

  @Field(() => Date, { nullable: true })
  resolvedAt: Date | null;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;
}

export const ConflictConnection = ConnectionType(Conflict);
