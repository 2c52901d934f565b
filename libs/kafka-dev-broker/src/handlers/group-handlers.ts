import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import {
  decodeGroupIdsRequest,
  encodeDeleteGroupsResponse,
  encodeDescribeGroupsResponse,
  encodeListGroupsResponse,
} from '../protocol/messages/group-admin';
import {
  decodeFindCoordinatorRequest,
  decodeHeartbeatRequest,
  decodeJoinGroupRequest,
  decodeLeaveGroupRequest,
  decodeSyncGroupRequest,
  encodeErrorCodeResponse,
  encodeFindCoordinatorResponse,
  encodeJoinGroupResponse,
  encodeSyncGroupResponse,
} from '../protocol/messages/group-coordination';
import {
  decodeOffsetCommitRequest,
  decodeOffsetFetchRequest,
  encodeOffsetCommitResponse,
  encodeOffsetFetchResponse,
} from '../protocol/messages/group-offsets';
import { defineApi, type ApiHandler } from './api-handler';
import { BROKER_NODE_ID, type BrokerServices } from './broker-services';

/**
 * Consumer-group APIs: FindCoordinator v0, JoinGroup v1, SyncGroup v0, Heartbeat v0,
 * LeaveGroup v0, OffsetCommit v2, OffsetFetch v1, DescribeGroups v0, ListGroups v0,
 * DeleteGroups v0. The state machine lives in `group/`; these only translate wire messages.
 */
export function groupHandlers(services: BrokerServices): ApiHandler[] {
  const { coordinator } = services;
  return [
    defineApi({
      apiKey: ApiKey.FindCoordinator,
      name: 'FindCoordinator',
      minVersion: 0,
      maxVersion: 0,
      decode: decodeFindCoordinatorRequest,
      handle: () => ({ errorCode: ErrorCode.NONE, nodeId: BROKER_NODE_ID, ...services.advertisedAddress }),
      encode: encodeFindCoordinatorResponse,
    }),
    defineApi({
      apiKey: ApiKey.JoinGroup,
      name: 'JoinGroup',
      minVersion: 1,
      maxVersion: 1,
      decode: decodeJoinGroupRequest,
      handle: (request, context) => coordinator.join({ ...request, clientId: context.clientId, clientHost: context.clientHost }),
      encode: encodeJoinGroupResponse,
    }),
    defineApi({
      apiKey: ApiKey.SyncGroup,
      name: 'SyncGroup',
      minVersion: 0,
      maxVersion: 0,
      decode: decodeSyncGroupRequest,
      handle: (request) => coordinator.sync(request),
      encode: encodeSyncGroupResponse,
    }),
    defineApi({
      apiKey: ApiKey.Heartbeat,
      name: 'Heartbeat',
      minVersion: 0,
      maxVersion: 0,
      decode: decodeHeartbeatRequest,
      handle: (request) => coordinator.heartbeat(request.groupId, request.memberId, request.generationId),
      encode: encodeErrorCodeResponse,
    }),
    defineApi({
      apiKey: ApiKey.LeaveGroup,
      name: 'LeaveGroup',
      minVersion: 0,
      maxVersion: 0,
      decode: decodeLeaveGroupRequest,
      handle: (request) => coordinator.leave(request.groupId, request.memberId),
      encode: encodeErrorCodeResponse,
    }),
    defineApi({
      apiKey: ApiKey.OffsetCommit,
      name: 'OffsetCommit',
      minVersion: 2,
      maxVersion: 2,
      decode: decodeOffsetCommitRequest,
      handle: (request) => coordinator.commitOffsets(request),
      encode: encodeOffsetCommitResponse,
    }),
    defineApi({
      apiKey: ApiKey.OffsetFetch,
      name: 'OffsetFetch',
      minVersion: 1,
      maxVersion: 1,
      decode: decodeOffsetFetchRequest,
      handle: (request) => coordinator.fetchOffsets(request),
      encode: encodeOffsetFetchResponse,
    }),
    defineApi({
      apiKey: ApiKey.DescribeGroups,
      name: 'DescribeGroups',
      minVersion: 0,
      maxVersion: 0,
      decode: decodeGroupIdsRequest,
      handle: (request) => coordinator.describe(request.groupIds),
      encode: encodeDescribeGroupsResponse,
    }),
    defineApi({
      apiKey: ApiKey.ListGroups,
      name: 'ListGroups',
      minVersion: 0,
      maxVersion: 0,
      decode: () => ({}),
      handle: () => coordinator.list(),
      encode: encodeListGroupsResponse,
    }),
    defineApi({
      apiKey: ApiKey.DeleteGroups,
      name: 'DeleteGroups',
      minVersion: 0,
      maxVersion: 0,
      decode: decodeGroupIdsRequest,
      handle: (request) => coordinator.deleteGroups(request.groupIds),
      encode: encodeDeleteGroupsResponse,
    }),
  ];
}
