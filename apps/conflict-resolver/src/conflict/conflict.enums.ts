// Keys are spelled like their values because type-graphql publishes enum keys as the GraphQL
// values, and GraphQL clients expect SCREAMING_CASE (`status: OPEN`).

/** Where a conflict stands in the review queue. */
export enum ConflictStatus {
  /** Both sides still disagree; sync-engine holds the field until it is resolved. */
  OPEN = 'OPEN',
  /** A value was chosen, by the integration's policy or by a reviewer. */
  RESOLVED = 'RESOLVED',
  /**
   * Ended without a resolution: sync-engine no longer finds it (the sides converged, the record was
   * deleted, the field unmapped — `clearedReason`). Nothing is written; it cannot be resolved.
   */
  CLEARED = 'CLEARED',
}
