import { registerEnumType } from 'type-graphql';

// Keys are the GraphQL enum values (type-graphql publishes keys) and equal the stored values, so
// the database, the API and the code all read the same words.

export enum SyncRunTrigger {
  SCHEDULE = 'SCHEDULE',
  MANUAL = 'MANUAL',
  NOTIFICATION = 'NOTIFICATION',
  INITIAL = 'INITIAL',
  PORTAL_CHANGE = 'PORTAL_CHANGE',
  MAPPING_CHANGE = 'MAPPING_CHANGE',
}

export enum SyncRunStatus {
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  PARTIALLY_FAILED = 'PARTIALLY_FAILED',
  FAILED = 'FAILED',
  INTERRUPTED = 'INTERRUPTED',
}

registerEnumType(SyncRunTrigger, {
  name: 'SyncRunTrigger',
  description: 'What started a sync run',
  valuesConfig: {
    SCHEDULE: { description: "The integration's schedule (incremental poll)" },
    MANUAL: { description: 'A user asked for it' },
    NOTIFICATION: { description: 'A Zoho notification named changed records' },
    INITIAL: { description: 'The first full sync of a new integration' },
    PORTAL_CHANGE: { description: 'Portal records changed and were pushed to Zoho' },
    MAPPING_CHANGE: { description: 'A new mapping version changed how records map; what it changed is synced again' },
  },
});

registerEnumType(SyncRunStatus, {
  name: 'SyncRunStatus',
  valuesConfig: {
    RUNNING: { description: 'Not finished yet' },
    SUCCEEDED: { description: 'Every record synced' },
    PARTIALLY_FAILED: { description: 'Finished, but some records have a sync issue' },
    FAILED: { description: 'Stopped before finishing, e.g. Zoho unreachable or the connection revoked' },
    INTERRUPTED: {
      description:
        'Stopped part-way because sync-engine shut down or handed the integration to another instance; the next run syncs the rest',
    },
  },
});
