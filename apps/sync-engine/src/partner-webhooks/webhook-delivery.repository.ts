import { Injectable } from '@nestjs/common';
import { DataSource, In, MoreThan } from 'typeorm';
import { TenantScopedRepository, TransactionalOutbox } from '@crm-bridge/persistence';
import { createEvent, type EventOfType, type WebhookDeliveryStatus } from '@crm-bridge/contracts';
import { WebhookDeliveryAttemptEntity } from './webhook-delivery-attempt.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { dealUpdatedWebhookBody, integrationIdOfWebhookBody } from './webhook-payload';
import { redactedWebhookUrl } from './webhook-url';

/** A delivery claimed for sending, with its endpoint as it was when claimed. */
export interface ClaimedDelivery {
  readonly delivery: WebhookDeliveryEntity;
  readonly endpoint: WebhookEndpointEntity;
}

/** How one POST ended. */
export interface AttemptResult {
  readonly attemptedAt: Date;
  readonly statusCode: number | null;
  readonly durationMs: number;
  readonly succeeded: boolean;
  readonly error: string | null;
  readonly responseBody: string | null;
}

/** A recorded attempt: the delivery as stored, and the endpoint if this attempt disabled it. */
export interface RecordedAttempt {
  readonly delivery: WebhookDeliveryEntity;
  readonly disabledEndpoint: WebhookEndpointEntity | null;
}

/** How many PENDING deliveries of enabled endpoints are due, and for how long the oldest has been. */
export interface DueBacklog {
  readonly due: number;
  readonly oldestDueSeconds: number;
}

/** The retry schedule and when an endpoint whose attempts keep failing is disabled. */
export interface DeliveryRules {
  /** Seconds before each retry; a failure after the last one makes the delivery FAILED. */
  readonly retryDelaysSeconds: readonly number[];
  readonly disableAfterFailingSeconds: number;
  readonly disableAfterFailures: number;
}

@Injectable()
export class WebhookDeliveryRepository extends TenantScopedRepository<WebhookDeliveryEntity> {
  constructor(
    private readonly database: DataSource,
    outbox: TransactionalOutbox,
  ) {
    super(database, WebhookDeliveryEntity, outbox);
  }

  /**
   * One PENDING delivery of `event` per ENABLED endpoint of its tenant that takes DEAL_UPDATED and
   * whose filter matches, due at once. Runs in the consumer's transaction, so the deliveries exist
   * if and only if the event is recorded as processed; a redelivered event adds none (unique per
   * endpoint and event). Returns how many were queued; `whenCommitted` runs once they can be claimed.
   */
  queueDealUpdated(event: EventOfType<'deal.updated'>, whenCommitted: () => void): Promise<number> {
    return this.transaction(event.tenantId, async (tx) => {
      const endpoints = await tx
        .repository(WebhookEndpointEntity)
        .createQueryBuilder('endpoint')
        .where('endpoint.tenantId = :tenantId', { tenantId: tx.tenantId })
        .andWhere(`endpoint.status = 'ENABLED'`)
        .andWhere(`'DEAL_UPDATED' = ANY(endpoint.events)`)
        .andWhere('(endpoint.filterIntegrationId IS NULL OR endpoint.filterIntegrationId = :integrationId)', {
          integrationId: event.integrationId,
        })
        .andWhere('(endpoint.filterPipeline IS NULL OR endpoint.filterPipeline = :pipeline)', { pipeline: event.data.pipeline })
        .andWhere('(endpoint.filterPhase IS NULL OR endpoint.filterPhase = :phase)', { phase: event.data.phase })
        .andWhere('(endpoint.filterPartnerId IS NULL OR endpoint.filterPartnerId = :partnerId)', { partnerId: event.data.partnerId })
        .getMany();
      if (endpoints.length === 0) {
        return 0;
      }
      const body = dealUpdatedWebhookBody(event);
      const now = new Date();
      const result = await tx
        .repository(WebhookDeliveryEntity)
        .createQueryBuilder()
        .insert()
        .values(
          endpoints.map((endpoint) => ({
            tenantId: tx.tenantId,
            endpointId: endpoint.id,
            eventId: event.eventId,
            dealId: event.data.dealId,
            body,
            status: 'PENDING' as const,
            nextAttemptAt: now,
          })),
        )
        .orIgnore()
        .execute();
      const queued = result.identifiers.filter(Boolean).length;
      if (queued > 0) {
        tx.afterCommit(whenCommitted);
      }
      return queued;
    });
  }

