import { Column, Entity, Index } from 'typeorm';
import type { RecordModule } from '@crm-bridge/contracts';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * The Zoho notification channel of one integration and module (Deals for now). Tokens are kept
 * only as SHA-256 hashes: the clear token exists in memory while Zoho is being told it, and in
 * each notification Zoho POSTs. A renewal gives Zoho a fresh token, so up to three hashes are
 * accepted at once: the confirmed one, the one of an enable in flight (Zoho may use it before we
 * hear back), and the replaced one for a short grace (notifications already on their way).
 */
@Entity({ name: 'notification_channels' })
@Index('UQ_notification_channels_module', ['integrationId', 'module'], { unique: true })
@Index('UQ_notification_channels_channel', ['channelId'], { unique: true })
export class NotificationChannelEntity extends TenantScopedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'text' })
  module: RecordModule;

  /** The id we chose and gave Zoho (a long, as Zoho wants); notifications name it. */
  @Column({ name: 'channel_id', type: 'text' })
  channelId: string;

  @Column({ name: 'notify_url', type: 'text' })
  notifyUrl: string;

  /** SHA-256 (hex) of the token Zoho confirmed; null until the first enable succeeded. */
  @Column({ name: 'token_hash', type: 'text', nullable: true })
  tokenHash: string | null;

  /** SHA-256 of the token of an enable whose answer has not arrived (or failed: Zoho may have taken it). */
  @Column({ name: 'pending_token_hash', type: 'text', nullable: true })
  pendingTokenHash: string | null;

  /** SHA-256 of the token a renewal replaced, accepted until {@link previousTokenValidUntil}. */
  @Column({ name: 'previous_token_hash', type: 'text', nullable: true })
  previousTokenHash: string | null;

  @Column({ name: 'previous_token_valid_until', type: 'timestamptz', precision: 3, nullable: true })
  previousTokenValidUntil: Date | null;

  /** The expiry Zoho granted; null until the first enable succeeded. */
  @Column({ name: 'expires_at', type: 'timestamptz', precision: 3, nullable: true })
  expiresAt: Date | null;

  /** When the channel was first enabled (or re-created after Zoho lost it). */
  @Column({ name: 'enabled_at', type: 'timestamptz', precision: 3, nullable: true })
  enabledAt: Date | null;

  @Column({ name: 'renewed_at', type: 'timestamptz', precision: 3, nullable: true })
  renewedAt: Date | null;

  /** When Zoho last confirmed it has the channel (an enable, or a check that listed it). */
  @Column({ name: 'checked_at', type: 'timestamptz', precision: 3, nullable: true })
  checkedAt: Date | null;

  /** Why the last enable, check or disable failed, in words; null after a success. Never holds a token. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'last_error_at', type: 'timestamptz', precision: 3, nullable: true })
  lastErrorAt: Date | null;

  /** Failures in a row, for the back-off; 0 after a success. */
  @Column({ name: 'failure_count', type: 'integer', default: 0 })
  failureCount: number;

  /** After a failure: not tried again before this. */
  @Column({ name: 'retry_at', type: 'timestamptz', precision: 3, nullable: true })
  retryAt: Date | null;
}
