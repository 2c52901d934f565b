import { CreateConflicts1795332875812 } from './migrations/1795332875812-CreateConflicts';
import { AddEventOutboxAndProcessedEvents1796565093333 } from './migrations/1796565093333-AddEventOutboxAndProcessedEvents';
import { ResolveConflictsByPolicyAndReview1796585831271 } from './migrations/1796585831271-ResolveConflictsByPolicyAndReview';
import { ClearConflictsWithoutResolution1796595072642 } from './migrations/1796595072642-ClearConflictsWithoutResolution';

/** conflict-resolver's generated migrations, in the order they apply (`npm run migration:generate -- conflict-resolver <Name>`). */
export const conflictResolverMigrations = [
  CreateConflicts1795332875812,
  AddEventOutboxAndProcessedEvents1796565093333,
  ResolveConflictsByPolicyAndReview1796585831271,
  ClearConflictsWithoutResolution1796595072642,
];
