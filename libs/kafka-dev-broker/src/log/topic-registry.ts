import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrokerLogger } from '../logger';
import { ErrorCode } from '../protocol/error-codes';
import { PartitionLog } from './partition-log';
import { PartitionLogDirectory } from './partition-log-directory';
import type { ResolvedRetentionPolicy } from './retention-policy';

/** Kafka's own rule for legal topic names; it also keeps names safe as directory names. */
const LEGAL_TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export function validateTopicName(name: string): ErrorCode {
  if (!LEGAL_TOPIC_NAME.test(name) || name === '.' || name === '..') {
    return ErrorCode.INVALID_TOPIC_EXCEPTION;
  }
  return ErrorCode.NONE;
}

export class Topic {
  constructor(
    readonly name: string,
    readonly partitions: readonly PartitionLog[],
  ) {}

  partition(index: number): PartitionLog | undefined {
    return this.partitions[index];
  }
}

interface TopicManifest {
  name: string;
  partitionCount: number;
}

/**
 * All topics of the broker. With a data directory, each topic lives in
 * `<dataDir>/topics/<name>/` with a `topic.json` manifest and one sub-directory of segment files
 * per partition (`<name>/<partition>/`). Nesting by partition number avoids Kafka's
 * `<name>-<partition>` naming, which is ambiguous for topic names that end in `-<digits>`.
 */
export class TopicRegistry {
  private readonly topics = new Map<string, Topic>();

  private constructor(
    private readonly retention: ResolvedRetentionPolicy,
    private readonly topicsDirectory: string | null,
    private readonly logger: BrokerLogger,
  ) {}

  static open(options: { dataDir?: string; retention: ResolvedRetentionPolicy; logger: BrokerLogger }): TopicRegistry {
    const topicsDirectory = options.dataDir === undefined ? null : join(options.dataDir, 'topics');
    const registry = new TopicRegistry(options.retention, topicsDirectory, options.logger);
    if (topicsDirectory !== null) {
      registry.loadFromDisk(topicsDirectory);
    }
    return registry;
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  list(): Topic[] {
    return [...this.topics.values()];
  }

  create(name: string, partitionCount: number): ErrorCode {
    const nameError = validateTopicName(name);
    if (nameError !== ErrorCode.NONE) {
      return nameError;
    }
    if (this.topics.has(name)) {
      return ErrorCode.TOPIC_ALREADY_EXISTS;
    }
    if (!Number.isInteger(partitionCount) || partitionCount < 1) {
      return ErrorCode.INVALID_PARTITIONS;
    }
    if (this.topicsDirectory !== null) {
      const directory = join(this.topicsDirectory, name);
      mkdirSync(directory, { recursive: true });
      const manifest: TopicManifest = { name, partitionCount };
      // Write-then-rename so a crash never leaves a half-written manifest behind.
      const temporary = join(directory, 'topic.json.tmp');
      writeFileSync(temporary, JSON.stringify(manifest));
      renameSync(temporary, join(directory, 'topic.json'));
    }
    this.topics.set(name, this.openTopic(name, partitionCount));
    this.logger.info('topic created', { topic: name, partitions: partitionCount });
    return ErrorCode.NONE;
  }

  delete(name: string): ErrorCode {
    const topic = this.topics.get(name);
    if (topic === undefined) {
      return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    }
    this.topics.delete(name);
    for (const partition of topic.partitions) {
      partition.destroy();
    }
    if (this.topicsDirectory !== null) {
      rmSync(join(this.topicsDirectory, name), { recursive: true, force: true });
    }
    this.logger.info('topic deleted', { topic: name });
    return ErrorCode.NONE;
  }

  enforceRetention(): void {
    for (const topic of this.topics.values()) {
      for (const partition of topic.partitions) {
        const deleted = partition.enforceRetention();
        if (deleted > 0) {
          this.logger.info('retention deleted segments', {
            topic: topic.name,
            partition: partition.partition,
            segments: deleted,
            logStartOffset: partition.logStartOffset,
          });
        }
      }
    }
  }

  largestProducerId(): number {
    let largest = -1;
    for (const topic of this.topics.values()) {
      for (const partition of topic.partitions) {
        largest = Math.max(largest, partition.largestProducerId);
      }
    }
    return largest;
  }

  close(): void {
    for (const topic of this.topics.values()) {
      for (const partition of topic.partitions) {
        partition.close();
      }
    }
    this.topics.clear();
  }

  private openTopic(name: string, partitionCount: number): Topic {
    const partitions = Array.from({ length: partitionCount }, (_, partition) =>
      PartitionLog.create({
        topic: name,
        partition,
        retention: this.retention,
        ...(this.topicsDirectory === null
          ? {}
          : { directory: new PartitionLogDirectory(join(this.topicsDirectory, name, String(partition)), this.logger) }),
      }),
    );
    return new Topic(name, partitions);
  }

  private loadFromDisk(topicsDirectory: string): void {
    mkdirSync(topicsDirectory, { recursive: true });
    for (const entry of readdirSync(topicsDirectory, { withFileTypes: true })) {
      if (!entry.isDirectory()) {
        continue;
      }
      const manifestPath = join(topicsDirectory, entry.name, 'topic.json');
      if (!existsSync(manifestPath)) {
        this.logger.warn('ignoring topic directory without topic.json', { directory: entry.name });
        continue;
      }
      const manifest = parseManifest(readFileSync(manifestPath, 'utf8'));
      if (manifest === null || manifest.name !== entry.name) {
        this.logger.warn('ignoring topic directory with an invalid topic.json', { directory: entry.name });
        continue;
      }
      this.topics.set(manifest.name, this.openTopic(manifest.name, manifest.partitionCount));
    }
    if (this.topics.size > 0) {
      this.logger.info('topics loaded from disk', { topics: this.topics.size });
    }
  }
}

function parseManifest(text: string): TopicManifest | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) {
      return null;
    }
    const { name, partitionCount } = value as Record<string, unknown>;
    if (typeof name !== 'string' || validateTopicName(name) !== ErrorCode.NONE) {
      return null;
    }
    if (typeof partitionCount !== 'number' || !Number.isInteger(partitionCount) || partitionCount < 1) {
      return null;
    }
    return { name, partitionCount };
  } catch {
    return null;
  }
}
