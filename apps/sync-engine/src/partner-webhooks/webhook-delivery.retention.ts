import { Inject, Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { StructuredLogger } from '@crm-bridge/observability';
import { SERVICE_CONFIG } from '@crm-bridge/service-runtime';
import type { PartnerWebhooksConfig } from './partner-webhooks.config';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';

/** How often each instance deletes expired deliveries; retention is counted in days, so this is plenty. */
const SWEEP_EVERY_MS = 10 * 60_000;
/** Deliveries deleted per statement: each batch is a short transaction, so replays and recording never wait long on it. */
const BATCH_SIZE = 1000;

/**
 * Deletes DELIVERED and FAILED webhook deliveries, with their attempts, once they finished more
 * than WEBHOOK_DELIVERY_RETENTION_DAYS ago, in batches; PENDING ones stay however old. Every
 * instance sweeps; they share the work (SKIP LOCKED) and an empty sweep costs one indexed query.
 */
@Injectable()
export class WebhookDeliveryRetention {
  private sweeping: Promise<number> | null = null;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PartnerWebhooksConfig,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly logger: StructuredLogger,
  ) {}

  /** One sweep (a sweep already running is joined); resolves to how many deliveries it deleted. */
  @Interval('webhook-delivery-retention', SWEEP_EVERY_MS)
  sweep(): Promise<number> {
    this.sweeping ??= this.deleteExpired().finally(() => {
      this.sweeping = null;
    });
    return this.sweeping;
  }

  private async deleteExpired(): Promise<number> {
    const finishedBefore = new Date(Date.now() - this.config.WEBHOOK_DELIVERY_RETENTION_DAYS * 86_400_000);
    let total = 0;
    try {
      for (;;) {
        const deleted = await this.deliveries.deleteFinishedBefore(finishedBefore, BATCH_SIZE);
        total += deleted;
        if (deleted < BATCH_SIZE) {
          break;
        }
      }
    } catch (error) {
      // The next sweep goes on where this one stopped.
      this.logger.warn('deleting expired webhook deliveries failed', { error, deleted: total });
      return total;
    }
    if (total > 0) {
      this.logger.info('deleted expired webhook deliveries', { deleted: total, finishedBefore: finishedBefore.toISOString() });
    }
    return total;
  }
}
