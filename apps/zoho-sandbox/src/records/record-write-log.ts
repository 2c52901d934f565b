/**
 * Through what a record write came: Zoho's REST API or a Bulk Write job, each with the OAuth client
 * that called, or a Zoho user (the admin API and seeds, standing for the CRM's own UI).
 */
export type WriteChannel = { readonly kind: 'API' | 'BULK_WRITE'; readonly clientId: string } | { readonly kind: 'ZOHO_USER' };

/** The kinds of `WriteChannel`, for filters. */
export const WRITE_CHANNEL_KINDS = ['API', 'BULK_WRITE', 'ZOHO_USER'] as const satisfies readonly WriteChannel['kind'][];

/** One record written: a successful insert, update (even one that changed no value) or delete. */
export interface RecordWrite {
  /** Sandbox clock, epoch milliseconds. */
  readonly at: number;
  readonly module: string;
  readonly operation: 'insert' | 'update' | 'delete';
  readonly recordId: string;
  /** The fields whose value the write changed; empty for an update that changed nothing, and for a delete. */
  readonly changedFields: readonly string[];
  readonly channel: WriteChannel;
  readonly userId: string;
}

export interface RecordWriteFilter {
  readonly module?: string;
  readonly channel?: WriteChannel['kind'];
  readonly clientId?: string;
  /** Writes at or after this instant (epoch milliseconds). */
  readonly since?: number;
}

/** How many writes an org keeps; older ones are dropped (and counted), which bounds a long benchmark's memory. */
const MAX_KEPT_WRITES = 100_000;

/**
 * Every record write of one org, for the admin API's introspection (`GET /__admin/orgs/{orgId}/writes`):
 * Zoho has no such log, but a test of echo suppression must count the writes each client made —
 * an echo written back is a write that changes no value, which no record state shows.
 */
export class RecordWriteLog {
  private readonly writes: RecordWrite[] = [];
  private droppedCount = 0;

  add(write: RecordWrite): void {
    this.writes.push(write);
    // Dropped a tenth at a time: one shift per write would copy the whole array every time.
    if (this.writes.length > MAX_KEPT_WRITES) {
      const excess = this.writes.length - MAX_KEPT_WRITES + MAX_KEPT_WRITES / 10;
      this.writes.splice(0, excess);
      this.droppedCount += excess;
    }
  }

  /** Kept writes matching the filter, oldest first. */
  list(filter: RecordWriteFilter = {}): RecordWrite[] {
    return this.writes.filter(
      (write) =>
        (filter.module === undefined || write.module.toLowerCase() === filter.module.toLowerCase()) &&
        (filter.channel === undefined || write.channel.kind === filter.channel) &&
        (filter.clientId === undefined || (write.channel.kind !== 'ZOHO_USER' && write.channel.clientId === filter.clientId)) &&
        (filter.since === undefined || write.at >= filter.since),
    );
  }

  /** Writes dropped because more than the kept maximum were made. */
  get dropped(): number {
    return this.droppedCount;
  }
}
