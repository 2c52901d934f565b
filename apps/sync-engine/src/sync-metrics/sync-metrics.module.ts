import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { SyncMetrics } from './sync-metrics';

/** sync-engine's per-integration metrics (propagation lag, records, credits, overdue work). */
@SubgraphFeature({ providers: [SyncMetrics], exports: [SyncMetrics] })
export class SyncMetricsModule {}
