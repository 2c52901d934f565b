import { EventEmitter, on } from 'node:events';
import type { EventOfType } from '@crm-bridge/contracts';
import { ErrorKind } from '@crm-bridge/subgraph';
import { DealUpdatesException, DealUpdatesExceptionCode } from './deal-updates.exception';

/** A `deal.updated` event as this instance received it; `sequence` is its place in arrival order. */
export interface ReceivedDealUpdate {
  readonly sequence: number;
  readonly receivedAtMs: number;
  readonly event: EventOfType<'deal.updated'>;
}

/** What a subscriber asked for; a field left out matches every value. */
export interface DealUpdateSelection {
  readonly pipeline?: string | null | undefined;
  readonly phase?: string | null | undefined;
  readonly partnerId?: string | null | undefined;
  readonly integrationId?: string | null | undefined;
}

/**
 * The deal updates this instance received in the last `retentionMs`, in arrival order, and the
 * live fan-out of new ones to its subscribers, one channel per tenant (a subscriber only ever
 * listens on its own tenant's). Memory only: each instance consumes every update itself.
 *
 * Resuming is by arrival order here: the updates after the resume point, then live ones, with no
 * gap and no repeat (the replay is copied and the live listener added in the same tick, and
 * appends are synchronous).
 */
export class DealUpdateFeed {
  private readonly received: ReceivedDealUpdate[] = [];
  private readonly byEventId = new Map<string, ReceivedDealUpdate>();
  private readonly tenants = new EventEmitter();
  private nextSequence = 1;

  constructor(
    private readonly retentionMs: number,
    private readonly now: () => number = Date.now,
  ) {
    // One listener per open subscription of a tenant; thousands are expected.
    this.tenants.setMaxListeners(0);
  }

  /** Keeps an update and sends it to its tenant's subscribers; an event seen before (a redelivery) is dropped. */
  append(event: EventOfType<'deal.updated'>): void {
    this.forgetExpired();
    if (this.byEventId.has(event.eventId)) {
      return;
    }
    const update: ReceivedDealUpdate = { sequence: this.nextSequence++, receivedAtMs: this.now(), event };
    this.received.push(update);
    this.byEventId.set(event.eventId, update);
    this.tenants.emit(event.tenantId, update);
  }

  /**
   * The tenant's updates matching `selection`: those received after `afterEventId` first (when
   * given), then each new one as it arrives, until the iterator is returned. Throws
   * EVENT_NO_LONGER_RETAINED for a resume point this instance does not hold (too old, never seen,
   * or another tenant's — told apart by no one).
   */
  updates(tenantId: string, selection: DealUpdateSelection, afterEventId?: string | null): AsyncIterableIterator<ReceivedDealUpdate> {
    this.forgetExpired();
    let replay: ReceivedDealUpdate[] = [];
    if (afterEventId !== undefined && afterEventId !== null) {
      const resumePoint = this.byEventId.get(afterEventId);
      if (!resumePoint || resumePoint.event.tenantId !== tenantId) {
        throw new DealUpdatesException(
          DealUpdatesExceptionCode.EventNoLongerRetained,
          ErrorKind.NotFound,
          `afterEventId ${afterEventId} is not among the deal updates of the last ${Math.round(this.retentionMs / 1000)} s: read the deals again and subscribe without it`,
          'afterEventId',
        );
      }
      replay = this.received.filter((update) => update.sequence > resumePoint.sequence && update.event.tenantId === tenantId);
    }
    const live = on(this.tenants, tenantId) as AsyncIterableIterator<[ReceivedDealUpdate]>;
    const pending = replay.filter((update) => matchesSelection(update, selection));
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next(): Promise<IteratorResult<ReceivedDealUpdate>> {
        const replayed = pending.shift();
        if (replayed) {
          return { value: replayed, done: false };
        }
        for (;;) {
          const arrived = await live.next();
          if (arrived.done) {
            return { value: undefined, done: true };
          }
          const [update] = arrived.value;
          if (matchesSelection(update, selection)) {
            return { value: update, done: false };
          }
        }
      },
      // Removes the listener at once, even while next() waits (an async generator would only
      // notice at its next yield, keeping a closed subscription's listener until an update came).
      async return(): Promise<IteratorResult<ReceivedDealUpdate>> {
        pending.length = 0;
        await live.return?.();
        return { value: undefined, done: true };
      },
    };
  }

  /** How many updates are held (for tests and metrics). */
  get size(): number {
    this.forgetExpired();
    return this.received.length;
  }

  private forgetExpired(): void {
    const oldestKept = this.now() - this.retentionMs;
    let expired = 0;
    while (expired < this.received.length && (this.received[expired] as ReceivedDealUpdate).receivedAtMs < oldestKept) {
      this.byEventId.delete((this.received[expired] as ReceivedDealUpdate).event.eventId);
      expired += 1;
    }
    if (expired > 0) {
      this.received.splice(0, expired);
    }
  }
}

function matchesSelection({ event }: ReceivedDealUpdate, selection: DealUpdateSelection): boolean {
  const given = (wanted: string | null | undefined, actual: string | null) => wanted === undefined || wanted === null || wanted === actual;
  return (
    given(selection.pipeline, event.data.pipeline) &&
    given(selection.phase, event.data.phase) &&
    given(selection.partnerId, event.data.partnerId) &&
    given(selection.integrationId, event.integrationId)
  );
}
