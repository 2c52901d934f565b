import { Field, ID, InputType } from 'type-graphql';
import { SyncModeEnum, type SyncMode } from '@crm-bridge/contracts';

@InputType({ description: 'A manual sync of an integration from Zoho into the portal' })
export class TriggerSyncInput {
  @Field(() => ID)
  integrationId: string;

  @Field(() => SyncModeEnum, { description: 'Every record, or only those modified in Zoho since the last sync' })
  mode: SyncMode;
}
