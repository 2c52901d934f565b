// Keys are spelled like their values because type-graphql publishes enum keys as the GraphQL
// values, and GraphQL clients expect SCREAMING_CASE (`status: OPEN`).

/** Where a conflict stands in the review queue. */
export enum ConflictStatus {
  /** Both sides still disagree; sync-engine holds the field until it is resolved. */
  OPEN = 'OPEN',
  /** A value was chosen, by the integration's policy or by a reviewer. */
  RESOLVED = 'RESOLVED',
}
