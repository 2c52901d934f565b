import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BrokerLogger } from '../logger';

export interface CommittedOffset {
  offset: number;
  metadata: string | null;
}

export interface OffsetCommitEntry extends CommittedOffset {
  topic: string;
  partition: number;
}

/** One line of the offsets file: a commit, or a tombstone for a deleted group or topic. */
type OffsetsFileRecord =
  | { type: 'commit'; group: string; topic: string; partition: number; offset: number; metadata: string | null }
  | { type: 'deleteGroup'; group: string }
  | { type: 'deleteTopic'; topic: string };

/** Rewrite the file once it holds this many more lines than live offsets (and at least this many). */
const COMPACTION_SLACK_LINES = 10_000;

/**
 * Committed consumer-group offsets. Kafka keeps these in the compacted `__consumer_offsets`
 * topic; here an append-only JSON-lines file plays that role when a data directory is set: each
 * commit appends a line, start-up replays the file (last write wins), and the file is rewritten
 * compactly when it has grown well past the live data. A torn last line from a crash is skipped.
 */
export class CommittedOffsetStore {
  private readonly groups = new Map<string, Map<string, OffsetCommitEntry>>();
  private fd: number | null = null;
  private linesInFile = 0;

  private constructor(
    private readonly filePath: string | null,
    private readonly logger: BrokerLogger,
  ) {}

  static inMemory(logger: BrokerLogger): CommittedOffsetStore {
    return new CommittedOffsetStore(null, logger);
  }

  static open(filePath: string, logger: BrokerLogger): CommittedOffsetStore {
    const store = new CommittedOffsetStore(filePath, logger);
    mkdirSync(dirname(filePath), { recursive: true });
    if (existsSync(filePath)) {
      store.replay(readFileSync(filePath, 'utf8'));
    }
    store.fd = openSync(filePath, 'a');
    return store;
  }

  get(group: string, topic: string, partition: number): CommittedOffset | undefined {
    const entry = this.groups.get(group)?.get(partitionKey(topic, partition));
    return entry === undefined ? undefined : { offset: entry.offset, metadata: entry.metadata };
  }

  hasOffsets(group: string): boolean {
    return (this.groups.get(group)?.size ?? 0) > 0;
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  commit(group: string, entries: readonly OffsetCommitEntry[]): void {
    for (const entry of entries) {
      this.apply({ type: 'commit', group, ...entry });
      this.persist({ type: 'commit', group, ...entry });
    }
    this.compactIfWorthwhile();
  }

  deleteGroup(group: string): void {
    if (!this.groups.has(group)) {
      return;
    }
    this.apply({ type: 'deleteGroup', group });
    this.persist({ type: 'deleteGroup', group });
  }

  deleteTopic(topic: string): void {
    this.apply({ type: 'deleteTopic', topic });
    this.persist({ type: 'deleteTopic', topic });
  }

  close(): void {
    if (this.fd !== null) {
      closeSync(this.fd);
    }
    this.fd = null;
  }

  private apply(record: OffsetsFileRecord): void {
    switch (record.type) {
      case 'commit': {
        let offsets = this.groups.get(record.group);
        if (offsets === undefined) {
          offsets = new Map();
          this.groups.set(record.group, offsets);
        }
        offsets.set(partitionKey(record.topic, record.partition), {
          topic: record.topic,
          partition: record.partition,
          offset: record.offset,
          metadata: record.metadata,
        });
        return;
      }
      case 'deleteGroup':
        this.groups.delete(record.group);
        return;
      case 'deleteTopic':
        for (const [group, offsets] of this.groups) {
          for (const [key, entry] of offsets) {
            if (entry.topic === record.topic) {
              offsets.delete(key);
            }
          }
          if (offsets.size === 0) {
            this.groups.delete(group);
          }
        }
        return;
    }
  }

  private persist(record: OffsetsFileRecord): void {
    if (this.fd === null) {
      return;
    }
    const line = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
    let written = 0;
    while (written < line.length) {
      written += writeSync(this.fd, line, written, line.length - written);
    }
    this.linesInFile += 1;
  }

  private replay(content: string): void {
    let skipped = 0;
    for (const line of content.split('\n')) {
      if (line.trim() === '') {
        continue;
      }
      const record = parseRecord(line);
      if (record === null) {
        skipped += 1;
        continue;
      }
      this.apply(record);
      this.linesInFile += 1;
    }
    if (skipped > 0) {
      this.logger.warn('skipped unreadable lines in the offsets file', { file: this.filePath, skipped });
    }
  }

  private compactIfWorthwhile(): void {
    if (this.filePath === null || this.fd === null) {
      return;
    }
    const live = [...this.groups.values()].reduce((sum, offsets) => sum + offsets.size, 0);
    if (this.linesInFile < live + COMPACTION_SLACK_LINES) {
      return;
    }
    const lines: string[] = [];
    for (const [group, offsets] of this.groups) {
      for (const entry of offsets.values()) {
        lines.push(JSON.stringify({ type: 'commit', group, ...entry }));
      }
    }
    const temporary = `${this.filePath}.tmp`;
    writeFileSync(temporary, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
    closeSync(this.fd);
    renameSync(temporary, this.filePath);
    this.fd = openSync(this.filePath, 'a');
    this.linesInFile = lines.length;
  }
}

function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

function parseRecord(line: string): OffsetsFileRecord | null {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== 'object' || value === null) {
      return null;
    }
    const record = value as Record<string, unknown>;
    if (record['type'] === 'commit') {
      const { group, topic, partition, offset, metadata } = record;
      if (typeof group !== 'string' || typeof topic !== 'string') {
        return null;
      }
      if (typeof partition !== 'number' || typeof offset !== 'number') {
        return null;
      }
      if (metadata !== null && typeof metadata !== 'string') {
        return null;
      }
      return { type: 'commit', group, topic, partition, offset, metadata };
    }
    if (record['type'] === 'deleteGroup' && typeof record['group'] === 'string') {
      return { type: 'deleteGroup', group: record['group'] };
    }
    if (record['type'] === 'deleteTopic' && typeof record['topic'] === 'string') {
      return { type: 'deleteTopic', topic: record['topic'] };
    }
    return null;
  } catch {
    return null;
  }
}
