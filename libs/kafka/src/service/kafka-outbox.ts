import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CrmBridgeEvent } from '@crm-bridge/contracts';
import { TransactionalOutbox } from '@crm-bridge/persistence';
import { appendToOutbox } from '../outbox/outbox-writer';

/** The outbox repositories write to: rows of `outbox_events` that the service's relay publishes. */
@Injectable()
export class KafkaOutbox extends TransactionalOutbox {
  override append(manager: EntityManager, events: readonly CrmBridgeEvent[]): Promise<void> {
    return appendToOutbox(manager, events);
  }
}
