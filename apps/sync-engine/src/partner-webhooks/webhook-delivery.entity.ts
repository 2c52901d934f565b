import { Column, Entity, Generated, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantScopedEntity } from '@crm-bridge/persistence';
import type { WebhookDeliveryStatus } from '@crm-bridge/contracts';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

/**
 * One event to send to one endpoint. Its id is the `webhook-id` header, the same on every retry
 * and replay, and `body` is stored once so every attempt signs the same bytes. `sequence` orders
 * deliveries of one deal to one endpoint: a later one waits while an earlier one is PENDING.
 */
@Entity({ name: 'webhook_deliveries' })
@Index('UQ_webhook_deliveries_endpoint_event', ['endpointId', 'eventId'], { unique: true })
@Index('IX_webhook_deliveries_endpoint_created', ['tenantId', 'endpointId', 'createdAt', 'id'])
@Index('IX_webhook_deliveries_due', ['nextAttemptAt'], { where: `status = 'PENDING'` })
@Index('IX_webhook_deliveries_deal_order', ['endpointId', 'dealId', 'sequence'], { where: `status = 'PENDING'` })
// What the retention job looks for: finished deliveries by when they finished.
@Index('IX_webhook_deliveries_delivered', ['deliveredAt'], { where: `status = 'DELIVERED'` })
@Index('IX_webhook_deliveries_failed', ['failedAt'], { where: `status = 'FAILED'` })
export class WebhookDeliveryEntity extends TenantScopedEntity {
  @Column({ name: 'endpoint_id', type: 'uuid' })
  endpointId: string;

  @ManyToOne(() => WebhookEndpointEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id' })
  endpoint?: WebhookEndpointEntity;

  /** The `deal.updated` event's id. */
  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'deal_id', type: 'uuid' })
  dealId: string;

  @Column({ name: 'sequence', type: 'bigint' })
  @Generated('increment')
  sequence: string;

  /** The JSON body exactly as signed and sent. */
  @Column({ name: 'body', type: 'text' })
  body: string;

  @Column({ name: 'status', type: 'text' })
  status: WebhookDeliveryStatus;

  @Column({ name: 'attempt_count', type: 'integer', default: 0 })
  attemptCount: number;

  /** Failed attempts since it was queued or replayed: the position in the retry schedule. */
  @Column({ name: 'failed_attempts_in_row', type: 'integer', default: 0 })
  failedAttemptsInRow: number;

  /** When it is next due while PENDING. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', precision: 3 })
  nextAttemptAt: Date;

  /** Set while an instance is sending it; another instance claims it only after this passes. */
  @Column({ name: 'claimed_until', type: 'timestamptz', precision: 3, nullable: true })
  claimedUntil: Date | null;

  /** replayWebhookDelivery asked for it again: its next attempt is recorded as a replay. */
  @Column({ name: 'replay_requested', type: 'boolean', default: false })
  replayRequested: boolean;

  @Column({ name: 'delivered_at', type: 'timestamptz', precision: 3, nullable: true })
  deliveredAt: Date | null;

  @Column({ name: 'failed_at', type: 'timestamptz', precision: 3, nullable: true })
  failedAt: Date | null;
}
