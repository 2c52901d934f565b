import type { ServiceDatabaseDefinition } from '@crm-bridge/persistence';
import { DealEntity } from '../deal/deal.entity';
import { CreateDeals1795332540535 } from './migrations/1795332540535-CreateDeals';

/** sync-engine's schema, entities and migrations, in the order they apply. */
export const syncEngineDatabase: ServiceDatabaseDefinition = {
  schema: 'sync_engine',
  entities: [DealEntity],
  migrations: [CreateDeals1795332540535],
};
