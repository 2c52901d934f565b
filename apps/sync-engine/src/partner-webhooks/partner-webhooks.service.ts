import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { CallerContext } from '@crm-bridge/caller-context';
import { WEBHOOK_EVENT_TYPES, type EventOfType, type WebhookEventType } from '@crm-bridge/contracts';
import { OnEvents } from '@crm-bridge/kafka';
import { StructuredLogger } from '@crm-bridge/observability';
import { SERVICE_CONFIG, TokenVault } from '@crm-bridge/service-runtime';
import {
  CallerRoles,
  ErrorKind,
  parsePageArguments,
  requireCallerRole,
  requireUuidArgument,
  toConnection,
  type Connection,
} from '@crm-bridge/subgraph';
import type {
  CreateWebhookEndpointInput,
  UpdateWebhookEndpointInput,
  WebhookDeliveriesArgs,
  WebhookFilterInput,
} from './dto/webhook-endpoint.input';
import type { PartnerWebhooksConfig } from './partner-webhooks.config';
import { PartnerWebhooksException, PartnerWebhooksExceptionCode } from './partner-webhooks.exception';
import type { WebhookDelivery, WebhookEndpoint, WebhookEndpointWithSecret } from './partner-webhooks.type';
import type { WebhookDeliveryAttemptEntity } from './webhook-delivery-attempt.entity';
import type { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import type { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { WebhookEndpointRepository, type WebhookEndpointFilter } from './webhook-endpoint.repository';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { newWebhookSecret, signingSecretContext } from './webhook-signature';
import { webhookUrlProblem } from './webhook-url';

const MAX_DESCRIPTION_LENGTH = 500;
const MAX_FILTER_VALUE_LENGTH = 200;

/**
 * Partner webhooks for tenant admins — endpoints (secret shown once, rotation with a grace
 * period), their deliveries and replays — and the `deal.updated` consumer that queues deliveries.
 */
@Injectable()
export class PartnerWebhooksService {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PartnerWebhooksConfig,
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly vault: TokenVault,
    private readonly worker: WebhookDeliveryWorker,
    private readonly logger: StructuredLogger,
  ) {}

  async create(caller: CallerContext, input: CreateWebhookEndpointInput): Promise<WebhookEndpointWithSecret> {
    requireCallerRole(caller, CallerRoles.admin, 'create a webhook endpoint');
    const url = this.validUrl(input.url, 'input.url');
    const description = validDescription(input.description, 'input.description');
    const events = WEBHOOK_EVENT_TYPES.filter((type) => input.events.includes(type));
    if (events.length === 0) {
      throw new PartnerWebhooksException(
        PartnerWebhooksExceptionCode.EventsInvalid,
        ErrorKind.BadUserInput,
        `events must name at least one of ${WEBHOOK_EVENT_TYPES.join(', ')}`,
        'input.events',
      );
    }
    const filter = validFilter(input.filter, 'input.filter');
    const id = randomUUID();
    const secret = newWebhookSecret();
    const stored = await this.endpoints.create(caller.tenantId, {
      id,
      url,
      description,
      events: events satisfies WebhookEventType[],
      filter,
      secret: this.vault.seal(secret, signingSecretContext(caller.tenantId, id)),
      createdBy: caller.userId,
    });
    return { endpoint: toWebhookEndpoint(stored), secret };
  }

  async update(caller: CallerContext, input: UpdateWebhookEndpointInput): Promise<WebhookEndpoint> {
    requireCallerRole(caller, CallerRoles.admin, 'update a webhook endpoint');
    const id = validEndpointId(input.id, 'input.id');
    const change = {
      url: input.url === null || input.url === undefined ? undefined : this.validUrl(input.url, 'input.url'),
      description:
        input.description === null || input.description === undefined
          ? undefined
          : validDescription(input.description, 'input.description'),
      filter: input.filter === undefined ? undefined : validFilter(input.filter, 'input.filter'),
      enabled: input.enabled ?? undefined,
    };
    const updated = await this.endpoints.update(caller.tenantId, id, change, new Date());
    if (!updated) {
      throw endpointNotFound(id, 'input.id');
    }
    return toWebhookEndpoint(updated);
  }

  async delete(caller: CallerContext, endpointId: string): Promise<boolean> {
    requireCallerRole(caller, CallerRoles.admin, 'delete a webhook endpoint');
    const id = validEndpointId(endpointId, 'id');
    if (!(await this.endpoints.delete(caller.tenantId, id))) {
      throw endpointNotFound(id, 'id');
    }
    return true;
  }

  /** A new secret, returned this once; the old one still signs for WEBHOOK_SECRET_GRACE_SECONDS. */
  async rotateSecret(caller: CallerContext, endpointId: string): Promise<WebhookEndpointWithSecret> {
    requireCallerRole(caller, CallerRoles.admin, 'rotate a webhook secret');
    const id = validEndpointId(endpointId, 'id');
    const secret = newWebhookSecret();
    const validUntil = new Date(Date.now() + this.config.WEBHOOK_SECRET_GRACE_SECONDS * 1000);
    const rotated = await this.endpoints.rotateSecret(
      caller.tenantId,
      id,
      this.vault.seal(secret, signingSecretContext(caller.tenantId, id)),
      validUntil,
    );
    if (!rotated) {
      throw endpointNotFound(id, 'id');
    }
    return { endpoint: toWebhookEndpoint(rotated), secret };
  }

  async list(caller: CallerContext, args: { first: number; after?: string | null }): Promise<Connection<WebhookEndpoint>> {
    requireCallerRole(caller, CallerRoles.admin, 'list webhook endpoints');
    const page = parsePageArguments(args.first, args.after);
    const rows = await this.endpoints.page(caller.tenantId, page);
    return toConnection(rows.map(toWebhookEndpoint), page.limit);
  }

  async deliveriesOf(caller: CallerContext, args: WebhookDeliveriesArgs): Promise<Connection<WebhookDelivery>> {
    requireCallerRole(caller, CallerRoles.admin, 'list webhook deliveries');
    const endpointId = validEndpointId(args.endpointId, 'endpointId');
    const page = parsePageArguments(args.first, args.after);
    if ((await this.endpoints.byIds(caller.tenantId, [endpointId])).length === 0) {
      throw endpointNotFound(endpointId, 'endpointId');
    }
    const rows = await this.deliveries.pageOfEndpoint(caller.tenantId, endpointId, args.status ?? undefined, page);
    const attempts = await this.deliveries.attemptsOf(
      caller.tenantId,
      rows.map((row) => row.id),
    );
    return toConnection(
      rows.map((row) => toWebhookDelivery(row, attempts)),
      page.limit,
    );
  }

  async replay(caller: CallerContext, deliveryId: string): Promise<WebhookDelivery> {
    requireCallerRole(caller, CallerRoles.admin, 'replay a webhook delivery');
    requireUuidArgument(deliveryId, 'id', {
      names: 'a webhook delivery id',
      exception: PartnerWebhooksException,
      code: PartnerWebhooksExceptionCode.InvalidWebhookDeliveryId,
    });
    const replayed = await this.deliveries.replay(caller.tenantId, deliveryId, new Date());
    // Sent now rather than at the worker's next look.
    void this.worker.tick();
    if (!replayed) {
      throw new PartnerWebhooksException(
        PartnerWebhooksExceptionCode.WebhookDeliveryNotFound,
        ErrorKind.NotFound,
        `webhook delivery ${deliveryId} does not exist`,
        'id',
      );
    }
    return toWebhookDelivery(replayed, await this.deliveries.attemptsOf(caller.tenantId, [replayed.id]));
  }

  /**
   * Every matching enabled endpoint of the event's tenant gets a delivery, in the consumer's
   * transaction; once it commits, the worker looks at once instead of at its next tick.
   */
  @OnEvents({ consumer: 'partner-webhooks', types: ['deal.updated'] })
  async queueDeliveries(event: EventOfType<'deal.updated'>): Promise<void> {
    const queued = await this.deliveries.queueDealUpdated(event, () => void this.worker.tick());
    if (queued > 0) {
      this.logger.debug('webhook deliveries queued', {
        tenantId: event.tenantId,
        integrationId: event.integrationId,
        correlationId: event.correlationId,
        dealId: event.data.dealId,
        queued,
      });
    }
  }

  private validUrl(raw: string, field: string): string {
    const url = raw.trim();
    const problem = webhookUrlProblem(url, this.config.WEBHOOK_URL_POLICY);
    if (problem) {
      throw new PartnerWebhooksException(PartnerWebhooksExceptionCode.UrlInvalid, ErrorKind.BadUserInput, `${field} ${problem}`, field);
    }
    return url;
  }
}

function validDescription(raw: string, field: string): string {
  const description = raw.trim();
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    throw new PartnerWebhooksException(
      PartnerWebhooksExceptionCode.DescriptionInvalid,
      ErrorKind.BadUserInput,
      `${field} must be at most ${MAX_DESCRIPTION_LENGTH} characters (got ${description.length})`,
      field,
    );
  }
  return description;
}

