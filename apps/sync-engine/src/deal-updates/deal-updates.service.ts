import { Injectable } from '@nestjs/common';
import type { CallerContext } from '@crm-bridge/caller-context';
import type { EventOfType } from '@crm-bridge/contracts';
import { OnEvents } from '@crm-bridge/kafka';
import { CallerRoles, requireCallerRole } from '@crm-bridge/subgraph';
import { dealKind } from '../deal/deal.kind';
import type { DealEntity } from '../deal/deal.entity';
import { PortalRecordService } from '../portal-record/portal-record.service';
import type { PortalRecordNode } from '../portal-record/portal-record.type';
import { DealUpdateFeed, type DealUpdateSelection, type ReceivedDealUpdate } from './deal-update-feed';

/** Every role that may read the tenant's deals, and partner keys with the SUBSCRIBE right. */
const DEAL_UPDATE_SUBSCRIBER_ROLES = [CallerRoles.admin, CallerRoles.dealEditor, CallerRoles.viewer, CallerRoles.subscriber];

/**
 * Subscribers reading the same update within this long share one read of the deal: a thousand
 * subscribers of one tenant cost one query per update, not a thousand. Older (replayed) updates
 * read it again, so a resumed subscriber sees the deal as it is now.
 */
const SHARED_DEAL_READ_MS = 1_000;

/**
 * `dealUpdated` for this instance's subscribers: keeps every `deal.updated` event (each instance
 * consumes all of them in a consumer group of its own) and streams a caller's tenant's updates.
 */
@Injectable()
export class DealUpdatesService {
  private readonly dealReads = new WeakMap<
    ReceivedDealUpdate,
    { readonly atMs: number; readonly deal: Promise<PortalRecordNode<DealEntity> | null> }
  >();

  constructor(
    private readonly feed: DealUpdateFeed,
    private readonly records: PortalRecordService,
  ) {}

  @OnEvents({ consumer: 'deal-update-subscriptions', types: ['deal.updated'], everyInstance: true })
  keep(event: EventOfType<'deal.updated'>): Promise<void> {
    this.feed.append(event);
    return Promise.resolve();
  }

  /** The caller's tenant's updates matching `selection`, after `afterEventId` if given, then live. */
  subscribe(
    caller: CallerContext,
    selection: DealUpdateSelection,
    afterEventId?: string | null,
  ): AsyncIterableIterator<ReceivedDealUpdate> {
    requireCallerRole(caller, DEAL_UPDATE_SUBSCRIBER_ROLES, 'subscribe to deal updates');
    return this.feed.updates(caller.tenantId, selection, afterEventId);
  }

  /** The updated deal as it is now, in the update's tenant; null after a deletion. */
  dealOf(update: ReceivedDealUpdate, caller: CallerContext): Promise<PortalRecordNode<DealEntity> | null> {
    const { event } = update;
    if (event.data.operation === 'DELETED' || event.tenantId !== caller.tenantId) {
      return Promise.resolve(null);
    }
    const shared = this.dealReads.get(update);
    if (shared && Date.now() - shared.atMs < SHARED_DEAL_READ_MS) {
      return shared.deal;
    }
    const deal = this.records.byIds(dealKind, event.tenantId, [event.data.dealId]).then((found) => found[0] ?? null);
    this.dealReads.set(update, { atMs: Date.now(), deal });
    return deal;
  }
}
