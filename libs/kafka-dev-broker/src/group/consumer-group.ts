import type { BrokerLogger } from '../logger';
import { ErrorCode } from '../protocol/error-codes';
import type { DescribedGroup } from '../protocol/messages/group-admin';
import type { JoinGroupRequest, JoinGroupResponse, SyncGroupResponse } from '../protocol/messages/group-coordination';

/** Kafka's group states, with the names DescribeGroups reports. */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable';

export interface JoinGroupInput extends JoinGroupRequest {
  clientId: string;
  clientHost: string;
}

interface GroupProtocol {
  name: string;
  metadata: Buffer;
}

interface GroupMember {
  readonly memberId: string;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: GroupProtocol[];
  assignment: Buffer;
  /** Set while the member's JoinGroup response is held back until the rebalance completes. */
  awaitingJoin: ((response: JoinGroupResponse) => void) | null;
  /** Set while the member's SyncGroup response waits for the leader's assignment. */
  awaitingSync: ((response: SyncGroupResponse) => void) | null;
  sessionTimer: ReturnType<typeof setTimeout> | null;
}

/** Kafka's group.min/max.session.timeout.ms are 6 s and 30 min; the floor is lower for fast tests. */
const MIN_SESSION_TIMEOUT_MS = 100;
const MAX_SESSION_TIMEOUT_MS = 30 * 60 * 1000;
const EMPTY = Buffer.alloc(0);

/**
 * One consumer group's membership state machine, following Kafka's GroupCoordinator:
 *
 * ```
 * Empty ──join──▶ PreparingRebalance ──all known members rejoined, or rebalance timeout──▶
 *   CompletingRebalance ──leader's SyncGroup──▶ Stable ──join/leave/session expiry──▶ PreparingRebalance
 * ```
 *
 * - JoinGroup responses are held until every known member has rejoined; members that have not
 *   rejoined by the largest rebalance timeout are dropped. kafkajs times the JoinGroup request
 *   out at rebalanceTimeout + 5 s, so the held response always arrives in time.
 * - Existing members learn about a rebalance from REBALANCE_IN_PROGRESS on Heartbeat (and on
 *   SyncGroup/OffsetCommit in CompletingRebalance), after which kafkajs rejoins.
 * - A member whose session timer fires (no heartbeat, commit or join within its session
 *   timeout) is removed, which starts a rebalance. The timer is paused while a member waits for
 *   a held JoinGroup or SyncGroup response: it cannot heartbeat then, and Kafka counts it alive.
 */
