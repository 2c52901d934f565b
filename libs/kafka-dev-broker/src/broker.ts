import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { CommittedOffsetStore } from './group/committed-offset-store';
import { ConsumerGroupCoordinator } from './group/consumer-group-coordinator';
import { fetchHandler } from './handlers/fetch-handler';
import { groupHandlers } from './handlers/group-handlers';
import { initProducerIdHandler } from './handlers/init-producer-id-handler';
import { listOffsetsHandler } from './handlers/list-offsets-handler';
import { produceHandler } from './handlers/produce-handler';
import { RequestRouter } from './handlers/request-router';
import { topicHandlers } from './handlers/topic-handlers';
import type { AdvertisedAddress, BrokerServices } from './handlers/broker-services';
import { BrokerConnection } from './connection';
import { DataDirectoryLock } from './log/data-directory-lock';
import { resolveRetentionPolicy, type RetentionPolicy } from './log/retention-policy';
import { TopicRegistry } from './log/topic-registry';
import { createJsonStderrLogger, type BrokerLogger } from './logger';
import type { ApiVersionRange } from './protocol/messages/api-versions';

export interface KafkaDevBrokerOptions {
  /** Defaults to JSON lines on stderr. */
  logger?: BrokerLogger;
}

export interface KafkaDevBrokerRetention extends RetentionPolicy {
  /** How often age-based retention runs. Default 30 s. */
  checkIntervalMs?: number;
}

export interface KafkaDevBrokerStartOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port to listen on; 0 (the default) picks a free one, read it from the result. */
  port?: number;
  /**
   * Host put in Metadata and FindCoordinator answers; kafkajs opens new connections to it.
   * Defaults to `host`, or `127.0.0.1` when listening on a wildcard address.
   */
  advertisedHost?: string;
  /** Persist topics and committed offsets here; omitted means in memory only. */
  dataDir?: string;
  /** Create unknown topics named in a Metadata request (Kafka's auto.create.topics.enable). Default true. */
  autoCreateTopics?: boolean;
  /** Partitions for auto-created topics and for CreateTopics with numPartitions -1. Default 1. */
  defaultPartitions?: number;
  retention?: KafkaDevBrokerRetention;
  /** Larger request frames close the connection. Default 100 MiB (Kafka's socket.request.max.bytes). */
  maxFrameBytes?: number;
}

export interface BrokerAddress {
  host: string;
  port: number;
}

interface RunningBroker {
  server: Server;
  connections: Set<BrokerConnection>;
  topics: TopicRegistry;
  coordinator: ConsumerGroupCoordinator;
  router: RequestRouter;
  retentionTimer: ReturnType<typeof setInterval>;
  lock: DataDirectoryLock | null;
  address: BrokerAddress;
}

const DEFAULT_RETENTION_CHECK_INTERVAL_MS = 30_000;
const DEFAULT_MAX_FRAME_BYTES = 100 * 1024 * 1024;

/**
 * A single-node development broker that speaks the Kafka wire protocol, so the unchanged
 * kafkajs client (producer, consumer groups, admin) runs against it over TCP. For local
 * development and tests only; production uses Apache Kafka or Redpanda with the same client code.
 *
 * @example
 * ```ts
 * const broker = new KafkaDevBroker();
 * const { host, port } = await broker.start({ defaultPartitions: 3 });
 * const kafka = new Kafka({ clientId: 'app', brokers: [`${host}:${port}`] });
 * // ...
 * await broker.stop();
 * ```
 */
export class KafkaDevBroker {
  private readonly logger: BrokerLogger;
  private running: RunningBroker | null = null;
  private starting = false;

  constructor(options: KafkaDevBrokerOptions = {}) {
    this.logger = options.logger ?? createJsonStderrLogger();
  }

  /** The bound address while running, otherwise null. */
  get address(): BrokerAddress | null {
    return this.running?.address ?? null;
  }

  /** Kafka API versions this broker advertises in ApiVersions. */
  get supportedApiVersions(): ApiVersionRange[] {
    return this.requireRunning().router.supportedVersions();
  }

  /** Requests answered per API name since start, e.g. `{ Fetch: 12, Produce: 3 }`. */
  requestCounts(): Record<string, number> {
    return this.requireRunning().router.answeredCounts();
  }

