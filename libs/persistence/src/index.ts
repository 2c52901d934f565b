export { EmbeddedPostgresLauncher, findFreePort, type RunningPostgres } from './embedded-postgres.launcher';
export { createServiceDataSource, openServiceDatabase, pendingSchemaChanges, type ServiceDatabaseDefinition } from './service-database';
export { TenantScopedEntity } from './tenant-scoped.entity';
export { TenantScopedReader, isUuid, type PagePosition, type EqualityFilter, type TimestampProperty } from './tenant-scoped.reader';
export { TenantScopedRepository, TenantScopedTransaction } from './tenant-scoped.repository';
export { TransactionalOutbox } from './transactional-outbox';
export { inTransaction } from './transaction-scope';
