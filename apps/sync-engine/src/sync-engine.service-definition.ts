import type { SubgraphServiceDefinition } from '@crm-bridge/service-runtime';
import { syncEngineDatabase } from './database/sync-engine.database';
import { DealResolver } from './deal/deal.resolver';
import { DealService } from './deal/deal.service';
import { dealReferenceResolver } from './deal/deal.reference';
import { SyncEngineModule } from './sync-engine.module';

export const syncEngineService: SubgraphServiceDefinition = {
  serviceName: 'sync-engine',
  defaultPort: 4003,
  appModule: SyncEngineModule,
  database: syncEngineDatabase,
  subgraph: {
    name: 'sync-engine',
    resolvers: [DealResolver],
    referenceResolvers: (services) => ({ Deal: dealReferenceResolver(services.get(DealService)) }),
  },
};
