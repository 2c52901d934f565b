import 'reflect-metadata';
import type { CrmBridgeEventType, EventOfType } from '@crm-bridge/contracts';
import type { DeliveryContext } from '../event-consumer';

/** How a provider method consumes events: see {@link OnEvents}. */
export interface EventSubscription {
  /**
   * The consumer's name, unique in the service and stable across releases: the consumer group is
   * `<service>.<consumer>`, and `processed_events` remembers what it applied under that name.
   */
  readonly consumer: string;
  /** The event types the method handles; it subscribes to their topics and other types there are skipped. */
  readonly types: readonly CrmBridgeEventType[];
  /**
   * Every instance of the service gets every event (a consumer group of its own,
   * `<service>.<consumer>.<instance>`, reading from the newest offset when it starts), instead of
   * the instances sharing the partitions. For state held in each instance's memory, e.g. what its
   * own subscribers are sent; the method runs outside any transaction and nothing is recorded in
   * `processed_events`, so it must be harmless to run twice.
   */
  readonly everyInstance?: boolean;
}

export const EVENT_SUBSCRIPTION_METADATA = Symbol('crm-bridge:event-subscription');

/**
 * Declares, on the service method that applies them, which events a service consumes. The
 * service's `ServiceKafkaModule` finds every such method when the service starts, runs one
 * consumer group per declaration, and calls the method at most once per event: the method runs
 * inside a transaction that also records the event as processed, and the repositories it calls
 * join that transaction. Throwing means "retry later"; after the retries the event goes to the
 * topic's dead-letter topic.
 *
 * @example
 *   @OnEvents({ consumer: 'active-mappings', types: ['mapping.published'] })
 *   async applyPublishedMapping(event: EventOfType<'mapping.published'>): Promise<void> {
 *     await this.mappings.store(event.tenantId, event.integrationId, event.data);
 *   }
 *
 *   @OnEvents({ consumer: 'deal-update-feed', types: ['deal.updated'], everyInstance: true })
 *   async keep(event: EventOfType<'deal.updated'>): Promise<void> { this.feed.append(event); }
 */
export function OnEvents<const TTypes extends readonly CrmBridgeEventType[]>(subscription: {
  readonly consumer: string;
  readonly types: TTypes;
  readonly everyInstance?: boolean;
}) {
  return <TMethod extends (event: EventOfType<TTypes[number]>, delivery: DeliveryContext) => Promise<void>>(
    _target: object,
    _property: string | symbol,
    descriptor: TypedPropertyDescriptor<TMethod>,
  ): void => {
    if (!descriptor.value) {
      throw new Error('@OnEvents belongs on a method');
    }
    Reflect.defineMetadata(EVENT_SUBSCRIPTION_METADATA, subscription satisfies EventSubscription, descriptor.value);
  };
}
