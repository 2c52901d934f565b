import type { DeletedRecord, StoredRecord } from './record.model';

/** Recycle-bin entries are listed for 60 days, permanently deleted ones for 120 (reference §2.1). */
const RECYCLE_RETENTION_MS = 60 * 24 * 3600_000;
const PERMANENT_RETENTION_MS = 120 * 24 * 3600_000;

/** One org's records per module (keyed by lower-cased module api name), plus what was deleted. */
export class RecordStore {
  private readonly live = new Map<string, Map<string, StoredRecord>>();
  private readonly deleted = new Map<string, DeletedRecord[]>();

  records(moduleApiName: string): Map<string, StoredRecord> {
    const key = moduleApiName.toLowerCase();
    let records = this.live.get(key);
    if (!records) {
      records = new Map();
      this.live.set(key, records);
    }
    return records;
  }

  get(moduleApiName: string, id: string): StoredRecord | undefined {
    return this.records(moduleApiName).get(id);
  }

  put(moduleApiName: string, record: StoredRecord): void {
    this.records(moduleApiName).set(record.id, record);
  }

  /** Moves a record to the recycle bin, as a delete through the API or the UI does. */
  remove(moduleApiName: string, record: StoredRecord, deletion: Omit<DeletedRecord, 'id' | 'type'>): void {
    this.records(moduleApiName).delete(record.id);
    this.deletedList(moduleApiName).push({ id: record.id, type: 'recycle', ...deletion });
  }

  /** Empties the recycle bin: its entries become permanent deletions with no names (reference §2.1). */
  purgeRecycleBin(moduleApiName: string, now: number): number {
    let purged = 0;
    for (const entry of this.deletedList(moduleApiName)) {
      if (entry.type !== 'recycle') {
        continue;
      }
      Object.assign(entry, { type: 'permanent', deletedTime: now, displayName: null });
      purged += 1;
    }
    return purged;
  }

  /** Deleted entries still within Zoho's retention windows, newest deletion first. */
  deletedRecords(moduleApiName: string, now: number): DeletedRecord[] {
    return this.deletedList(moduleApiName)
      .filter((entry) => now - entry.deletedTime <= (entry.type === 'recycle' ? RECYCLE_RETENTION_MS : PERMANENT_RETENTION_MS))
      .sort((left, right) => right.deletedTime - left.deletedTime);
  }

  /** Every module's live and deleted records, for snapshots. */
  exportState(): { live: Record<string, StoredRecord[]>; deleted: Record<string, DeletedRecord[]> } {
    return {
      live: Object.fromEntries([...this.live].map(([module, records]) => [module, [...records.values()]])),
      deleted: Object.fromEntries(this.deleted),
    };
  }

  restoreState(state: { live: Record<string, StoredRecord[]>; deleted: Record<string, DeletedRecord[]> }): void {
    this.live.clear();
    this.deleted.clear();
    for (const [module, records] of Object.entries(state.live)) {
      this.live.set(module, new Map(records.map((record) => [record.id, record])));
    }
    for (const [module, entries] of Object.entries(state.deleted)) {
      this.deleted.set(module, entries);
    }
  }

  private deletedList(moduleApiName: string): DeletedRecord[] {
    const key = moduleApiName.toLowerCase();
    let list = this.deleted.get(key);
    if (!list) {
      list = [];
      this.deleted.set(key, list);
    }
    return list;
  }
}
