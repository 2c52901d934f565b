import { Injectable } from '@nestjs/common';
import { Arg, Ctx, FieldResolver, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { subscriptionService, type SubgraphContext } from '@crm-bridge/subgraph';
import { Deal } from '../deal/deal.type';
import type { DealEntity } from '../deal/deal.entity';
import type { PortalRecordNode } from '../portal-record/portal-record.type';
import type { DealUpdateStreamItem, ReceivedDealUpdate } from './deal-update-feed';
import { DealUpdate, type DealFieldChange } from './deal-update.type';
import { DealUpdateFilter } from './dto/deal-update.filter';
import { DealUpdatesService } from './deal-updates.service';

/** What `dealUpdated` resolves to: the update's fields, and the received event its `deal` is read for. */
type DealUpdateNode = Omit<DealUpdate, 'deal'> & { readonly received: ReceivedDealUpdate };

interface DealUpdatedArgs {
  readonly filter?: DealUpdateFilter | null;
  readonly afterEventId?: string | null;
}

/** `dealUpdated(filter, afterEventId)`: live deal updates of the caller's tenant over graphql-ws. */
@Injectable()
@Resolver(() => DealUpdate)
export class DealUpdatesResolver {
  constructor(private readonly dealUpdates: DealUpdatesService) {}

  @Subscription(() => DealUpdate, {
    description:
      "The caller's tenant's deal updates as they happen (admins, deal editors, viewers, and API keys with SUBSCRIBE). " +
      'With afterEventId, first those after it that this server still holds (DEAL_UPDATES_RETENTION_SECONDS), else EVENT_NO_LONGER_RETAINED',
    // Our own source rather than a PubSub topic: a topic cannot replay what a reconnecting subscriber missed.
    subscribe: ({ args, context, info }: SubscribeResolverData<unknown, DealUpdatedArgs, SubgraphContext>) =>
      subscriptionService(info, DealUpdatesService).subscribe(context.caller, args.filter ?? {}, args.afterEventId),
  })
  dealUpdated(
    @Root() item: DealUpdateStreamItem,
    @Arg('filter', () => DealUpdateFilter, { nullable: true }) _filter: DealUpdateFilter | null,
    @Arg('afterEventId', () => ID, { nullable: true }) _afterEventId: string | null,
  ): DealUpdateNode {
    if ('endedBy' in item) {
      // The subscription's last result: the client receives why it ended (API_KEY_REVOKED), then completion.
      throw item.endedBy;
    }
    const received = item;
    const { event } = received;
    return {
      eventId: event.eventId,
      dealId: event.data.dealId,
      operation: event.data.operation,
      origin: event.data.origin,
      changes: event.data.changes satisfies DealFieldChange[],
      occurredAt: new Date(event.occurredAt),
      received,
    };
  }

  @FieldResolver(() => Deal, { nullable: true })
  deal(@Root() update: DealUpdateNode, @Ctx() context: SubgraphContext): Promise<PortalRecordNode<DealEntity> | null> {
    return this.dealUpdates.dealOf(update.received, context.caller);
  }
}
