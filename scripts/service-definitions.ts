import type { SubgraphServiceDefinition } from '@crm-bridge/service-runtime';
import { syncEngineService } from '../apps/sync-engine/src/sync-engine.service-definition';

/** Every subgraph service, by app folder name: what the schema and migration scripts act on. */
export const subgraphServices: Record<string, SubgraphServiceDefinition> = {
  'sync-engine': syncEngineService,
};
