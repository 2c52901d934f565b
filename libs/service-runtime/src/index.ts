export {
  startSubgraphService,
  runServiceProcess,
  type RunningSubgraphService,
  type StartSubgraphServiceOptions,
} from './subgraph-service.bootstrap';
export { configSchemaOf, databaseOf, subgraphOf, type SubgraphServiceDefinition } from './subgraph-service.definition';
export { SubgraphFeature, collectFeatures, type SubgraphFeatureOptions, type SubgraphFeatureMetadata } from './subgraph-feature';
export { subgraphServiceConfigSchema, type SubgraphServiceConfig } from './subgraph-service.config';
export { SERVICE_NAME, SERVICE_CONFIG, READINESS_CHECKS, type ReadinessCheck } from './service-runtime.tokens';
export { ServiceRuntimeModule } from './service-runtime.module';
export { TokenVault, type SealedValue } from './token-vault';
export { tokenEncryptionKeysVariable, tokenEncryptionKeyIdVariable, type TokenVaultConfig } from './token-vault.config';
