import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { ServiceMetrics, StructuredLogger, SYNC_METRIC_NAMES } from '@crm-bridge/observability';
import type { NotificationChannelEntity } from './notification-channel.entity';
import { NotificationChannelRepository } from './notification-channel.repository';

type ChannelLabels = 'integration' | 'module';

/**
 * Per integration and module: seconds until the Zoho notification channel expires, and seconds
 * since Zoho last granted it (enable or renewal). Read from `notification_channels` when Prometheus
 * scrapes, so every instance reports the same values; a channel never enabled reports neither.
 * Alert on a time to expiry below the renewal window: renewals are failing.
 */
@Injectable()
export class NotificationChannelMetrics {
  constructor(metrics: ServiceMetrics, channels: NotificationChannelRepository, logger: StructuredLogger) {
    let scrape: Promise<NotificationChannelEntity[]> | null = null;
    // Both gauges are collected in one scrape: they share one read.
    const rows = (): Promise<NotificationChannelEntity[]> => {
      scrape ??= channels.all().finally(() => setImmediate(() => (scrape = null)));
      return scrape;
    };
    const collectInto = async (gauge: Gauge<ChannelLabels>, value: (channel: NotificationChannelEntity, now: number) => number | null) => {
      gauge.reset();
      try {
        const now = Date.now();
        for (const channel of await rows()) {
          const measured = value(channel, now);
          if (measured !== null) {
            gauge.set({ integration: channel.integrationId, module: channel.module }, measured);
          }
        }
      } catch (error) {
        logger.warn('measuring Zoho notification channels failed', { error });
      }
    };
    new Gauge<ChannelLabels>({
      name: SYNC_METRIC_NAMES.notificationChannelExpiry,
      help: 'Seconds until the Zoho notification channel expires (negative once lapsed), per integration and module',
      labelNames: ['integration', 'module'],
      registers: [metrics.registry],
      async collect() {
        await collectInto(this, (channel, now) => (channel.expiresAt ? (channel.expiresAt.getTime() - now) / 1000 : null));
      },
    });
    new Gauge<ChannelLabels>({
      name: SYNC_METRIC_NAMES.notificationChannelAge,
      help: 'Seconds since Zoho last granted the notification channel (enable or renewal), per integration and module',
      labelNames: ['integration', 'module'],
      registers: [metrics.registry],
      async collect() {
        await collectInto(this, (channel, now) => {
          const granted = channel.renewedAt ?? channel.enabledAt;
          return channel.expiresAt && granted ? (now - granted.getTime()) / 1000 : null;
        });
      },
    });
  }
}
