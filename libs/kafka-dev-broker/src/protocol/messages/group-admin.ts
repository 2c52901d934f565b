import type { WireReader } from '../wire-reader';
import type { WireWriter } from '../wire-writer';

/** DescribeGroups v0, ListGroups v0, DeleteGroups v0. */
export interface DescribedGroupMember {
  memberId: string;
  clientId: string;
  clientHost: string;
  metadata: Buffer;
  assignment: Buffer;
}

export interface DescribedGroup {
  errorCode: number;
  groupId: string;
  /** Kafka's state names: Empty, PreparingRebalance, CompletingRebalance, Stable, Dead. */
  state: string;
  protocolType: string;
  protocolName: string;
  members: DescribedGroupMember[];
}

export interface ListedGroup {
  groupId: string;
  protocolType: string;
}

export interface GroupErrorResult {
  groupId: string;
  errorCode: number;
}

export function decodeGroupIdsRequest(reader: WireReader): { groupIds: string[] } {
  return { groupIds: reader.readArray((r) => r.readString()) };
}

export function encodeDescribeGroupsResponse(writer: WireWriter, groups: readonly DescribedGroup[]): void {
  writer.array(groups, (w, group) => {
    w.int16(group.errorCode)
      .string(group.groupId)
      .string(group.state)
      .string(group.protocolType)
      .string(group.protocolName)
      .array(group.members, (mw, member) => {
        mw.string(member.memberId).string(member.clientId).string(member.clientHost).bytes(member.metadata).bytes(member.assignment);
      });
  });
}

export function encodeListGroupsResponse(writer: WireWriter, groups: readonly ListedGroup[]): void {
  writer.int16(0).array(groups, (w, group) => {
    w.string(group.groupId).string(group.protocolType);
  });
}

export function encodeDeleteGroupsResponse(writer: WireWriter, results: readonly GroupErrorResult[]): void {
  writer.int32(0).array(results, (w, result) => {
    w.string(result.groupId).int16(result.errorCode);
  });
}
