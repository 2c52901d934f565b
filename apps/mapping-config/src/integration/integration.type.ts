import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '@crm-bridge/subgraph';
import { ZohoConnectionReference } from '../zoho-connection-reference/zoho-connection.type';
import {
  ConflictPolicyEnum,
  ContactTargetModuleEnum,
  RecordModuleEnum,
  type ConflictPolicy,
  type ContactTargetModule,
  type RecordModule,
} from '@crm-bridge/contracts';

/** `versions` is added by `IntegrationVersionsResolver` in the mapping-version feature. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A portal ↔ Zoho CRM org integration and its sync settings' })
export class Integration {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => ZohoConnectionReference, { description: 'The Zoho connection the integration syncs through' })
  connection: ZohoConnectionReference;

  @Field(() => [RecordModuleEnum])
  portalModules: RecordModule[];

  @Field(() => ContactTargetModuleEnum)
  contactTargetModule: ContactTargetModule;

  @Field(() => ConflictPolicyEnum)
  conflictPolicy: ConflictPolicy;

  @Field(() => Int, { description: 'Minutes between incremental polls of Zoho' })
  syncIntervalMinutes: number;

  @Field(() => Int, { description: 'Seconds a portal record must stay unchanged before it is sent to Zoho' })
  debounceSeconds: number;

  @Field(() => String, { description: 'IANA time zone, e.g. "Europe/Berlin"' })
  timeZone: string;

  @Field(() => Boolean)
  enabled: boolean;

  @Field(() => Int, { nullable: true, description: 'The mapping version sync uses; null until one is published' })
  publishedVersion: number | null;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;
}

export const IntegrationConnection = ConnectionType(Integration);
