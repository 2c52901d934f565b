import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { SyncMetricsModule } from '../sync-metrics/sync-metrics.module';
import { DealSyncIssuesResolver } from './deal-sync-issues.resolver';
import { SyncIssueEntity } from './sync-issue.entity';
import { SyncIssueResolver } from './sync-issue.resolver';
import { SyncRunEntity } from './sync-run.entity';
import { syncRunReferenceResolver } from './sync-run.reference';
import { SyncRunRepository } from './sync-run.repository';
import { SyncRunRecorder } from './sync-run.recorder';
import { SyncRunResolver } from './sync-run.resolver';
import { SyncRunService } from './sync-run.service';

/** Sync runs with their counts and per-record sync issues: `syncRuns`, `syncRun(id)`, `syncIssues`, `Deal.syncIssues` and the `SyncRun` entity. */
@SubgraphFeature({
  imports: [SyncMetricsModule],
  providers: [SyncRunRepository, SyncRunService, SyncRunRecorder],
  exports: [SyncRunRecorder],
  resolvers: [SyncRunResolver, SyncIssueResolver, DealSyncIssuesResolver],
  referenceResolvers: (services) => ({ SyncRun: syncRunReferenceResolver(services.get(SyncRunService)) }),
  entities: [SyncRunEntity, SyncIssueEntity],
})
export class SyncRunModule {}