function validFilter(input: WebhookFilterInput | null | undefined, field: string): WebhookEndpointFilter {
  const integrationId = input?.integrationId ?? null;
  if (integrationId !== null) {
    requireUuidArgument(integrationId, `${field}.integrationId`, {
      names: 'an integration id',
      exception: PartnerWebhooksException,
      code: PartnerWebhooksExceptionCode.FilterInvalid,
    });
  }
  const text = (name: 'pipeline' | 'phase' | 'partnerId'): string | null => {
    const value = input?.[name]?.trim() ?? null;
    if (value !== null && (value.length === 0 || value.length > MAX_FILTER_VALUE_LENGTH)) {
      throw new PartnerWebhooksException(
        PartnerWebhooksExceptionCode.FilterInvalid,
        ErrorKind.BadUserInput,
        `${field}.${name} must be 1 to ${MAX_FILTER_VALUE_LENGTH} characters, or null to match any`,
        `${field}.${name}`,
      );
    }
    return value;
  };
  return { integrationId, pipeline: text('pipeline'), phase: text('phase'), partnerId: text('partnerId') };
}

function validEndpointId(id: string, field: string): string {
  return requireUuidArgument(id, field, {
    names: 'a webhook endpoint id',
    exception: PartnerWebhooksException,
    code: PartnerWebhooksExceptionCode.InvalidWebhookEndpointId,
  });
}