  /**
   * Claims up to `limit` due deliveries of ENABLED endpoints for `claimMs` (any tenant: this is the
   * delivery worker's own look). A delivery waits while an earlier delivery of the same deal to the
   * same endpoint is PENDING, so a deal's updates reach an endpoint in order even across retries.
   * Rows another instance is claiming at this moment are skipped, not waited for.
   */
  async claimDue(limit: number, claimMs: number): Promise<ClaimedDelivery[]> {
    const deliveries = this.database.getMetadata(WebhookDeliveryEntity).tablePath;
    const endpoints = this.database.getMetadata(WebhookEndpointEntity).tablePath;
    const [rows]: [{ id: string }[], number] = await this.database.query(
      `UPDATE ${deliveries} AS claimed
          SET claimed_until = now() + make_interval(secs => $2::double precision / 1000)
        WHERE claimed.id IN (
          SELECT delivery.id FROM ${deliveries} AS delivery
            JOIN ${endpoints} AS endpoint ON endpoint.id = delivery.endpoint_id AND endpoint.status = 'ENABLED'
           WHERE delivery.status = 'PENDING' AND delivery.next_attempt_at <= now()
             AND (delivery.claimed_until IS NULL OR delivery.claimed_until < now())
             AND NOT EXISTS (
               SELECT 1 FROM ${deliveries} AS earlier
                WHERE earlier.endpoint_id = delivery.endpoint_id AND earlier.deal_id = delivery.deal_id
                  AND earlier.status = 'PENDING' AND earlier.sequence < delivery.sequence)
           ORDER BY delivery.next_attempt_at
           LIMIT $1
           FOR UPDATE OF delivery SKIP LOCKED)
        RETURNING claimed.id`,
      [limit, claimMs],
    );
    if (rows.length === 0) {
      return [];
    }
    const claimed = await this.database
      .getRepository(WebhookDeliveryEntity)
      .find({ where: { id: In(rows.map((row) => row.id)) }, relations: { endpoint: true } });
    return claimed.flatMap((delivery) => (delivery.endpoint ? [{ delivery, endpoint: delivery.endpoint }] : []));
  }

  /**
   * Records one attempt and moves the delivery on: DELIVERED on a 2xx; otherwise due again after
   * the next delay of the schedule, or FAILED after the last. The endpoint's failure streak grows
   * or ends with it, and an endpoint whose every attempt has failed for
   * `disableAfterFailingSeconds`, at least `disableAfterFailures` in a row, is DISABLED with the
   * reason, and `webhook-endpoint.disabled` is published in the same transaction. Returns the
   * delivery as stored (with the endpoint if this attempt disabled it), or null if it was deleted
   * (with its endpoint) meanwhile.
   */
  recordAttempt(tenantId: string, deliveryId: string, attempt: AttemptResult, rules: DeliveryRules): Promise<RecordedAttempt | null> {
    return this.transaction(tenantId, async (tx) => {
      const delivery = await tx.lock(WebhookDeliveryEntity, deliveryId);
      if (!delivery) {
        return null;
      }
      await tx.insert(WebhookDeliveryAttemptEntity, { deliveryId, ...attempt, replay: delivery.replayRequested });
      delivery.attemptCount += 1;
      delivery.replayRequested = false;
      delivery.claimedUntil = null;
      if (attempt.succeeded) {
        Object.assign(delivery, { status: 'DELIVERED', deliveredAt: attempt.attemptedAt, failedAt: null, failedAttemptsInRow: 0 });
        // The streak ends. Written only if there is one: an UPDATE whose condition does not hold takes
        // no lock, so the many successes to a healthy endpoint do not queue on its row.
        await tx
          .repository(WebhookEndpointEntity)
          .update(
            { tenantId: tx.tenantId, id: delivery.endpointId, failedAttemptsInRow: MoreThan(0) },
            { failingSince: null, failedAttemptsInRow: 0 },
          );
        return { delivery: await tx.save(WebhookDeliveryEntity, delivery), disabledEndpoint: null };
      }
      const endpoint = await tx.lock(WebhookEndpointEntity, delivery.endpointId);
      if (!endpoint) {
        return null;
      }
      delivery.failedAttemptsInRow += 1;
      const delaySeconds = rules.retryDelaysSeconds[delivery.failedAttemptsInRow - 1];
      if (delaySeconds === undefined) {
        Object.assign(delivery, { status: 'FAILED', failedAt: attempt.attemptedAt });
      } else {
        delivery.nextAttemptAt = new Date(attempt.attemptedAt.getTime() + delaySeconds * 1000);
      }
      endpoint.failingSince ??= attempt.attemptedAt;
      endpoint.failedAttemptsInRow += 1;
      const failingForMs = attempt.attemptedAt.getTime() - endpoint.failingSince.getTime();
      const disables =
        endpoint.status === 'ENABLED' &&
        endpoint.failedAttemptsInRow >= rules.disableAfterFailures &&
        failingForMs >= rules.disableAfterFailingSeconds * 1000;
      if (disables) {
        const reason =
          `every delivery attempt failed since ${endpoint.failingSince.toISOString()} ` +
          `(${endpoint.failedAttemptsInRow} in a row); the last: ${attempt.error ?? 'no reason'}`;
        Object.assign(endpoint, { status: 'DISABLED', disabledAt: attempt.attemptedAt, disabledReason: reason });
        await tx.publish([
          createEvent('webhook-endpoint.disabled', {
            source: 'sync-engine',
            tenantId: tx.tenantId,
            // The Kafka key must be an integration: the endpoint's own, or the one whose event failed last.
            integrationId: endpoint.filterIntegrationId ?? integrationIdOfWebhookBody(delivery.body),
            subject: endpoint.id,
            correlationId: delivery.id,
            data: { endpointId: endpoint.id, url: redactedWebhookUrl(endpoint.url), reason, disabledAt: attempt.attemptedAt.toISOString() },
          }),
        ]);
      }
      const savedEndpoint = await tx.save(WebhookEndpointEntity, endpoint);
      return { delivery: await tx.save(WebhookDeliveryEntity, delivery), disabledEndpoint: disables ? savedEndpoint : null };
    });
  }

