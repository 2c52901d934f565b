import { Directive, Field, ObjectType } from 'type-graphql';
import { RecordSyncStatusEnum, type RecordSyncStatus } from '@crm-bridge/contracts';
import { ConnectionType } from '@crm-bridge/subgraph';
import { PortalRecord } from '../portal-record/portal-record.type';

@ObjectType({ description: "The value of one of the tenant's custom deal fields" })
export class DealCustomField {
  @Field(() => String, { description: "The field's API name in the portal deal schema" })
  apiName: string;

  @Field(() => String, { description: 'The value in its text form, e.g. "42", "true", "2026-03-31", "A;B" for a multi-picklist' })
  value: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A portal deal, kept in sync with a Zoho CRM deal' })
export class Deal extends PortalRecord {
  @Field(() => String)
  name: string;

  @Field(() => String, { description: 'Portal phase (mapped to a Zoho stage by the integration)' })
  phase: string;

  @Field(() => String, { nullable: true, description: 'Portal pipeline' })
  pipeline: string | null;

  @Field(() => String, { nullable: true, description: 'Exact decimal amount, e.g. "1250.00"' })
  amount: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 currency code' })
  currencyCode: string | null;

  @Field(() => String, { nullable: true, description: 'Calendar date, YYYY-MM-DD' })
  closingDate: string | null;

  @Field(() => String, { nullable: true, description: "Portal id of the deal's account" })
  accountId: string | null;

  @Field(() => String, { nullable: true, description: "Portal id of the deal's partner" })
  partnerId: string | null;

  @Field(() => String, { nullable: true, description: "Portal id of the deal's owner" })
  ownerId: string | null;

  @Field(() => [DealCustomField], { description: "Values of the tenant's custom deal fields that are set" })
  customFields: DealCustomField[];

  @Field(() => RecordSyncStatusEnum, { description: 'PENDING from a portal change until it is written to Zoho' })
  syncStatus: RecordSyncStatus;

  @Field(() => String, { nullable: true, description: 'Why the last sync failed, when syncStatus is FAILED' })
  lastSyncError: string | null;
}

export const DealConnection = ConnectionType(Deal);
