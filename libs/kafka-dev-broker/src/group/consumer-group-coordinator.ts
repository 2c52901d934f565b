import { randomUUID } from 'node:crypto';
import type { BrokerLogger } from '../logger';
import { ErrorCode } from '../protocol/error-codes';
import type { DescribedGroup, GroupErrorResult, ListedGroup } from '../protocol/messages/group-admin';
import type { JoinGroupResponse, SyncGroupRequest, SyncGroupResponse } from '../protocol/messages/group-coordination';
import type {
  OffsetCommitRequest,
  OffsetFetchRequest,
  OffsetFetchResponse,
  PartitionErrorResponse,
} from '../protocol/messages/group-offsets';
import type { CommittedOffsetStore } from './committed-offset-store';
import { ConsumerGroup, type JoinGroupInput } from './consumer-group';

/** Answers whether a topic partition exists, so commits for unknown partitions are refused. */
export type PartitionExists = (topic: string, partition: number) => boolean;

const EMPTY = Buffer.alloc(0);

/**
 * The group coordinator of this single-node broker: it owns every consumer group's membership
 * state machine ({@link ConsumerGroup}) and the committed offsets. Every group is coordinated by
 * node 0, so FindCoordinator always names this broker.
 */
export class ConsumerGroupCoordinator {
  private readonly groups = new Map<string, ConsumerGroup>();

  constructor(
    private readonly offsets: CommittedOffsetStore,
    private readonly partitionExists: PartitionExists,
    private readonly logger: BrokerLogger,
  ) {}

  join(input: JoinGroupInput): Promise<JoinGroupResponse> {
    if (input.groupId === '') {
      return Promise.resolve({
        errorCode: ErrorCode.INVALID_GROUP_ID,
        generationId: -1,
        protocolName: '',
        leaderId: '',
        memberId: input.memberId,
        members: [],
      });
    }
    return this.groupFor(input.groupId).join(input);
  }

  sync(request: SyncGroupRequest): Promise<SyncGroupResponse> {
    const group = this.groups.get(request.groupId);
    if (group === undefined) {
      return Promise.resolve({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    }
    const assignments = new Map(request.assignments.map((entry) => [entry.memberId, entry.assignment]));
    return group.sync(request.memberId, request.generationId, assignments);
  }

  heartbeat(groupId: string, memberId: string, generationId: number): ErrorCode {
    return this.groups.get(groupId)?.heartbeat(memberId, generationId) ?? ErrorCode.UNKNOWN_MEMBER_ID;
  }

  leave(groupId: string, memberId: string): ErrorCode {
    return this.groups.get(groupId)?.leave(memberId) ?? ErrorCode.UNKNOWN_MEMBER_ID;
  }

  commitOffsets(request: OffsetCommitRequest): PartitionErrorResponse {
    const group = this.groups.get(request.groupId);
    let groupError: ErrorCode;
    if (request.groupId === '') {
      groupError = ErrorCode.INVALID_GROUP_ID;
    } else if (group !== undefined) {
      groupError = group.validateCommit(request.memberId, request.generationId);
    } else {
      groupError = request.generationId < 0 ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
    }

    const accepted: Array<{ topic: string; partition: number; offset: number; metadata: string | null }> = [];
    const response: PartitionErrorResponse = {
      topics: request.topics.map((topic) => ({
        name: topic.name,
        partitions: topic.partitions.map((entry) => {
          let errorCode = groupError;
          if (errorCode === ErrorCode.NONE && !this.partitionExists(topic.name, entry.partition)) {
            errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
          }
          if (errorCode === ErrorCode.NONE) {
            accepted.push({ topic: topic.name, partition: entry.partition, offset: entry.offset, metadata: entry.metadata });
          }
          return { partition: entry.partition, errorCode };
        }),
      })),
    };
    if (accepted.length > 0) {
      this.offsets.commit(request.groupId, accepted);
    }
    return response;
  }

  /** Offset -1 with no error means "nothing committed", which kafkajs resolves via ListOffsets. */
  fetchOffsets(request: OffsetFetchRequest): OffsetFetchResponse {
    return {
      topics: request.topics.map((topic) => ({
        name: topic.name,
        partitions: topic.partitions.map((partition) => {
          const committed = this.offsets.get(request.groupId, topic.name, partition);
          return {
            partition,
            offset: committed?.offset ?? -1,
            metadata: committed?.metadata ?? '',
            errorCode: ErrorCode.NONE,
          };
        }),
      })),
    };
  }

  /** Unknown groups are reported as state "Dead" with no error, as Kafka does. */
  describe(groupIds: readonly string[]): DescribedGroup[] {
    return groupIds.map((groupId) => {
      const group = this.groups.get(groupId);
      if (group !== undefined) {
        return group.describe();
      }
      const state = this.offsets.hasOffsets(groupId) ? 'Empty' : 'Dead';
      return { errorCode: ErrorCode.NONE, groupId, state, protocolType: '', protocolName: '', members: [] };
    });
  }

  /** Groups with members or committed offsets (the latter survive a restart in persistent mode). */
  list(): ListedGroup[] {
    const listed = new Map<string, ListedGroup>();
    for (const groupId of this.offsets.groupIds()) {
      listed.set(groupId, { groupId, protocolType: '' });
    }
    for (const group of this.groups.values()) {
      if (group.memberCount > 0 || this.offsets.hasOffsets(group.groupId)) {
        listed.set(group.groupId, { groupId: group.groupId, protocolType: group.type });
      }
    }
    return [...listed.values()];
  }

  deleteGroups(groupIds: readonly string[]): GroupErrorResult[] {
    return groupIds.map((groupId) => {
      const group = this.groups.get(groupId);
      if (group !== undefined && group.memberCount > 0) {
        return { groupId, errorCode: ErrorCode.NON_EMPTY_GROUP };
      }
      if (group === undefined && !this.offsets.hasOffsets(groupId)) {
        return { groupId, errorCode: ErrorCode.GROUP_ID_NOT_FOUND };
      }
      group?.close();
      this.groups.delete(groupId);
      this.offsets.deleteGroup(groupId);
      this.logger.info('group deleted', { groupId });
      return { groupId, errorCode: ErrorCode.NONE };
    });
  }

  /** Kafka drops committed offsets of a deleted topic; so does this broker. */
  deleteTopic(topic: string): void {
    this.offsets.deleteTopic(topic);
  }

  close(): void {
    for (const group of this.groups.values()) {
      group.close();
    }
    this.groups.clear();
    this.offsets.close();
  }

  private groupFor(groupId: string): ConsumerGroup {
    let group = this.groups.get(groupId);
    if (group === undefined) {
      // Kafka's member id format: the client id plus a UUID.
      group = new ConsumerGroup(groupId, this.logger, (clientId) => `${clientId}-${randomUUID()}`);
      this.groups.set(groupId, group);
    }
    return group;
  }
}