  /**
   * The due backlog across tenants (for the metrics): PENDING deliveries of ENABLED endpoints whose
   * next attempt is due. A disabled endpoint's deliveries wait on purpose and are not counted.
   */
  async dueBacklog(): Promise<DueBacklog> {
    const deliveries = this.database.getMetadata(WebhookDeliveryEntity).tablePath;
    const endpoints = this.database.getMetadata(WebhookEndpointEntity).tablePath;
    const [row]: { due: string; oldest_due_seconds: string | null }[] = await this.database.query(
      `SELECT count(*) AS due, extract(epoch FROM now() - min(delivery.next_attempt_at)) AS oldest_due_seconds
         FROM ${deliveries} AS delivery
         JOIN ${endpoints} AS endpoint ON endpoint.id = delivery.endpoint_id AND endpoint.status = 'ENABLED'
        WHERE delivery.status = 'PENDING' AND delivery.next_attempt_at <= now()`,
    );
    return { due: Number(row?.due ?? 0), oldestDueSeconds: Math.max(0, Number(row?.oldest_due_seconds ?? 0)) };
  }

  /**
   * Deletes up to `limit` DELIVERED and FAILED deliveries (any tenant) that finished before
   * `finishedBefore`, with their attempts (ON DELETE CASCADE); PENDING ones are never deleted,
   * whatever their age. Rows another transaction holds (a replay) are skipped, not waited for.
   * Returns how many were deleted: call again while it returns `limit`, so each batch is one short
   * transaction rather than one long lock over the whole backlog.
   */
  async deleteFinishedBefore(finishedBefore: Date, limit: number): Promise<number> {
    const deliveries = this.database.getMetadata(WebhookDeliveryEntity).tablePath;
    const [, deleted]: [unknown, number] = await this.database.query(
      `DELETE FROM ${deliveries} WHERE id IN (
         SELECT id FROM ${deliveries}
          WHERE (status = 'DELIVERED' AND delivered_at < $1) OR (status = 'FAILED' AND failed_at < $1)
          LIMIT $2
          FOR UPDATE SKIP LOCKED)`,
      [finishedBefore, limit],
    );
    return deleted;
  }

  /**
   * Queues the tenant's delivery to be sent again at once, whatever its status, as a new attempt
   * with the same webhook-id and body and a fresh retry schedule. Null if the tenant has none with this id.
   */
  replay(tenantId: string, deliveryId: string, at: Date): Promise<WebhookDeliveryEntity | null> {
    return this.transaction(tenantId, async (tx) => {
      const delivery = await tx.lock(WebhookDeliveryEntity, deliveryId);
      if (!delivery) {
        return null;
      }
      Object.assign(delivery, { status: 'PENDING', nextAttemptAt: at, failedAttemptsInRow: 0, failedAt: null, replayRequested: true });
      return tx.save(WebhookDeliveryEntity, delivery);
    });
  }

  /** One page of an endpoint's deliveries, newest first, optionally of one status. */
  pageOfEndpoint(
    tenantId: string,
    endpointId: string,
    status: WebhookDeliveryStatus | undefined,
    page: { limit: number; after: { createdAt: Date; id: string } | null },
  ): Promise<WebhookDeliveryEntity[]> {
    return this.page(tenantId, { ...page, filter: { endpointId, status }, newestFirst: true });
  }

  /** The attempts of the tenant's deliveries, oldest first. */
  attemptsOf(tenantId: string, deliveryIds: readonly string[]): Promise<WebhookDeliveryAttemptEntity[]> {
    if (deliveryIds.length === 0) {
      return Promise.resolve([]);
    }
    return this.database.getRepository(WebhookDeliveryAttemptEntity).find({
      where: { tenantId, deliveryId: In([...deliveryIds]) },
      order: { attemptedAt: 'ASC', createdAt: 'ASC' },
    });
  }
}
