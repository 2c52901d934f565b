import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { ZohoAccessModule } from '../zoho-access/zoho-access.module';
import { syncDebugConfig } from './sync-debug.config';
import { SyncDebugEntryEntity } from './sync-debug-entry.entity';
import { SyncDebugModeEntity } from './sync-debug-mode.entity';
import { SyncDebugRecorder } from './sync-debug.recorder';
import { SyncDebugRepository } from './sync-debug.repository';
import { IntegrationSyncDebugResolver, SyncDebugModeResolver } from './sync-debug.resolver';
import { SyncDebugService } from './sync-debug.service';

/**
 * Sync debug mode per integration: `setSyncDebugMode` (tenant admins, 1–24 hours, ends by
 * itself) and `Integration.syncDebug { enabledUntil entries }` — a redacted summary of every
 * Zoho call sync makes for the integration while it is on.
 */
@SubgraphFeature({
  imports: [ZohoAccessModule],
  config: syncDebugConfig,
  providers: [SyncDebugRepository, SyncDebugRecorder, SyncDebugService],
  resolvers: [SyncDebugModeResolver, IntegrationSyncDebugResolver],
  entities: [SyncDebugModeEntity, SyncDebugEntryEntity],
})
export class SyncDebugModule {}
