import { z } from 'zod';

const count = z.number().int('must be a whole number').nonnegative('must not be negative');

/**
 * A sync run's progress, published by sync-engine while a run works through its records (after
 * each page it applied) and once when it finishes; keyed by integration like every event, so one
 * integration's progress arrives in order. `done` of `estimatedTotal` is what a progress bar shows.
 */
export const syncRunProgressedDataSchema = z.object({
  syncRunId: z.string().uuid('must be a UUID'),
  /** Records handled so far: the sum of the counts. */
  done: count,
  /** How many records the run expects to handle; null when it cannot know (e.g. an incremental poll). */
  estimatedTotal: count.nullable(),
  counts: z.object({ created: count, updated: count, deleted: count, skipped: count, failed: count, conflicts: count }),
  /** True on the last event of the run, once it finished (whatever its outcome). */
  finished: z.boolean(),
});

export type SyncRunProgressedData = z.infer<typeof syncRunProgressedDataSchema>;
