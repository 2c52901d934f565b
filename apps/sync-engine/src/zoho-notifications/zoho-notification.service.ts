import { Injectable } from '@nestjs/common';
import type { EventOfType, RecordOperation } from '@crm-bridge/contracts';
import { OnEvents } from '@crm-bridge/kafka';
import { StructuredLogger } from '@crm-bridge/observability';
import { ErrorKind } from '@crm-bridge/subgraph';
import { tokenMatches } from './channel-token';
import { NotificationChannelRepository } from './notification-channel.repository';
import { ZohoNotificationException, ZohoNotificationExceptionCode } from './zoho-notification.exception';
import { zohoNotificationPayloadSchema, type ZohoNotificationPayload } from './zoho-notification.payload';
import { ZOHO_MODULE_NAMES } from './zoho-module-names';

const OPERATIONS: Record<ZohoNotificationPayload['operation'], RecordOperation> = {
  insert: 'CREATED',
  update: 'UPDATED',
  delete: 'DELETED',
};

/** What an accepted notification was, for the endpoint's log line. */
export interface AcceptedNotification {
  readonly tenantId: string;
  readonly integrationId: string;
  readonly channelId: string;
  readonly operation: RecordOperation;
  readonly records: number;
}

/**
 * Zoho's notifications: a POST is verified (a channel we enabled, its token) and published as
 * `zoho.notification-received`; consuming that event queues the named records for inbound sync.
 * The endpoint stays fast and the queueing is retried by Kafka, not by Zoho (which does not retry).
 */
@Injectable()
export class ZohoNotificationService {
  constructor(
    private readonly channels: NotificationChannelRepository,
    private readonly logger: StructuredLogger,
  ) {}

  /** Verifies a POSTed body and publishes it; a malformed body, an unknown channel or a wrong token publishes nothing. */
  async receive(body: unknown, correlationId: string): Promise<AcceptedNotification> {
    const parsed = zohoNotificationPayloadSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join('.') || '(body)';
      throw new ZohoNotificationException(
        ZohoNotificationExceptionCode.InvalidNotification,
        ErrorKind.BadUserInput,
        `${field} ${field === '(body)' ? 'must be a JSON object' : (issue?.message ?? 'is invalid')}`,
        field,
      );
    }
    const payload = parsed.data;
    const channel = await this.channels.byChannelId(payload.channel_id);
    const now = Date.now();
    const accepted =
      channel !== null &&
      tokenMatches(payload.token, [
        channel.tokenHash,
        channel.pendingTokenHash,
        channel.previousTokenValidUntil !== null && channel.previousTokenValidUntil.getTime() > now ? channel.previousTokenHash : null,
      ]);
    if (!channel || !accepted) {
      this.logger.warn('refused a Zoho notification', {
        channelId: payload.channel_id,
        reason: channel ? 'wrong token' : 'unknown channel',
        correlationId,
      });
      throw new ZohoNotificationException(
        ZohoNotificationExceptionCode.NotificationRefused,
        ErrorKind.Forbidden,
        'the notification names no channel of ours or carries the wrong token',
      );
    }
    const zohoModule = ZOHO_MODULE_NAMES[channel.module];
    if (payload.module !== zohoModule) {
      throw new ZohoNotificationException(
        ZohoNotificationExceptionCode.InvalidNotification,
        ErrorKind.BadUserInput,
        `module must be ${zohoModule}, the module channel ${channel.channelId} watches`,
        'module',
      );
    }
    const operation = OPERATIONS[payload.operation];
    await this.channels.publishReceived(channel.tenantId, {
      integrationId: channel.integrationId,
      correlationId,
      data: {
        module: channel.module,
        operation,
        zohoRecordIds: [...new Set(payload.ids)],
        channelId: channel.channelId,
        serverTime: new Date(payload.server_time).toISOString(),
      },
    });
    return {
      tenantId: channel.tenantId,
      integrationId: channel.integrationId,
      channelId: channel.channelId,
      operation,
      records: payload.ids.length,
    };
  }

  /** Queues the notified records for inbound sync, which fetches exactly those ids (a deletion only follows the link). */
  @OnEvents({ consumer: 'zoho-notifications', types: ['zoho.notification-received'] })
  async queueNotifiedRecords(event: EventOfType<'zoho.notification-received'>): Promise<void> {
    await this.channels.queueNotified(event.tenantId, {
      integrationId: event.integrationId,
      module: event.data.module,
      zohoRecordIds: event.data.zohoRecordIds,
      deleted: event.data.operation === 'DELETED',
      notifiedAt: new Date(event.occurredAt),
    });
    this.logger.info('queued the records a Zoho notification named', {
      tenantId: event.tenantId,
      integrationId: event.integrationId,
      correlationId: event.correlationId,
      module: event.data.module,
      operation: event.data.operation,
      records: event.data.zohoRecordIds.length,
    });
  }
}
