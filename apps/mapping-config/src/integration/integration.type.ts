import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType, InputWarning } from '@crm-bridge/subgraph';
import { ZohoConnectionReference } from '../zoho-connection/zoho-connection.type';
import {
  ConflictPolicyEnum,
  ContactTargetModuleEnum,
  MappingDirectionEnum,
  RecordModuleEnum,
  type ConflictPolicy,
  type ContactTargetModule,
  type MappingDirection,
  type RecordModule,
  type RegistrationCollisionSettings as RegistrationCollisionRules,
} from '@crm-bridge/contracts';

@ObjectType({ description: 'Whether one portal record module syncs, and which way' })
export class ModuleSyncSetting {
  @Field(() => RecordModuleEnum)
  module: RecordModule;

  @Field(() => Boolean)
  enabled: boolean;

  @Field(() => MappingDirectionEnum)
  direction: MappingDirection;

  @Field(() => ConflictPolicyEnum, { nullable: true, description: "The module's own conflict policy; null: the integration's" })
  conflictPolicy?: ConflictPolicy | null;
}

@ObjectType({ description: "An integration's own deal-registration collision rules" })
export class RegistrationCollisionSettings implements RegistrationCollisionRules {
  @Field(() => Boolean, { description: 'false: a new registration is never held' })
  enabled: boolean;

  @Field(() => Int, { description: "Days back another partner's registration of the same account counts" })
  windowDays: number;

  @Field(() => Float, { description: 'How alike the deal names must be to collide (0.5 to 1)' })
  similarityThreshold: number;
}

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

  @Field(() => [ModuleSyncSetting], { description: 'One entry per record module' })
  modules: ModuleSyncSetting[];

  @Field(() => ContactTargetModuleEnum)
  contactTargetModule: ContactTargetModule;

  @Field(() => ConflictPolicyEnum)
  conflictPolicy: ConflictPolicy;

  @Field(() => Int, { description: 'Minutes between incremental polls of Zoho' })
  syncIntervalMinutes: number;

  @Field(() => Int, { description: 'Seconds a portal record must stay unchanged before it is sent to Zoho' })
  debounceSeconds: number;

  @Field(() => String, { nullable: true, description: 'Only records modified on or after this day (YYYY-MM-DD) sync; null: all' })
  syncRecordsFrom: string | null;

  @Field(() => String, { description: 'IANA time zone, e.g. "Europe/Berlin"' })
  timeZone: string;

  @Field(() => RegistrationCollisionSettings, {
    nullable: true,
    description:
      "Deal-registration collision rules of this integration; null: sync-engine's defaults (REGISTRATION_WINDOW_DAYS, REGISTRATION_SIMILARITY_THRESHOLD)",
  })
  registrationCollisions: RegistrationCollisionSettings | null;

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

@ObjectType({ description: 'A saved integration and what the caller should know about the change' })
export class IntegrationSettingsPayload {
  @Field(() => Integration)
  integration: Integration;

  @Field(() => [InputWarning], { description: 'The change was saved; these say what it may cause' })
  warnings: InputWarning[];
}
