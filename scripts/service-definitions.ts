import type { SubgraphServiceDefinition } from '@crm-bridge/service-runtime';
import { authConnectorService } from '../apps/auth-connector/src/auth-connector.service-definition';
import { conflictResolverService } from '../apps/conflict-resolver/src/conflict-resolver.service-definition';
import { mappingConfigService } from '../apps/mapping-config/src/mapping-config.service-definition';
import { syncEngineService } from '../apps/sync-engine/src/sync-engine.service-definition';

/** Every subgraph service, by app folder name: what the schema and migration scripts act on. */
export const subgraphServices: Record<string, SubgraphServiceDefinition> = {
  'auth-connector': authConnectorService,
  'conflict-resolver': conflictResolverService,
  'mapping-config': mappingConfigService,
  'sync-engine': syncEngineService,
};
