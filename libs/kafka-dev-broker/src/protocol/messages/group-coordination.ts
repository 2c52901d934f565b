import type { WireReader } from '../wire-reader';
import type { WireWriter } from '../wire-writer';

/**
 * FindCoordinator v0, JoinGroup v1, SyncGroup v0, Heartbeat v0, LeaveGroup v0.
 *
 * JoinGroup stops at v1 on purpose: v4+ makes a new member do an extra MEMBER_ID_REQUIRED round
 * trip, and v1 is the first version that carries a rebalance timeout separate from the session
 * timeout.
 */
export interface FindCoordinatorResponse {
  errorCode: number;
  nodeId: number;
  host: string;
  port: number;
}

export interface JoinGroupRequest {
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  memberId: string;
  protocolType: string;
  protocols: Array<{ name: string; metadata: Buffer }>;
}

export interface JoinGroupResponse {
  errorCode: number;
  generationId: number;
  protocolName: string;
  leaderId: string;
  memberId: string;
  /** Only the leader receives the members and their metadata. */
  members: Array<{ memberId: string; metadata: Buffer }>;
}

export interface SyncGroupRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  assignments: Array<{ memberId: string; assignment: Buffer }>;
}

export interface SyncGroupResponse {
  errorCode: number;
  assignment: Buffer;
}

export interface HeartbeatRequest {
  groupId: string;
  generationId: number;
  memberId: string;
}

export interface LeaveGroupRequest {
  groupId: string;
  memberId: string;
}

export function decodeFindCoordinatorRequest(reader: WireReader): { groupId: string } {
  return { groupId: reader.readString() };
}

export function encodeFindCoordinatorResponse(writer: WireWriter, response: FindCoordinatorResponse): void {
  writer.int16(response.errorCode).int32(response.nodeId).string(response.host).int32(response.port);
}

export function decodeJoinGroupRequest(reader: WireReader): JoinGroupRequest {
  return {
    groupId: reader.readString(),
    sessionTimeoutMs: reader.readInt32(),
    rebalanceTimeoutMs: reader.readInt32(),
    memberId: reader.readString(),
    protocolType: reader.readString(),
    protocols: reader.readArray((r) => ({ name: r.readString(), metadata: r.readBytes() })),
  };
}

export function encodeJoinGroupResponse(writer: WireWriter, response: JoinGroupResponse): void {
  writer
    .int16(response.errorCode)
    .int32(response.generationId)
    .string(response.protocolName)
    .string(response.leaderId)
    .string(response.memberId)
    .array(response.members, (w, member) => {
      w.string(member.memberId).bytes(member.metadata);
    });
}

export function decodeSyncGroupRequest(reader: WireReader): SyncGroupRequest {
  return {
    groupId: reader.readString(),
    generationId: reader.readInt32(),
    memberId: reader.readString(),
    assignments: reader.readArray((r) => ({ memberId: r.readString(), assignment: r.readBytes() })),
  };
}

export function encodeSyncGroupResponse(writer: WireWriter, response: SyncGroupResponse): void {
  writer.int16(response.errorCode).bytes(response.assignment);
}

export function decodeHeartbeatRequest(reader: WireReader): HeartbeatRequest {
  return { groupId: reader.readString(), generationId: reader.readInt32(), memberId: reader.readString() };
}

export function decodeLeaveGroupRequest(reader: WireReader): LeaveGroupRequest {
  return { groupId: reader.readString(), memberId: reader.readString() };
}

/** Heartbeat v0 and LeaveGroup v0 responses are a bare error code. */
export function encodeErrorCodeResponse(writer: WireWriter, errorCode: number): void {
  writer.int16(errorCode);
}