  async start(options: KafkaDevBrokerStartOptions = {}): Promise<BrokerAddress> {
    if (this.running !== null || this.starting) {
      throw new Error('broker is already running');
    }
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? 0;
    const defaultPartitions = options.defaultPartitions ?? 1;
    const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    const checkIntervalMs = options.retention?.checkIntervalMs ?? DEFAULT_RETENTION_CHECK_INTERVAL_MS;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new RangeError(`port must be 0-65535, got ${port}`);
    }
    if (!Number.isInteger(defaultPartitions) || defaultPartitions < 1) {
      throw new RangeError(`defaultPartitions must be a positive integer, got ${defaultPartitions}`);
    }
    if (!(maxFrameBytes > 0)) {
      throw new RangeError(`maxFrameBytes must be positive, got ${maxFrameBytes}`);
    }
    if (!(checkIntervalMs > 0)) {
      throw new RangeError(`retention.checkIntervalMs must be positive, got ${checkIntervalMs}`);
    }
    const retention = resolveRetentionPolicy(options.retention);

    this.starting = true;
    const lock = options.dataDir === undefined ? null : DataDirectoryLock.acquire(options.dataDir);
    let topics: TopicRegistry | null = null;
    let offsets: CommittedOffsetStore | null = null;
    let server: Server | null = null;
    try {
      topics = TopicRegistry.open({
        ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
        retention,
        logger: this.logger,
      });
      const openedTopics = topics;
      offsets =
        options.dataDir === undefined
          ? CommittedOffsetStore.inMemory(this.logger)
          : CommittedOffsetStore.open(join(options.dataDir, 'group-offsets.jsonl'), this.logger);
      const coordinator = new ConsumerGroupCoordinator(
        offsets,
        (topic, partition) => openedTopics.get(topic)?.partition(partition) !== undefined,
        this.logger,
      );
      const connections = new Set<BrokerConnection>();
      let router: RequestRouter | null = null;
      server = createServer((socket: Socket) => {
        if (router === null) {
          socket.destroy();
          return;
        }
        const connection = new BrokerConnection(socket, router, this.logger, maxFrameBytes);
        connections.add(connection);
        void connection.closedSignal.then(() => connections.delete(connection));
      });
      const boundPort = await listen(server, host, port);
      const advertisedAddress: AdvertisedAddress = {
        host: options.advertisedHost ?? (isWildcard(host) ? '127.0.0.1' : host),
        port: boundPort,
      };
      let nextProducerId = topics.largestProducerId() + 1;
      const services: BrokerServices = {
        topics,
        coordinator,
        advertisedAddress,
        autoCreateTopics: options.autoCreateTopics ?? true,
        defaultPartitions,
        logger: this.logger,
        nextProducerId: () => nextProducerId++,
      };
      router = new RequestRouter(
        [
          produceHandler(services),
          fetchHandler(services),
          listOffsetsHandler(services),
          ...topicHandlers(services),
          ...groupHandlers(services),
          initProducerIdHandler(services),
        ],
        this.logger,
      );
      const retentionTimer = setInterval(() => openedTopics.enforceRetention(), checkIntervalMs);
      retentionTimer.unref();
      const address = { host: advertisedAddress.host, port: boundPort };
      this.running = { server, connections, topics, coordinator, router, retentionTimer, lock, address };
      this.logger.info('kafka dev broker listening', {
        host,
        port: boundPort,
        advertisedHost: advertisedAddress.host,
        dataDir: options.dataDir ?? null,
        topics: topics.list().length,
      });
      return address;
    } catch (error) {
      server?.close();
      topics?.close();
      offsets?.close();
      lock?.release();
      throw error;
    } finally {
      this.starting = false;
    }
  }

  /** Closes every connection, stops all timers and releases files. Safe to call twice. */
  async stop(): Promise<void> {
    const running = this.running;
    if (running === null) {
      return;
    }
    this.running = null;
    clearInterval(running.retentionTimer);
    const closed = new Promise<void>((resolve) => running.server.close(() => resolve()));
    for (const connection of running.connections) {
      connection.destroy();
    }
    await Promise.all([...running.connections].map((connection) => connection.closedSignal));
    running.coordinator.close();
    running.topics.close();
    running.lock?.release();
    await closed;
    this.logger.info('kafka dev broker stopped', { port: running.address.port });
  }

  private requireRunning(): RunningBroker {
    if (this.running === null) {
      throw new Error('broker is not running');
    }
    return this.running;
  }
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('server has no TCP address'));
      } else {
        resolve(address.port);
      }
    });
  });
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}
