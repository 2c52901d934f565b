export { createTestDatabase, TEST_DATABASE_URL_VARIABLE, type TestDatabase } from './test-database';
export { eventually } from './eventually';
export { firstErrorCodeAndField, postGraphql, type GraphqlHttpResult } from './graphql-http';
export { newTenantId, TEST_SIGNING_SECRET, TEST_TOKEN_ENCRYPTION_ENVIRONMENT, signedCallerHeaders } from './test-identity';
export { SubgraphServiceTestContext, type SubgraphServiceTestOptions } from './subgraph-service.test-context';
export {
  ZohoSandboxProcess,
  connectSandboxOrg,
  SANDBOX_SYNC_SCOPES,
  type ConnectedSandboxOrg,
  type SandboxDataCentre,
  type SandboxOrgHandle,
  type SandboxSelfClient,
} from './zoho-sandbox-process';
export { runNodeProcess, type NodeProcessOptions, type NodeProcessOutcome, type RunningNodeProcess } from './node-process';
export {
  KafkaTestBroker,
  TopicRecorder,
  CollectingLogger,
  FAST_CONSUMER_CONFIG,
  cleanupStack,
  startBrokerWithPublisher,
  type RecordedMessage,
  type DeferCleanup,
} from './kafka-test-harness';
