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

/** Who opened a subscription: its tenant and caller id (`api-key:<key id>` for a partner key), what {@link DealUpdateFeed.end} names. */
export interface DealUpdateSubscriber {
  readonly tenantId: string;
  readonly callerId: string;
}

/**
 * The last item of a subscription that was ended ({@link DealUpdateFeed.end}): the reason, which
 * the resolver raises so the client receives it as the subscription's last result, after which
 * the iterator is done.
 */
export interface EndedDealUpdates {
  readonly endedBy: Error;
}

/** What a subscription's iterator yields: updates, and at most one {@link EndedDealUpdates}, last. */
export type DealUpdateStreamItem = ReceivedDealUpdate | EndedDealUpdates;

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
  /** How to end each open subscription, by subscriber (tenant and caller id). */
  private readonly openBySubscriber = new Map<string, Set<(reason: Error) => void>>();
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
   * The subscriber's tenant's updates matching `selection`: those received after `afterEventId`
   * first (when given), then each new one as it arrives, until the iterator is returned or the
   * subscription is ended ({@link end}). Throws EVENT_NO_LONGER_RETAINED for a resume point this
   * instance does not hold (too old, never seen, or another tenant's — told apart by no one).
   */
  updates(
    subscriber: DealUpdateSubscriber,
    selection: DealUpdateSelection,
    afterEventId?: string | null,
  ): AsyncIterableIterator<DealUpdateStreamItem> {
    const { tenantId } = subscriber;
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
    const subscriberKey = keyOfSubscriber(subscriber);
    let ending: Error | null = null;
    let finished = false;
    // Wakes a next() that waits for an update; a fresh one per wait (racing one long-lived promise
    // would add a reaction to it per update, for the life of the subscription).
    let wakeWaiting: (() => void) | null = null;
    const end = (reason: Error) => {
      ending ??= reason;
      wakeWaiting?.();
    };
    const open = this.openBySubscriber.get(subscriberKey) ?? new Set();
    open.add(end);
    this.openBySubscriber.set(subscriberKey, open);
    const close = async () => {
      finished = true;
      pending.length = 0;
      open.delete(end);
      if (open.size === 0 && this.openBySubscriber.get(subscriberKey) === open) {
        this.openBySubscriber.delete(subscriberKey);
      }
      await live.return?.();
    };
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next(): Promise<IteratorResult<DealUpdateStreamItem>> {
        for (;;) {
          if (finished) {
            return { value: undefined, done: true };
          }
          if (ending) {
            const endedBy: Error = ending;
            await close();
            return { value: { endedBy }, done: false };
          }
          const replayed = pending.shift();
          if (replayed) {
            return { value: replayed, done: false };
          }
          const arrived = await new Promise<IteratorResult<[ReceivedDealUpdate]> | null>((resolve, reject) => {
            wakeWaiting = () => resolve(null);
            live.next().then(resolve, reject);
          });
          wakeWaiting = null;
          if (arrived === null) {
            continue;
          }
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
      async return(): Promise<IteratorResult<DealUpdateStreamItem>> {
        await close();
        return { value: undefined, done: true };
      },
    };
  }

  /**
   * Ends every open subscription of `subscriber` on this instance: each yields `{ endedBy: reason }`
   * next — before any update still waiting for it — and is done after. Returns how many it ended.
   */
  end(subscriber: DealUpdateSubscriber, reason: Error): number {
    const open = this.openBySubscriber.get(keyOfSubscriber(subscriber));
    open?.forEach((end) => end(reason));
    return open?.size ?? 0;
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

function keyOfSubscriber({ tenantId, callerId }: DealUpdateSubscriber): string {
  return JSON.stringify([tenantId, callerId]);
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