function endpointNotFound(id: string, field: string): PartnerWebhooksException {
  return new PartnerWebhooksException(
    PartnerWebhooksExceptionCode.WebhookEndpointNotFound,
    ErrorKind.NotFound,
    `webhook endpoint ${id} does not exist`,
    field,
  );
}

function toWebhookEndpoint(row: WebhookEndpointEntity): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    filter: {
      integrationId: row.filterIntegrationId,
      pipeline: row.filterPipeline,
      phase: row.filterPhase,
      partnerId: row.filterPartnerId,
    },
    status: row.status,
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt,
    previousSecretValidUntil: row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date() ? row.previousSecretExpiresAt : null,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toWebhookDelivery(row: WebhookDeliveryEntity, attempts: readonly WebhookDeliveryAttemptEntity[]): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpointId,
    eventId: row.eventId,
    dealId: row.dealId,
    status: row.status,
    payload: row.body,
    nextAttemptAt: row.status === 'PENDING' ? row.nextAttemptAt : null,
    deliveredAt: row.deliveredAt,
    failedAt: row.failedAt,
    attempts: attempts
      .filter((attempt) => attempt.deliveryId === row.id)
      .map((attempt) => ({
        attemptedAt: attempt.attemptedAt,
        statusCode: attempt.statusCode,
        durationMs: attempt.durationMs,
        succeeded: attempt.succeeded,
        error: attempt.error,
        responseBody: attempt.responseBody,
        replay: attempt.replay,
      })),
    createdAt: row.createdAt,
  };
}
