import type { ServiceDatabaseDefinition } from '@crm-bridge/persistence';
import { ConflictEntity } from '../conflict/conflict.entity';
import { CreateConflicts1795332875812 } from './migrations/1795332875812-CreateConflicts';

/** conflict-resolver's schema, entities and migrations, in the order they apply. */
export const conflictResolverDatabase: ServiceDatabaseDefinition = {
  schema: 'conflict_resolver',
  entities: [ConflictEntity],
  migrations: [CreateConflicts1795332875812],
};
