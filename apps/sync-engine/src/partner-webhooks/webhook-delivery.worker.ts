import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { StructuredLogger } from '@crm-bridge/observability';
import { SERVICE_CONFIG, TokenVault } from '@crm-bridge/service-runtime';
import type { PartnerWebhooksConfig } from './partner-webhooks.config';
import { WebhookDeliveryMetrics } from './webhook-delivery.metrics';
import {
  WebhookDeliveryRepository,
  type AttemptResult,
  type ClaimedDelivery,
  type DeliveryRules,
  type RecordedAttempt,
} from './webhook-delivery.repository';
import type { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { WebhookSender, type WebhookPostOutcome } from './webhook-sender';
import { signingSecretContext, webhookSignatureHeader } from './webhook-signature';
import { redactedWebhookUrl } from './webhook-url';

/** A claim outlives the POST's timeout by this much, so a slow answer is recorded before another instance may take the delivery. */
const CLAIM_MARGIN_MS = 30_000;

/**
 * Every sync-engine instance runs one: each tick it claims due deliveries (`FOR UPDATE SKIP
 * LOCKED` with a short claim, so instances share the work without a transaction held open over
 * HTTP), POSTs them signed, and records each attempt. A claim that outlives its instance (a crash
 * mid-POST) runs out and the delivery is sent again — with the same webhook-id, so receivers can
 * deduplicate.
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private claiming: Promise<void> | null = null;
  private lookAgain = false;
  private stopping = false;
  private readonly rules: DeliveryRules;
  private readonly sender: WebhookSender;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PartnerWebhooksConfig,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly vault: TokenVault,
    private readonly metrics: WebhookDeliveryMetrics,
    private readonly logger: StructuredLogger,
  ) {
    this.sender = new WebhookSender(config.WEBHOOK_URL_POLICY, config.WEBHOOK_TIMEOUT_MS);
    this.rules = {
      retryDelaysSeconds: config.WEBHOOK_RETRY_SCHEDULE_SECONDS,
      disableAfterFailingSeconds: config.WEBHOOK_DISABLE_AFTER_FAILING_SECONDS,
      disableAfterFailures: config.WEBHOOK_DISABLE_AFTER_FAILURES,
    };
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.WEBHOOK_DELIVERY_TICK_MS);
  }

  /** Stops claiming and lets the POSTs in flight finish (each is bounded by WEBHOOK_TIMEOUT_MS). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.claiming;
    await Promise.all([...this.inFlight]);
    this.sender.close();
  }

  /**
   * One look for due deliveries. A tick while a claim is running asks for one more look after it
   * (a delivery that just finished freed a slot and may have unblocked the next of its deal).
   */
  tick(): Promise<void> {
    if (this.stopping) {
      return this.claiming ?? Promise.resolve();
    }
    if (this.claiming) {
      this.lookAgain = true;
      return this.claiming;
    }
    this.claiming = this.claimAndSend().finally(() => {
      this.claiming = null;
      if (this.lookAgain) {
        this.lookAgain = false;
        void this.tick();
      }
    });
    return this.claiming;
  }

  private async claimAndSend(): Promise<void> {
    const free = this.config.WEBHOOK_DELIVERY_CONCURRENCY - this.inFlight.size;
    if (free <= 0) {
      return;
    }
    let claimed: ClaimedDelivery[];
    try {
      claimed = await this.deliveries.claimDue(free, this.config.WEBHOOK_TIMEOUT_MS + CLAIM_MARGIN_MS);
    } catch (error) {
      this.logger.warn('claiming due webhook deliveries failed', { error });
      return;
    }
    for (const delivery of claimed) {
      const sending: Promise<void> = this.send(delivery).finally(() => {
        this.inFlight.delete(sending);
        // Look again at once, not a tick later: a slot is free and the next delivery of this deal may be due.
        void this.tick();
      });
      this.inFlight.add(sending);
    }
  }

  private async send({ delivery, endpoint }: ClaimedDelivery): Promise<void> {
    let attempt: AttemptResult;
    let outcome: WebhookPostOutcome['kind'];
    try {
      ({ attempt, outcome } = await this.post(endpoint, delivery.id, delivery.body));
    } catch (error) {
      // Opening the secret failed (a key removed from TOKEN_ENCRYPTION_KEYS): an attempt that never left.
      attempt = { attemptedAt: new Date(), statusCode: null, durationMs: 0, succeeded: false, error: messageOf(error), responseBody: null };
      outcome = 'failed';
    }
    let recorded: RecordedAttempt | null;
    try {
      recorded = await this.deliveries.recordAttempt(delivery.tenantId, delivery.id, attempt, this.rules);
    } catch (error) {
      // The claim runs out and the delivery is sent again: at least once, never lost.
      this.logger.warn('recording a webhook delivery attempt failed', { tenantId: delivery.tenantId, deliveryId: delivery.id, error });
      return;
    }
    this.logger.debug('webhook delivery attempt', {
      tenantId: delivery.tenantId,
      endpointId: endpoint.id,
      deliveryId: delivery.id,
      statusCode: attempt.statusCode,
      durationMs: attempt.durationMs,
      status: recorded?.delivery.status ?? 'DELETED',
    });
    this.countAttempt(attempt, outcome, recorded, delivery.replayRequested);
    const disabled = recorded?.disabledEndpoint;
    if (disabled) {
      this.metrics.endpointDisabled();
      this.logger.warn('webhook endpoint disabled: every delivery attempt to it kept failing', {
        tenantId: disabled.tenantId,
        endpointId: disabled.id,
        url: redactedWebhookUrl(disabled.url),
        reason: disabled.disabledReason,
      });
    }
  }

  private countAttempt(
    attempt: AttemptResult,
    outcome: WebhookPostOutcome['kind'],
    recorded: RecordedAttempt | null,
    replay: boolean,
  ): void {
    const sent =
      outcome === 'refused'
        ? null
        : { outcome: attempt.succeeded ? ('delivered' as const) : ('failed' as const), durationMs: attempt.durationMs };
    if (attempt.succeeded) {
      this.metrics.countAttempt('delivered', sent);
      if (recorded && !replay) {
        this.metrics.observeDelivered((attempt.attemptedAt.getTime() + attempt.durationMs - recorded.delivery.createdAt.getTime()) / 1000);
      }
    } else if (recorded?.delivery.status === 'FAILED') {
      this.metrics.countAttempt('abandoned', sent);
    } else {
      this.metrics.countAttempt(outcome === 'refused' ? 'refused' : 'failed', sent);
    }
  }

  private async post(
    endpoint: WebhookEndpointEntity,
    deliveryId: string,
    body: string,
  ): Promise<{ attempt: AttemptResult; outcome: WebhookPostOutcome['kind'] }> {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = webhookSignatureHeader({ id: deliveryId, timestamp, body }, this.signingSecretsOf(endpoint));
    const attemptedAt = new Date();
    const started = performance.now();
    const outcome = await this.sender.post({
      url: endpoint.url,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'crm-bridge-webhooks/1',
        'webhook-id': deliveryId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signature,
      },
      body,
    });
    const unanswered = {
      attemptedAt,
      statusCode: null,
      durationMs: Math.round(performance.now() - started),
      succeeded: false,
      responseBody: null,
    };
    switch (outcome.kind) {
      case 'answered': {
        const succeeded = outcome.statusCode >= 200 && outcome.statusCode < 300;
        const attempt = {
          ...unanswered,
          statusCode: outcome.statusCode,
          succeeded,
          error: succeeded ? null : `the endpoint answered HTTP ${outcome.statusCode}`,
          responseBody: outcome.responseBody,
        };
        return { attempt, outcome: outcome.kind };
      }
      case 'refused':
        return { attempt: { ...unanswered, error: outcome.reason }, outcome: outcome.kind };
      case 'timed-out':
        return { attempt: { ...unanswered, error: `no answer within ${this.config.WEBHOOK_TIMEOUT_MS} ms` }, outcome: outcome.kind };
      case 'failed':
        return { attempt: { ...unanswered, error: `the request failed: ${outcome.reason}` }, outcome: outcome.kind };
    }
  }

  /** The current secret, then the rotated-out one while its grace period lasts. */
  private signingSecretsOf(endpoint: WebhookEndpointEntity): string[] {
    const context = signingSecretContext(endpoint.tenantId, endpoint.id);
    const secrets = [this.vault.open({ ciphertext: endpoint.secretCiphertext, keyId: endpoint.secretKeyId }, context)];
    if (
      endpoint.previousSecretCiphertext &&
      endpoint.previousSecretKeyId &&
      endpoint.previousSecretExpiresAt &&
      endpoint.previousSecretExpiresAt > new Date()
    ) {
      secrets.push(this.vault.open({ ciphertext: endpoint.previousSecretCiphertext, keyId: endpoint.previousSecretKeyId }, context));
    }
    return secrets;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