export class ConsumerGroup {
  private currentState: GroupState = 'Empty';
  private generation = 0;
  private protocolType: string | null = null;
  private protocolName: string | null = null;
  private leaderId: string | null = null;
  private readonly members = new Map<string, GroupMember>();
  private rebalanceTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly groupId: string,
    private readonly logger: BrokerLogger,
    private readonly newMemberId: (clientId: string) => string,
  ) {}

  get state(): GroupState {
    return this.currentState;
  }

  get generationId(): number {
    return this.generation;
  }

  get memberCount(): number {
    return this.members.size;
  }

  get type(): string {
    return this.protocolType ?? '';
  }

  join(input: JoinGroupInput): Promise<JoinGroupResponse> {
    if (input.sessionTimeoutMs < MIN_SESSION_TIMEOUT_MS || input.sessionTimeoutMs > MAX_SESSION_TIMEOUT_MS) {
      return Promise.resolve(this.joinError(ErrorCode.INVALID_SESSION_TIMEOUT, input.memberId));
    }
    const existing = input.memberId === '' ? undefined : this.members.get(input.memberId);
    if (input.memberId !== '' && existing === undefined) {
      return Promise.resolve(this.joinError(ErrorCode.UNKNOWN_MEMBER_ID, input.memberId));
    }
    if (!this.acceptsProtocols(input, existing?.memberId)) {
      return Promise.resolve(this.joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, input.memberId));
    }
    return new Promise((resolve) => {
      if (existing === undefined) {
        const member: GroupMember = {
          memberId: this.newMemberId(input.clientId),
          clientId: input.clientId,
          clientHost: input.clientHost,
          sessionTimeoutMs: input.sessionTimeoutMs,
          rebalanceTimeoutMs: input.rebalanceTimeoutMs,
          protocols: input.protocols,
          assignment: EMPTY,
          awaitingJoin: resolve,
          awaitingSync: null,
          sessionTimer: null,
        };
        if (this.members.size === 0) {
          this.protocolType = input.protocolType;
        }
        this.members.set(member.memberId, member);
        this.logger.info('member joining group', { groupId: this.groupId, memberId: member.memberId, clientId: input.clientId });
        if (this.currentState === 'PreparingRebalance') {
          this.completeJoinIfAllRejoined();
        } else {
          this.prepareRebalance(`new member ${member.memberId}`);
        }
        return;
      }
      const protocolsChanged = !sameProtocols(existing.protocols, input.protocols);
      existing.sessionTimeoutMs = input.sessionTimeoutMs;
      existing.rebalanceTimeoutMs = input.rebalanceTimeoutMs;
      existing.protocols = input.protocols;
      const isLeader = existing.memberId === this.leaderId;
      const nothingChanged =
        (this.currentState === 'CompletingRebalance' && !protocolsChanged) ||
        (this.currentState === 'Stable' && !protocolsChanged && !isLeader);
      if (nothingChanged) {
        // A follower re-sending an unchanged join (e.g. after a lost response) gets the current
        // generation back instead of forcing everyone through another rebalance.
        this.touch(existing);
        resolve(this.joinResponse(existing));
        return;
      }
      this.replaceAwaitingJoin(existing, resolve);
      if (this.currentState === 'PreparingRebalance') {
        this.completeJoinIfAllRejoined();
      } else {
        this.prepareRebalance(isLeader ? `leader ${existing.memberId} rejoined` : `member ${existing.memberId} changed its protocols`);
      }
    });
  }

  sync(memberId: string, generationId: number, assignments: ReadonlyMap<string, Buffer>): Promise<SyncGroupResponse> {
    const member = this.members.get(memberId);
    if (member === undefined) {
      return Promise.resolve({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    }
    if (generationId !== this.generation) {
      return Promise.resolve({ errorCode: ErrorCode.ILLEGAL_GENERATION, assignment: EMPTY });
    }
    switch (this.currentState) {
      case 'Empty':
        return Promise.resolve({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
      case 'PreparingRebalance':
        return Promise.resolve({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
      case 'Stable':
        this.touch(member);
        return Promise.resolve({ errorCode: ErrorCode.NONE, assignment: member.assignment });
      case 'CompletingRebalance':
        return new Promise((resolve) => {
          member.awaitingSync?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
          member.awaitingSync = resolve;
          this.pauseSessionTimer(member);
          if (memberId === this.leaderId) {
            this.completeSync(assignments);
          }
        });
    }
  }

  heartbeat(memberId: string, generationId: number): ErrorCode {
    const member = this.members.get(memberId);
    if (member === undefined) {
      return ErrorCode.UNKNOWN_MEMBER_ID;
    }
    this.touch(member);
    if (this.currentState === 'PreparingRebalance') {
      return ErrorCode.REBALANCE_IN_PROGRESS;
    }
    if (generationId !== this.generation) {
      return ErrorCode.ILLEGAL_GENERATION;
    }
    return ErrorCode.NONE;
  }

  leave(memberId: string): ErrorCode {
    const member = this.members.get(memberId);
    if (member === undefined) {
      return ErrorCode.UNKNOWN_MEMBER_ID;
    }
    this.logger.info('member left group', { groupId: this.groupId, memberId });
    this.removeMember(member);
    this.onMembershipShrunk(`member ${memberId} left`);
    return ErrorCode.NONE;
  }

  /**
   * Whether an OffsetCommit from this member and generation may be stored. A commit with
   * generation -1 and no member id is an "admin" commit (kafkajs admin.setOffsets), allowed only
   * while nobody consumes. Commits during PreparingRebalance are accepted, as in Kafka, so a
   * consumer can save its progress before it rejoins.
   */
  validateCommit(memberId: string, generationId: number): ErrorCode {
    if (generationId < 0 && memberId === '') {
      return this.members.size === 0 ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
    }
    if (this.currentState === 'CompletingRebalance') {
      return ErrorCode.REBALANCE_IN_PROGRESS;
    }
    const member = this.members.get(memberId);
    if (member === undefined) {
      return ErrorCode.UNKNOWN_MEMBER_ID;
    }
    if (generationId !== this.generation) {
      return ErrorCode.ILLEGAL_GENERATION;
    }
    this.touch(member);
    return ErrorCode.NONE;
  }

  describe(): DescribedGroup {
    const stable = this.currentState === 'Stable';
    return {
      errorCode: ErrorCode.NONE,
      groupId: this.groupId,
      state: this.currentState,
      protocolType: this.protocolType ?? '',
      protocolName: stable ? (this.protocolName ?? '') : '',
      members: [...this.members.values()].map((member) => ({
        memberId: member.memberId,
        clientId: member.clientId,
        clientHost: member.clientHost,
        metadata: stable ? this.metadataFor(member) : EMPTY,
        assignment: stable ? member.assignment : EMPTY,
      })),
    };
  }

  /** Stops all timers and answers every held request, e.g. when the broker shuts down. */
  close(): void {
    this.clearRebalanceTimer();
    for (const member of this.members.values()) {
      this.pauseSessionTimer(member);
      member.awaitingJoin?.(this.joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, member.memberId));
      member.awaitingSync?.({ errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, assignment: EMPTY });
      member.awaitingJoin = null;
      member.awaitingSync = null;
    }
  }

  private prepareRebalance(reason: string): void {
    if (this.currentState === 'CompletingRebalance') {
      // The generation being synced is void: followers waiting for their assignment must rejoin.
      for (const member of this.members.values()) {
        member.assignment = EMPTY;
        if (member.awaitingSync !== null) {
          member.awaitingSync({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
          member.awaitingSync = null;
          this.touch(member);
        }
      }
    }
    this.currentState = 'PreparingRebalance';
    const rebalanceTimeoutMs = Math.max(0, ...[...this.members.values()].map((member) => member.rebalanceTimeoutMs));
    this.clearRebalanceTimer();
    this.rebalanceTimer = setTimeout(() => this.onRebalanceTimeout(), rebalanceTimeoutMs);
    this.rebalanceTimer.unref();
    this.logger.info('group rebalancing', { groupId: this.groupId, reason, generationId: this.generation, rebalanceTimeoutMs });
    this.completeJoinIfAllRejoined();
  }

  private completeJoinIfAllRejoined(): void {
    if (this.currentState !== 'PreparingRebalance') {
      return;
    }
    for (const member of this.members.values()) {
      if (member.awaitingJoin === null) {
        return;
      }
    }
    this.completeJoin();
  }

  private onRebalanceTimeout(): void {
    this.rebalanceTimer = null;
    if (this.currentState !== 'PreparingRebalance') {
      return;
    }
    for (const member of [...this.members.values()]) {
      if (member.awaitingJoin !== null) {
        continue;
      }
      this.logger.info('member removed: did not rejoin within the rebalance timeout', {
        groupId: this.groupId,
        memberId: member.memberId,
      });
      this.removeMember(member);
    }
    this.completeJoin();
  }

  private completeJoin(): void {
    this.clearRebalanceTimer();
    this.generation += 1;
    if (this.members.size === 0) {
      this.currentState = 'Empty';
      this.protocolName = null;
      this.leaderId = null;
      this.logger.info('group is empty', { groupId: this.groupId, generationId: this.generation });
      return;
    }
    this.protocolName = this.selectProtocol();
    if (this.leaderId === null || !this.members.has(this.leaderId)) {
      this.leaderId = this.members.keys().next().value ?? null;
    }
    this.currentState = 'CompletingRebalance';
    for (const member of this.members.values()) {
      const respond = member.awaitingJoin;
      member.awaitingJoin = null;
      this.touch(member);
      respond?.(this.joinResponse(member));
    }
    this.logger.info('group rebalance completed', {
      groupId: this.groupId,
      generationId: this.generation,
      leaderId: this.leaderId,
      members: [...this.members.keys()],
      protocol: this.protocolName,
    });
  }

  private completeSync(assignments: ReadonlyMap<string, Buffer>): void {
    for (const member of this.members.values()) {
      member.assignment = assignments.get(member.memberId) ?? EMPTY;
    }
    this.currentState = 'Stable';
    for (const member of this.members.values()) {
      const respond = member.awaitingSync;
      member.awaitingSync = null;
      this.touch(member);
      respond?.({ errorCode: ErrorCode.NONE, assignment: member.assignment });
    }
    this.logger.info('group stable', { groupId: this.groupId, generationId: this.generation });
  }

  private onMembershipShrunk(reason: string): void {
    if (this.currentState === 'Stable' || this.currentState === 'CompletingRebalance') {
      this.prepareRebalance(reason);
    } else if (this.currentState === 'PreparingRebalance') {
      this.completeJoinIfAllRejoined();
    }
  }

  private onSessionExpired(member: GroupMember): void {
    member.sessionTimer = null;
    if (this.members.get(member.memberId) !== member) {
      return;
    }
    this.logger.info('member session expired', {
      groupId: this.groupId,
      memberId: member.memberId,
      sessionTimeoutMs: member.sessionTimeoutMs,
    });
    this.removeMember(member);
    this.onMembershipShrunk(`member ${member.memberId} session expired`);
  }

  private removeMember(member: GroupMember): void {
    this.pauseSessionTimer(member);
    this.members.delete(member.memberId);
    member.awaitingJoin?.(this.joinError(ErrorCode.UNKNOWN_MEMBER_ID, member.memberId));
    member.awaitingSync?.({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    member.awaitingJoin = null;
    member.awaitingSync = null;
    if (this.leaderId === member.memberId) {
      this.leaderId = null;
    }
  }

  /** Restarts the member's session timer, unless it is parked waiting on a held response. */
  private touch(member: GroupMember): void {
    this.pauseSessionTimer(member);
    if (member.awaitingJoin !== null || member.awaitingSync !== null) {
      return;
    }
    member.sessionTimer = setTimeout(() => this.onSessionExpired(member), member.sessionTimeoutMs);
    member.sessionTimer.unref();
  }

  private pauseSessionTimer(member: GroupMember): void {
    if (member.sessionTimer !== null) {
      clearTimeout(member.sessionTimer);
    }
    member.sessionTimer = null;
  }

  private replaceAwaitingJoin(member: GroupMember, resolve: (response: JoinGroupResponse) => void): void {
    member.awaitingJoin?.(this.joinError(ErrorCode.REBALANCE_IN_PROGRESS, member.memberId));
    member.awaitingJoin = resolve;
    this.pauseSessionTimer(member);
  }

  private clearRebalanceTimer(): void {
    if (this.rebalanceTimer !== null) {
      clearTimeout(this.rebalanceTimer);
    }
    this.rebalanceTimer = null;
  }

  private acceptsProtocols(input: JoinGroupInput, rejoiningMemberId: string | undefined): boolean {
    if (input.protocolType === '' || input.protocols.length === 0) {
      return false;
    }
    const others = [...this.members.values()].filter((member) => member.memberId !== rejoiningMemberId);
    if (others.length === 0) {
      return true;
    }
    if (this.protocolType !== null && this.protocolType !== input.protocolType) {
      return false;
    }
    return input.protocols.some((protocol) =>
      others.every((member) => member.protocols.some((candidate) => candidate.name === protocol.name)),
    );
  }

  /** Each member votes for its most preferred protocol that every member supports; most votes wins. */
  private selectProtocol(): string {
    const members = [...this.members.values()];
    const supportedByAll = (name: string): boolean =>
      members.every((member) => member.protocols.some((protocol) => protocol.name === name));
    const votes = new Map<string, number>();
    for (const member of members) {
      const choice = member.protocols.find((protocol) => supportedByAll(protocol.name));
      if (choice !== undefined) {
        votes.set(choice.name, (votes.get(choice.name) ?? 0) + 1);
      }
    }
    let winner = '';
    let winnerVotes = -1;
    for (const [name, count] of votes) {
      if (count > winnerVotes) {
        winner = name;
        winnerVotes = count;
      }
    }
    return winner;
  }

  private metadataFor(member: GroupMember): Buffer {
    return member.protocols.find((protocol) => protocol.name === this.protocolName)?.metadata ?? EMPTY;
  }

  private joinResponse(member: GroupMember): JoinGroupResponse {
    const isLeader = member.memberId === this.leaderId;
    return {
      errorCode: ErrorCode.NONE,
      generationId: this.generation,
      protocolName: this.protocolName ?? '',
      leaderId: this.leaderId ?? '',
      memberId: member.memberId,
      members: isLeader ? [...this.members.values()].map((other) => ({ memberId: other.memberId, metadata: this.metadataFor(other) })) : [],
    };
  }

  private joinError(errorCode: ErrorCode, memberId: string): JoinGroupResponse {
    return { errorCode, generationId: -1, protocolName: '', leaderId: '', memberId, members: [] };
  }
}

function sameProtocols(left: readonly GroupProtocol[], right: readonly GroupProtocol[]): boolean {
  return (
    left.length === right.length &&
    left.every((protocol, index) => {
      const other = right[index];
      return other !== undefined && other.name === protocol.name && other.metadata.equals(protocol.metadata);
    })
  );
}
