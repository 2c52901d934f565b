import { Column, Entity, Index } from 'typeorm';
import { TenantScopedEntity } from '@crm-bridge/persistence';
import type { WebhookEndpointStatus, WebhookEventType } from '@crm-bridge/contracts';

/**
 * A partner system's webhook endpoint: where matching events of its tenant are POSTed, signed
 * (Standard Webhooks) with a secret sealed by the token vault — HMAC needs the secret itself, so it
 * is encrypted, not hashed. After a rotation the previous secret still signs until
 * `previousSecretExpiresAt`.
 */
@Entity({ name: 'webhook_endpoints' })
@Index('IX_webhook_endpoints_tenant_created', ['tenantId', 'createdAt', 'id'])
export class WebhookEndpointEntity extends TenantScopedEntity {
  @Column({ name: 'url', type: 'text' })
  url: string;

  @Column({ name: 'description', type: 'text' })
  description: string;

  @Column({ name: 'events', type: 'text', array: true })
  events: WebhookEventType[];

  /** Filters; null matches any value. */
  @Column({ name: 'filter_integration_id', type: 'uuid', nullable: true })
  filterIntegrationId: string | null;

  @Column({ name: 'filter_pipeline', type: 'text', nullable: true })
  filterPipeline: string | null;

  @Column({ name: 'filter_phase', type: 'text', nullable: true })
  filterPhase: string | null;

  @Column({ name: 'filter_partner_id', type: 'text', nullable: true })
  filterPartnerId: string | null;

  @Column({ name: 'status', type: 'text' })
  status: WebhookEndpointStatus;

  @Column({ name: 'disabled_reason', type: 'text', nullable: true })
  disabledReason: string | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', precision: 3, nullable: true })
  disabledAt: Date | null;

  /** The signing secret `whsec_…`, sealed (iv ‖ tag ‖ ciphertext) under `secret_key_id`. */
  @Column({ name: 'secret_ciphertext', type: 'bytea' })
  secretCiphertext: Buffer;

  @Column({ name: 'secret_key_id', type: 'text' })
  secretKeyId: string;

  @Column({ name: 'previous_secret_ciphertext', type: 'bytea', nullable: true })
  previousSecretCiphertext: Buffer | null;

  @Column({ name: 'previous_secret_key_id', type: 'text', nullable: true })
  previousSecretKeyId: string | null;

  @Column({ name: 'previous_secret_expires_at', type: 'timestamptz', precision: 3, nullable: true })
  previousSecretExpiresAt: Date | null;

  /** When the current run of failed attempts began; null after a 2xx. */
  @Column({ name: 'failing_since', type: 'timestamptz', precision: 3, nullable: true })
  failingSince: Date | null;

  @Column({ name: 'failed_attempts_in_row', type: 'integer', default: 0 })
  failedAttemptsInRow: number;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;
}
