import { Field, Float, InputType, Int } from 'type-graphql';
import {
  ConflictPolicyEnum,
  ContactTargetModuleEnum,
  MappingDirectionEnum,
  RecordModuleEnum,
  type ConflictPolicy,
  type ContactTargetModule,
  type MappingDirection,
  type RecordModule,
  type RegistrationCollisionSettings,
} from '@crm-bridge/contracts';
import type { IntegrationSettingsFieldsInput } from '../integration-settings.validation';

@InputType({ description: 'Whether one portal record module syncs, and which way' })
export class ModuleSyncSettingInput {
  @Field(() => RecordModuleEnum)
  module: RecordModule;

  @Field(() => Boolean)
  enabled: boolean;

  @Field(() => MappingDirectionEnum)
  direction: MappingDirection;

  @Field(() => ConflictPolicyEnum, {
    nullable: true,
    description: "This module's conflicts follow this policy instead of the integration's; absent or null: the integration's",
  })
  conflictPolicy?: ConflictPolicy | null;
}

@InputType({ description: "The integration's own deal-registration collision rules" })
export class RegistrationCollisionSettingsInput implements RegistrationCollisionSettings {
  @Field(() => Boolean, { description: 'false: a new registration is never held (the window and threshold are kept for later)' })
  enabled: boolean;

  @Field(() => Int, { description: "Days back another partner's registration of the same account counts, 1 to 365" })
  windowDays: number;

  @Field(() => Float, { description: 'How alike the deal names must be to collide, 0.5 to 1 (1: the same once normalised)' })
  similarityThreshold: number;
}

/** The settings shared by create and update; every one optional (absent or null: unchanged, or the default on create). */
// Not emitted by itself: type-graphql only prints the input types an operation reaches.
@InputType()
export abstract class IntegrationSettingsFields implements IntegrationSettingsFieldsInput {
  @Field(() => Boolean, { nullable: true, description: 'Whether the integration syncs at all (a new one is disabled)' })
  enabled?: boolean | null;

  @Field(() => [ModuleSyncSettingInput], {
    nullable: true,
    description: 'Modules to change; modules not listed keep their setting (new integration: deals both ways, the rest off)',
  })
  modules?: ModuleSyncSettingInput[] | null;

  @Field(() => ContactTargetModuleEnum, { nullable: true, description: 'The Zoho module portal contacts sync with (default CONTACTS)' })
  contactTargetModule?: ContactTargetModule | null;

  @Field(() => ConflictPolicyEnum, { nullable: true, description: 'Default LATEST_CHANGE_WINS' })
  conflictPolicy?: ConflictPolicy | null;

  @Field(() => Int, { nullable: true, description: 'Minutes between incremental polls of Zoho, 1 to 1440 (default 60)' })
  syncIntervalMinutes?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Seconds a portal record must stay unchanged before it is sent to Zoho, 0 to 3600 (default 5)',
  })
  debounceSeconds?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only records modified on or after this day (YYYY-MM-DD, in the time zone) sync; null: all records',
  })
  syncRecordsFrom?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "IANA time zone, e.g. Europe/Berlin; defaults to the Zoho org's, and one that differs is saved with a warning",
  })
  timeZone?: string | null;

  @Field(() => RegistrationCollisionSettingsInput, {
    nullable: true,
    description: "Deal-registration collision rules of this integration; null: sync-engine's defaults (absent: unchanged)",
  })
  registrationCollisions?: RegistrationCollisionSettingsInput | null;
}
