import { validateTopicName, type Topic } from '../log/topic-registry';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { decodeMetadataRequest, encodeMetadataResponse, type MetadataTopic } from '../protocol/messages/metadata';
import {
  decodeCreateTopicsRequest,
  decodeDeleteTopicsRequest,
  encodeTopicErrorsResponse,
  type CreateTopicsRequest,
  type TopicErrorResult,
} from '../protocol/messages/topic-admin';
import { defineApi, type ApiHandler } from './api-handler';
import { BROKER_NODE_ID, type BrokerServices } from './broker-services';

/**
 * Metadata v1, CreateTopics v0, DeleteTopics v0.
 *
 * Metadata stays at v1: v0 has no controller id, and kafkajs's admin.createTopics and the
 * idempotent producer look the controller up and throw without it. Topics are auto-created when
 * named in a Metadata request (Kafka's auto.create.topics.enable) so `producer.send()` to a new
 * topic works; v1 has no per-request allow_auto_topic_creation flag, so it is a broker option.
 */
export function topicHandlers(services: BrokerServices): ApiHandler[] {
  const describeTopic = (topic: Topic): MetadataTopic => ({
    errorCode: ErrorCode.NONE,
    name: topic.name,
    isInternal: false,
    partitions: topic.partitions.map((log) => ({
      errorCode: ErrorCode.NONE,
      partition: log.partition,
      leader: BROKER_NODE_ID,
      replicas: [BROKER_NODE_ID],
      isr: [BROKER_NODE_ID],
    })),
  });

  const metadata = defineApi({
    apiKey: ApiKey.Metadata,
    name: 'Metadata',
    minVersion: 1,
    maxVersion: 1,
    decode: decodeMetadataRequest,
    handle: (request) => {
      const names = request.topics === null ? services.topics.list().map((topic) => topic.name) : [...new Set(request.topics)];
      return {
        brokers: [{ nodeId: BROKER_NODE_ID, ...services.advertisedAddress }],
        controllerId: BROKER_NODE_ID,
        topics: names.map((name): MetadataTopic => {
          let topic = services.topics.get(name);
          if (topic === undefined && services.autoCreateTopics && validateTopicName(name) === ErrorCode.NONE) {
            services.topics.create(name, services.defaultPartitions);
            topic = services.topics.get(name);
          }
          if (topic !== undefined) {
            return describeTopic(topic);
          }
          const errorCode =
            validateTopicName(name) === ErrorCode.NONE ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.INVALID_TOPIC_EXCEPTION;
          return { errorCode, name, isInternal: false, partitions: [] };
        }),
      };
    },
    encode: encodeMetadataResponse,
  });

  const createTopic = (entry: CreateTopicsRequest['topics'][number]): ErrorCode => {
    const hasAssignment = entry.replicaAssignment.length > 0;
    if (hasAssignment) {
      const onlyThisBroker = entry.replicaAssignment.every(
        (assignment) => assignment.replicas.length === 1 && assignment.replicas[0] === BROKER_NODE_ID,
      );
      if (!onlyThisBroker) {
        return ErrorCode.INVALID_REPLICATION_FACTOR;
      }
    } else if (entry.replicationFactor !== -1 && entry.replicationFactor !== 1) {
      // One broker can hold one replica; asking for more would fail on a real one-node cluster too.
      return ErrorCode.INVALID_REPLICATION_FACTOR;
    }
    const partitionCount = hasAssignment
      ? entry.replicaAssignment.length
      : entry.numPartitions === -1
        ? services.defaultPartitions
        : entry.numPartitions;
    if (partitionCount < 1) {
      return ErrorCode.INVALID_PARTITIONS;
    }
    const errorCode = services.topics.create(entry.name, partitionCount);
    if (errorCode === ErrorCode.NONE && entry.configEntries.length > 0) {
      services.logger.warn('topic config entries are not supported and were ignored', {
        topic: entry.name,
        configs: entry.configEntries.map((config) => config.name),
      });
    }
    return errorCode;
  };

  const createTopics = defineApi({
    apiKey: ApiKey.CreateTopics,
    name: 'CreateTopics',
    minVersion: 0,
    maxVersion: 0,
    decode: decodeCreateTopicsRequest,
    handle: (request): TopicErrorResult[] => request.topics.map((entry) => ({ name: entry.name, errorCode: createTopic(entry) })),
    encode: encodeTopicErrorsResponse,
  });

  const deleteTopics = defineApi({
    apiKey: ApiKey.DeleteTopics,
    name: 'DeleteTopics',
    minVersion: 0,
    maxVersion: 0,
    decode: decodeDeleteTopicsRequest,
    handle: (request): TopicErrorResult[] =>
      request.topics.map((name) => {
        const errorCode = services.topics.delete(name);
        if (errorCode === ErrorCode.NONE) {
          services.coordinator.deleteTopic(name);
        }
        return { name, errorCode };
      }),
    encode: encodeTopicErrorsResponse,
  });

  return [metadata, createTopics, deleteTopics];
}
