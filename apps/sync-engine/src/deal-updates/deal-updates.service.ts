import { Injectable } from '@nestjs/common';
import { apiKeyCallerId, type CallerContext } from '@crm-bridge/caller-context';
import type { EventOfType } from '@crm-bridge/contracts';
import { OnEvents } from '@crm-bridge/kafka';
import { StructuredLogger } from '@crm-bridge/observability';
import { CallerRoles, ErrorKind, requireCallerRole } from '@crm-bridge/subgraph';
import { dealKind } from '../deal/deal.kind';
import type { DealEntity } from '../deal/deal.entity';
import { PortalRecordService } from '../portal-record/portal-record.service';
import type { PortalRecordNode } from '../portal-record/portal-record.type';
import { DealUpdateFeed, type DealUpdateSelection, type DealUpdateStreamItem, type ReceivedDealUpdate } from './deal-update-feed';
import { DealUpdatesException, DealUpdatesExceptionCode } from './deal-updates.exception';

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
 * It hears every `api-key.revoked` the same way and ends the revoked key's open subscriptions with
 * API_KEY_REVOKED; a user token's expiry is the gateway's to enforce (it alone sees the token).
 */
@Injectable()
export class DealUpdatesService {
  private readonly dealReads = new WeakMap<
    ReceivedDealUpdate,
    { readonly atMs: number; readonly deal: Promise<PortalRecordNode<DealEntity> | null> }
  >();

  /**
   * Revoked keys' caller ids (with their tenant) this instance has heard of, and their refusal: a
   * subscription the gateway admitted just before the revocation, but which reaches this instance
   * after it, is refused too. A few bytes per revoked key, for the life of the process; an instance
   * started later never admits one, since the gateway checks the key first.
   */
  private readonly revokedKeys = new Map<string, DealUpdatesException>();

  constructor(
    private readonly feed: DealUpdateFeed,
    private readonly records: PortalRecordService,
    private readonly logger: StructuredLogger,
  ) {}

  @OnEvents({ consumer: 'deal-update-subscriptions', types: ['deal.updated'], everyInstance: true })
  keep(event: EventOfType<'deal.updated'>): Promise<void> {
    this.feed.append(event);
    return Promise.resolve();
  }

  @OnEvents({ consumer: 'deal-update-revoked-keys', types: ['api-key.revoked'], everyInstance: true })
  endSubscriptionsOfRevokedKey(event: EventOfType<'api-key.revoked'>): Promise<void> {
    const { keyId, revokedAt } = event.data;
    const subscriber = { tenantId: event.tenantId, callerId: apiKeyCallerId(keyId) };
    const revoked = new DealUpdatesException(
      DealUpdatesExceptionCode.ApiKeyRevoked,
      ErrorKind.Unauthenticated,
      `API key ${keyId} was revoked at ${revokedAt}: its deal update subscriptions have ended`,
    );
    this.revokedKeys.set(revokedKeyOf(subscriber), revoked);
    const ended = this.feed.end(subscriber, revoked);
    this.logger.info('revoked API key heard', { tenantId: event.tenantId, keyId, subscriptionsEnded: ended });
    return Promise.resolve();
  }

  /**
   * The caller's tenant's updates matching `selection`, after `afterEventId` if given, then live;
   * ended with API_KEY_REVOKED (the last item) when the caller's key is revoked.
   */
  subscribe(
    caller: CallerContext,
    selection: DealUpdateSelection,
    afterEventId?: string | null,
  ): AsyncIterableIterator<DealUpdateStreamItem> {
    requireCallerRole(caller, DEAL_UPDATE_SUBSCRIBER_ROLES, 'subscribe to deal updates');
    const subscriber = { tenantId: caller.tenantId, callerId: caller.userId };
    const revoked = this.revokedKeys.get(revokedKeyOf(subscriber));
    if (revoked) {
      throw revoked;
    }
    return this.feed.updates(subscriber, selection, afterEventId);
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

function revokedKeyOf({ tenantId, callerId }: { tenantId: string; callerId: string }): string {
  return JSON.stringify([tenantId, callerId]);
}
