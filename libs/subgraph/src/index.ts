export { CodedError, ErrorKind, describeErrorKind } from './coded-error';
export { InputProblemsException, InputWarning, type InputProblem } from './input-problems';
export { createSubgraphErrorFormatter, INTERNAL_ERROR_CODE } from './subgraph-error-formatter';
export { DataLoaderRegistry, alignRowsToKeys } from './data-loader-registry';
export type { SubgraphContext } from './subgraph-context';
export {
  buildFederatedSubgraph,
  subscriptionService,
  type SubgraphDefinition,
  type FederatedSubgraph,
  type ReferenceResolver,
  type ServiceLocator,
} from './federated-schema';
export { serveSubgraphSubscriptions, type SubgraphSubscriptionsOptions } from './subgraph-subscriptions';
export { mountSubgraph, CORRELATION_ID_HEADER, type MountSubgraphOptions, type MountedSubgraph } from './subgraph-server';
export {
  IntegrationPageArgs,
  IntegrationIdException,
  IntegrationIdExceptionCode,
  integrationFilter,
  parseIntegrationId,
} from './integration-id';
export { requireUuidArgument, type CodedErrorClass, type UuidArgumentRule } from './uuid-argument';
export {
  ConnectionType,
  PageInfo,
  PageArgs,
  MAX_PAGE_SIZE,
  PaginationException,
  PaginationExceptionCode,
  encodeCursor,
  parsePageArguments,
  toConnection,
  type KeysetCursor,
  type Connection,
} from './connection';
export { CallerRoles, CallerRoleException, CallerRoleExceptionCode, requireCallerRole, type CallerRole } from './caller-role';
