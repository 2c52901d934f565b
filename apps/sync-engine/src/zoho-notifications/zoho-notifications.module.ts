import type { MiddlewareConsumer, NestModule } from '@nestjs/common';
import { json } from 'express';
import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { IntegrationWorkModule } from '../integration-work/integration-work.module';
import { ZohoAccessModule } from '../zoho-access/zoho-access.module';
import { NotificationChannelEntity } from './notification-channel.entity';
import { NotificationChannelMetrics } from './notification-channel.metrics';
import { NotificationChannelRepository } from './notification-channel.repository';
import { NotificationChannelStep } from './notification-channel.step';
import { ZohoNotificationController } from './zoho-notification.controller';
import { ZohoNotificationService } from './zoho-notification.service';
import { zohoNotificationsConfig } from './zoho-notifications.config';

/** Zoho notifications: one channel per integration for Deals, kept alive by a work step, and the endpoint Zoho POSTs to. */
@SubgraphFeature({
  imports: [IntegrationWorkModule, ZohoAccessModule],
  config: zohoNotificationsConfig,
  controllers: [ZohoNotificationController],
  providers: [NotificationChannelRepository, NotificationChannelStep, NotificationChannelMetrics, ZohoNotificationService],
  entities: [NotificationChannelEntity],
})
export class ZohoNotificationsModule implements NestModule {
  // Zoho's notifications carry ids only (a thousand 19-digit ids is ~25 kB): anything much larger is not Zoho's.
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(json({ limit: '64kb' })).forRoutes(ZohoNotificationController);
  }
}
