import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent, type RecordModule, type ZohoNotificationReceivedData } from '@crm-bridge/contracts';
import { TenantScopedRepository, TransactionalOutbox } from '@crm-bridge/persistence';
import { queueNotifiedRecords, type NotifiedRecords } from '../inbound/notified-zoho-records';
import { NotificationChannelEntity } from './notification-channel.entity';

/** An enable Zoho confirmed. */
export interface ConfirmedEnable {
  readonly expiresAt: Date;
  readonly at: Date;
  /** A renewal replaces a token notifications may still carry: it stays accepted until then. */
  readonly replacedTokenValidUntil: Date;
}

/** A verified notification, to publish as `zoho.notification-received`. */
export interface ReceivedNotification {
  readonly integrationId: string;
  readonly correlationId: string;
  readonly data: ZohoNotificationReceivedData;
}

/**
 * Notification channels, one per integration and module. The work step's writes run under the
 * integration's lease, so no two instances change one channel at once; the endpoint only reads.
 */
@Injectable()
export class NotificationChannelRepository extends TenantScopedRepository<NotificationChannelEntity> {
  constructor(
    private readonly source: DataSource,
    outbox: TransactionalOutbox,
  ) {
    super(source, NotificationChannelEntity, outbox);
  }

  ofIntegration(tenantId: string, integrationId: string, module: RecordModule): Promise<NotificationChannelEntity | null> {
    return this.source.getRepository(NotificationChannelEntity).findOneBy({ tenantId, integrationId, module });
  }

  /**
   * The channel a notification names, whatever its tenant: Zoho's POST carries no tenant, the
   * channel id (unique) is what says whose it is, and the token proves the POST is Zoho's.
   */
  byChannelId(channelId: string): Promise<NotificationChannelEntity | null> {
    return this.source.getRepository(NotificationChannelEntity).findOneBy({ channelId });
  }

  /** Every channel, for the channel-age gauges. */
  all(): Promise<NotificationChannelEntity[]> {
    return this.source.getRepository(NotificationChannelEntity).find();
  }

  /**
   * Records an enable about to be sent: the channel row (created on the first) with the hash of
   * the token Zoho is about to get, committed before the call so a notification Zoho sends at once verifies.
   */
  beginEnable(
    tenantId: string,
    channel: { integrationId: string; module: RecordModule; channelId: string; notifyUrl: string; pendingTokenHash: string },
  ): Promise<NotificationChannelEntity> {
    return this.transaction(tenantId, async (tx) => {
      const repository = tx.repository(NotificationChannelEntity);
      const known = await repository.findOneBy({ tenantId, integrationId: channel.integrationId, module: channel.module });
      if (!known) {
        return tx.insert(NotificationChannelEntity, { ...channel, failureCount: 0 });
      }
      return tx.save(
        NotificationChannelEntity,
        Object.assign(known, { notifyUrl: channel.notifyUrl, pendingTokenHash: channel.pendingTokenHash }),
      );
    });
  }

  /** Zoho took the pending token: it becomes the channel's, the replaced one stays accepted for a grace period. */
  confirmEnable(tenantId: string, id: string, confirmed: ConfirmedEnable): Promise<NotificationChannelEntity> {
    return this.transaction(tenantId, async (tx) => {
      const channel = await this.locked(tx.lock(NotificationChannelEntity, id), id);
      const firstOrRecreated = channel.expiresAt === null || channel.expiresAt.getTime() <= confirmed.at.getTime();
      return tx.save(
        NotificationChannelEntity,
        Object.assign(channel, {
          previousTokenHash: channel.tokenHash,
          previousTokenValidUntil: channel.tokenHash === null ? null : confirmed.replacedTokenValidUntil,
          tokenHash: channel.pendingTokenHash,
          pendingTokenHash: null,
          expiresAt: confirmed.expiresAt,
          ...(firstOrRecreated ? { enabledAt: confirmed.at, renewedAt: null } : { renewedAt: confirmed.at }),
          checkedAt: confirmed.at,
          lastError: null,
          lastErrorAt: null,
          failureCount: 0,
          retryAt: null,
        }),
      );
    });
  }

  /** Zoho still lists the channel, with this expiry. */
  confirmChecked(tenantId: string, id: string, expiresAt: Date, at: Date): Promise<NotificationChannelEntity> {
    return this.update(tenantId, id, { expiresAt, checkedAt: at, lastError: null, lastErrorAt: null, failureCount: 0, retryAt: null });
  }

  /** Zoho no longer has the channel: it is enabled again on the next pass (its old tokens stay until then). */
  markLost(tenantId: string, id: string, reason: string, at: Date): Promise<NotificationChannelEntity> {
    return this.update(tenantId, id, { expiresAt: null, checkedAt: at, lastError: reason, lastErrorAt: at });
  }

  /** A failed enable, check or disable: why, and when to try again. */
  recordFailure(tenantId: string, id: string, failure: { reason: string; at: Date; retryAt: Date }): Promise<NotificationChannelEntity> {
    return this.transaction(tenantId, async (tx) => {
      const channel = await this.locked(tx.lock(NotificationChannelEntity, id), id);
      return tx.save(
        NotificationChannelEntity,
        Object.assign(channel, {
          lastError: failure.reason,
          lastErrorAt: failure.at,
          failureCount: channel.failureCount + 1,
          retryAt: failure.retryAt,
        }),
      );
    });
  }

  remove(tenantId: string, id: string): Promise<void> {
    return this.transaction(tenantId, async (tx) => {
      await tx.repository(NotificationChannelEntity).delete({ tenantId, id });
    });
  }

  /** Publishes a verified notification through the outbox; nothing else is written. */
  publishReceived(tenantId: string, notification: ReceivedNotification): Promise<void> {
    return this.transaction(tenantId, async (tx) => {
      await tx.publish([
        createEvent('zoho.notification-received', {
          source: 'sync-engine',
          tenantId,
          integrationId: notification.integrationId,
          subject: notification.data.channelId,
          correlationId: notification.correlationId,
          data: notification.data,
        }),
      ]);
    });
  }

  /** Queues the notified records for inbound sync (joining the consumer's transaction) and wakes the integration. */
  queueNotified(tenantId: string, notified: NotifiedRecords): Promise<void> {
    return this.transaction(tenantId, (tx) => queueNotifiedRecords(tx, notified));
  }

  private update(tenantId: string, id: string, values: Partial<NotificationChannelEntity>): Promise<NotificationChannelEntity> {
    return this.transaction(tenantId, async (tx) => {
      const channel = await this.locked(tx.lock(NotificationChannelEntity, id), id);
      return tx.save(NotificationChannelEntity, Object.assign(channel, values));
    });
  }

  private async locked(found: Promise<NotificationChannelEntity | null>, id: string): Promise<NotificationChannelEntity> {
    const channel = await found;
    if (!channel) {
      // Only this integration's lease holder changes or removes its channel: a missing row is a bug.
      throw new Error(`notification channel ${id} is gone`);
    }
    return channel;
  }
}
