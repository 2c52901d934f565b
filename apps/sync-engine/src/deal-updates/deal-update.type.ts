import { Field, ID, ObjectType } from 'type-graphql';
import { JSONResolver } from 'graphql-scalars';
import {
  RecordChangeOriginEnum,
  RecordOperationEnum,
  type RecordChangeOrigin,
  type RecordFieldValue,
  type RecordOperation,
} from '@crm-bridge/contracts';
import { Deal } from '../deal/deal.type';

@ObjectType({ description: 'One field of a deal that changed' })
export class DealFieldChange {
  @Field(() => String, { description: 'The portal field name (name, phase, amount, a custom field’s api name)' })
  field: string;

  @Field(() => JSONResolver, { nullable: true, description: 'Before the change: a string, number, boolean, list of strings or null' })
  oldValue: RecordFieldValue;

  @Field(() => JSONResolver, { nullable: true, description: 'After the change' })
  newValue: RecordFieldValue;
}

@ObjectType({ description: 'A portal deal was created, changed or deleted' })
export class DealUpdate {
  @Field(() => ID, { description: 'This update’s id: pass it as afterEventId to resume after it' })
  eventId: string;

  @Field(() => ID)
  dealId: string;

  @Field(() => RecordOperationEnum)
  operation: RecordOperation;

  @Field(() => RecordChangeOriginEnum, { description: 'Which side the change came from' })
  origin: RecordChangeOrigin;

  @Field(() => [DealFieldChange], { description: 'Every field that changed; on CREATED every field with a value, on DELETED none' })
  changes: DealFieldChange[];

  @Field(() => Date, { description: 'When the change was made' })
  occurredAt: Date;

  @Field(() => Deal, { nullable: true, description: 'The deal as it is now, with fields from any subgraph; null once deleted' })
  deal?: Deal | null;
}
