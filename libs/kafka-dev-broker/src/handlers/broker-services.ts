import type { ConsumerGroupCoordinator } from '../group/consumer-group-coordinator';
import type { TopicRegistry } from '../log/topic-registry';
import type { BrokerLogger } from '../logger';

/** The address clients are told to connect to (Metadata and FindCoordinator). */
export interface AdvertisedAddress {
  host: string;
  port: number;
}

/** What the API handlers need from the running broker. */
export interface BrokerServices {
  readonly topics: TopicRegistry;
  readonly coordinator: ConsumerGroupCoordinator;
  readonly advertisedAddress: AdvertisedAddress;
  readonly autoCreateTopics: boolean;
  readonly defaultPartitions: number;
  readonly logger: BrokerLogger;
  /** Hands out producer ids for idempotent producers. */
  nextProducerId(): number;
}

/** This broker is node 0 of a one-node cluster: leader, controller and group coordinator. */
export const BROKER_NODE_ID = 0;
