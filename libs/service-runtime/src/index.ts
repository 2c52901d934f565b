export {
  startSubgraphService,
  runServiceProcess,
  type SubgraphServiceDefinition,
  type RunningSubgraphService,
  type StartSubgraphServiceOptions,
} from './subgraph-service.bootstrap';
export { subgraphServiceConfigSchema, type SubgraphServiceConfig } from './subgraph-service.config';
export { SERVICE_CONFIG, READINESS_CHECKS, type ReadinessCheck } from './service-runtime.tokens';
export { ServiceRuntimeModule } from './service-runtime.module';
