import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantScopedEntity } from '@crm-bridge/persistence';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';

/** One POST of a delivery: when, how it ended and how long it took — what an admin reads to see why a partner gets nothing. */
@Entity({ name: 'webhook_delivery_attempts' })
@Index('IX_webhook_delivery_attempts_delivery', ['deliveryId', 'attemptedAt'])
export class WebhookDeliveryAttemptEntity extends TenantScopedEntity {
  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId: string;

  @ManyToOne(() => WebhookDeliveryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id' })
  delivery?: WebhookDeliveryEntity;

  @Column({ name: 'attempted_at', type: 'timestamptz', precision: 3 })
  attemptedAt: Date;

  /** The HTTP status; null when no response came (refused connection, timeout). */
  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode: number | null;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs: number;

  @Column({ name: 'succeeded', type: 'boolean' })
  succeeded: boolean;

  /** Why it failed, in words; null on a 2xx. */
  @Column({ name: 'error', type: 'text', nullable: true })
  error: string | null;

  /** The start of the response body (at most 1 KB). */
  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody: string | null;

  /** Sent by replayWebhookDelivery rather than by the retry schedule. */
  @Column({ name: 'replay', type: 'boolean', default: false })
  replay: boolean;
}
