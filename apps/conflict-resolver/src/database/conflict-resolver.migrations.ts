import { CreateConflicts1795332875812 } from './migrations/1795332875812-CreateConflicts';
import { AddEventOutboxAndProcessedEvents1796565093333 } from './migrations/1796565093333-AddEventOutboxAndProcessedEvents';

/** conflict-resolver's generated migrations, in the order they apply (`npm run migration:generate -- conflict-resolver <Name>`). */
export const conflictResolverMigrations = [CreateConflicts1795332875812, AddEventOutboxAndProcessedEvents1796565093333];
