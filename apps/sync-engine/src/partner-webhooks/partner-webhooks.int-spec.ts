import 'reflect-metadata';
import assert from 'node:assert/strict';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { In } from 'typeorm';
import { SchedulerRegistry } from '@nestjs/schedule';
import { createEvent, Topics, type DealUpdatedData } from '@crm-bridge/contracts';
import { SYNC_METRIC_NAMES } from '@crm-bridge/observability';
import { eventually, firstErrorCodeAndField, newTenantId } from '@crm-bridge/testing';
import { SyncEngineTestContext } from '../sync-engine.test-context';
import { WebhookDeliveryAttemptEntity } from './webhook-delivery-attempt.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookDeliveryRetention } from './webhook-delivery.retention';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

/**
 * Standard Webhooks verification written from the specification, independently of the
 * production signing code: the HMAC-SHA256 key is the base64 after `whsec_`; the signed content is
 * `{webhook-id}.{webhook-timestamp}.{body}`; `webhook-signature` lists `v1,<base64>` entries
 * separated by spaces, any one of which may match; the timestamp must be within 5 minutes.
 */
function verifiesWithSecret(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string' || !/^\d+$/.test(timestamp)) {
    return false;
  }
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) {
    return false;
  }
  assert.ok(secret.startsWith('whsec_'));
  const key = Buffer.from(secret.substring('whsec_'.length), 'base64');
  assert.ok(key.length >= 24, 'the specification asks for at least 24 bytes of key');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest();
  return signatures.split(' ').some((entry) => {
    const [version, encoded] = entry.split(',');
    const presented = Buffer.from(encoded ?? '', 'base64');
    return version === 'v1' && presented.length === expected.length && timingSafeEqual(presented, expected);
  });
}

interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly eventId: string;
  readonly status: number;
}

/** A real HTTP receiver: records every POST and answers 200 unless told to fail an event or a path. */
class WebhookReceiver {
  readonly received: ReceivedRequest[] = [];
  private readonly failuresLeft = new Map<string, number>();
  private readonly failingPaths = new Set<string>();
  private readonly answerDelays = new Map<string, number>();
  private server: Server | null = null;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const eventId = (JSON.parse(body) as { data: { eventId: string } }).data.eventId;
        const path = request.url ?? '/';
        const left = this.failuresLeft.get(eventId) ?? 0;
        const status = this.failingPaths.has(path) || left > 0 ? 500 : 200;
        this.failuresLeft.set(eventId, Math.max(0, left - 1));
        this.received.push({ path, headers: request.headers, body, eventId, status });
        setTimeout(
          () => {
            // A late answer to a request the sender gave up on: the socket may be gone.
            if (!response.destroyed) {
              response
                .writeHead(status, { 'content-type': 'text/plain' })
                .end(status === 200 ? 'ok' : `receiver broke: ${'x'.repeat(2000)}`);
            }
          },
          this.answerDelays.get(path) ?? 0,
        );
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}${path}`;
  }

  /** The next `times` requests carrying this event are answered 500. */
  failEvent(eventId: string, times: number): void {
    this.failuresLeft.set(eventId, times);
  }

  failPath(path: string, failing: boolean): void {
    if (failing) {
      this.failingPaths.add(path);
    } else {
      this.failingPaths.delete(path);
    }
  }

  /** Requests to `path` are answered only after `ms`. */
  answerAfter(path: string, ms: number): void {
    this.answerDelays.set(path, ms);
  }

  at(path: string): ReceivedRequest[] {
    return this.received.filter((request) => request.path === path);
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

const CREATE = `mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { id url description events status disabledReason filter { integrationId pipeline phase partnerId } } }
}`;
const UPDATE = `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { id url status disabledReason } }`;
const ROTATE = `mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { id previousSecretValidUntil } } }`;
const DELETE = `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`;
const REPLAY = `mutation($id: ID!) { replayWebhookDelivery(id: $id) { id status } }`;
const ENDPOINTS = `query { webhookEndpoints(first: 100) { edges { node { id url status disabledReason } } } }`;
const ENDPOINT_DISABLED = `query { webhookEndpoints(first: 100) { edges { node { id status disabledReason disabledAt } } } }`;
const DELIVERIES = `query($endpointId: ID!, $status: WebhookDeliveryStatus) {
  webhookDeliveries(endpointId: $endpointId, status: $status, first: 50) {
    edges { node { id eventId dealId status payload deliveredAt attempts { statusCode succeeded error responseBody replay durationMs } } }
  }
}`;

interface DeliveryNode {
  id: string;
  eventId: string;
  dealId: string;
  status: string;
  payload: string;
  deliveredAt: string | null;
  attempts: {
    statusCode: number | null;
    succeeded: boolean;
    error: string | null;
    responseBody: string | null;
    replay: boolean;
    durationMs: number;
  }[];
}
interface EndpointNode {
  id: string;
  url: string;
  status: string;
  disabledReason: string | null;
}
interface Edges<TNode> {
  edges: { node: TNode }[];
}
const nodesOf = <TNode>(connection: Edges<TNode>): TNode[] => connection.edges.map((edge) => edge.node);

/** The value of one series in sync-engine's /metrics text (0 when absent), e.g. `metricValue(text, name, { outcome: 'delivered' })`. */
function metricValue(metricsText: string, name: string, labels: Record<string, string> = {}): number {
  const line = metricsText
    .split('\n')
    .find(
      (candidate) =>
        (candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `)) &&
        Object.entries(labels).every(([label, value]) => candidate.includes(`${label}="${value}"`)),
    );
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
interface CreatedNode {
  createWebhookEndpoint: { secret: string; endpoint: { id: string; status: string; disabledReason: string | null } };
}

// Small values so retries, disabling and rotation happen within a test.
const ENVIRONMENT = {
  WEBHOOK_URL_POLICY: 'DEVELOPMENT',
  WEBHOOK_DELIVERY_TICK_MS: '50',
  WEBHOOK_RETRY_SCHEDULE_SECONDS: '0.2,0.2,0.2,0.2',
  WEBHOOK_DISABLE_AFTER_FAILURES: '3',
  WEBHOOK_DISABLE_AFTER_FAILING_SECONDS: '0',
  WEBHOOK_SECRET_GRACE_SECONDS: '3600',
};

const admin = (tenantId: string) => ({ tenantId, userId: 'admin-1', roles: ['admin'] });

const metricsTextOf = async (ctx: SyncEngineTestContext): Promise<string> => (await fetch(`${ctx.service.url}/metrics`)).text();

function dealUpdated(tenantId: string, integrationId: string, data: Partial<DealUpdatedData> & { dealId: string }) {
  return createEvent('deal.updated', {
    source: 'sync-engine',
    tenantId,
    integrationId,
    subject: data.dealId,
    correlationId: `test-${randomUUID()}`,
    data: {
      operation: 'UPDATED',
      origin: 'ZOHO',
      pipeline: 'Standard',
      phase: 'Qualified',
      partnerId: 'partner-17',
      changes: [{ field: 'amount', oldValue: 100, newValue: 250 }],
      updatedAt: new Date().toISOString(),
      ...data,
    },
  });
}

/**
 * A publisher on the context's broker, a receiver, and GraphQL helpers, for the enclosing
 * `describe` (call it in a `describe` inside the context's own, so the clients stop first).
 */
function webhookTestKit(ctx: SyncEngineTestContext) {
  const clients = ctx.kafkaClientsForSuite([Topics.recordUpdates, Topics.webhookEndpoints]);
  const receiver = new WebhookReceiver();
  before(() => receiver.start());
  after(() => receiver.stop());

  async function createEndpoint(tenantId: string, path: string, filter: Record<string, unknown> | null = null) {
    const created = await ctx.queryAs<CreatedNode>(admin(tenantId), CREATE, {
      input: { url: receiver.url(path), description: `receiver ${path}`, events: ['DEAL_UPDATED'], filter },
    });
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    return created.data!.createWebhookEndpoint;
  }

  async function deliveriesOf(tenantId: string, endpointId: string, status?: string): Promise<DeliveryNode[]> {
    const result = await ctx.queryAs<{ webhookDeliveries: Edges<DeliveryNode> }>(admin(tenantId), DELIVERIES, { endpointId, status });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return nodesOf(result.data!.webhookDeliveries);
  }

  async function endpointsOf(tenantId: string): Promise<EndpointNode[]> {
    const result = await ctx.queryAs<{ webhookEndpoints: Edges<EndpointNode> }>(admin(tenantId), ENDPOINTS);
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return nodesOf(result.data!.webhookEndpoints);
  }

  return { clients, receiver, createEndpoint, deliveriesOf, endpointsOf };
}

describe('partner webhooks (Standard Webhooks)', () => {
  // Warnings kept too: the one an auto-disabled endpoint writes is asserted on.
  const ctx = SyncEngineTestContext.forSuiteWith({ environment: { ...ENVIRONMENT, LOG_LEVEL: 'warn' } });

  test('migrations applied to an empty database leave no schema drift', async () => {
    assert.deepEqual(await ctx.pendingSchemaChanges(), []);
  });

  describe('with a receiver and the suite broker', () => {
    const { clients, receiver, createEndpoint, deliveriesOf, endpointsOf } = webhookTestKit(ctx);

    test('a deal.updated reaches the endpoint signed as Standard Webhooks specifies, with a stable webhook-id and body', async () => {
      const tenantId = newTenantId();
      const { secret, endpoint } = await createEndpoint(tenantId, '/signed');
      assert.match(secret, /^whsec_[A-Za-z0-9+/]+=*$/);
      assert.equal(endpoint.status, 'ENABLED');
      // Sealed, not stored as given.
      const row = await ctx.service.dataSource.getRepository(WebhookEndpointEntity).findOneByOrFail({ id: endpoint.id });
      assert.ok(!row.secretCiphertext.includes(Buffer.from(secret.slice('whsec_'.length), 'base64')));

      const event = dealUpdated(tenantId, randomUUID(), { dealId: randomUUID() });
      await clients.publisher.publish([event]);
      const request = await eventually(() => {
        const [only] = receiver.at('/signed');
        assert.ok(only, 'the receiver got the delivery');
        return only;
      });
      assert.equal(request.headers['content-type'], 'application/json');
      assert.ok(verifiesWithSecret(secret, request.headers, request.body), 'the signature verifies with the secret');
      assert.ok(
        !verifiesWithSecret(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, request.headers, request.body),
        'and not with another',
      );
      assert.ok(!verifiesWithSecret(secret, request.headers, request.body.replace('250', '251')), 'nor over an altered body');
      assert.deepEqual(JSON.parse(request.body), {
        type: 'deal.updated',
        timestamp: event.occurredAt,
        data: {
          eventId: event.eventId,
          integrationId: event.integrationId,
          ...event.data,
        },
      });

      const [delivery] = await eventually(async () => {
        const deliveries = await deliveriesOf(tenantId, endpoint.id);
        assert.equal(deliveries[0]?.status, 'DELIVERED');
        return deliveries;
      });
      assert.equal(request.headers['webhook-id'], delivery!.id);
      assert.equal(delivery!.payload, request.body);
      assert.deepEqual(
        delivery!.attempts.map(({ statusCode, succeeded, error, responseBody, replay }) => ({
          statusCode,
          succeeded,
          error,
          responseBody,
          replay,
        })),
        [{ statusCode: 200, succeeded: true, error: null, responseBody: 'ok', replay: false }],
      );

      assert.deepEqual(await endpointsOf(tenantId), [
        { id: endpoint.id, url: receiver.url('/signed'), status: 'ENABLED', disabledReason: null },
      ]);
      const secretField = await ctx.queryAs(admin(tenantId), `query { webhookEndpoints(first: 1) { edges { node { secret } } } }`);
      assert.ok(secretField.errors?.length, 'an endpoint has no secret field to read');
    });

    test("a portal deal write (createDeal, then updateDeal) reaches the endpoint as sync-engine's own deal.updated, in order", async () => {
      const { tenantId, integrationId } = await ctx.integrationWithDealSchema(clients.publisher);
      const { secret } = await createEndpoint(tenantId, '/portal-writes', { integrationId });
      const created = await ctx.query<{ createDeal: { id: string } }>(
        tenantId,
        `mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }`,
        { input: { integrationId, name: 'Acme renewal', phase: 'Qualified', partnerId: 'partner-3' } },
      );
      assert.equal(created.errors, undefined, JSON.stringify(created.errors));
      const dealId = created.data!.createDeal.id;
      const updated = await ctx.query(tenantId, `mutation($input: UpdateDealInput!) { updateDeal(input: $input) { id } }`, {
        input: { id: dealId, phase: 'Won' },
      });
      assert.equal(updated.errors, undefined, JSON.stringify(updated.errors));

      const requests = await eventually(() => {
        const received = receiver.at('/portal-writes');
        assert.equal(received.length, 2);
        return received;
      });
      const bodies = requests.map((request) => JSON.parse(request.body) as { type: string; data: DealUpdatedData });
      assert.deepEqual(
        bodies.map(({ type, data }) => ({ type, dealId: data.dealId, operation: data.operation, origin: data.origin, phase: data.phase })),
        [
          { type: 'deal.updated', dealId, operation: 'CREATED', origin: 'PORTAL', phase: 'Qualified' },
          { type: 'deal.updated', dealId, operation: 'UPDATED', origin: 'PORTAL', phase: 'Won' },
        ],
      );
      assert.ok(requests.every((request) => verifiesWithSecret(secret, request.headers, request.body)));
    });

    test('a 500 is retried with the same webhook-id and body until the endpoint answers 200', async () => {
      const tenantId = newTenantId();
      const { secret, endpoint } = await createEndpoint(tenantId, '/flaky');
      const event = dealUpdated(tenantId, randomUUID(), { dealId: randomUUID() });
      receiver.failEvent(event.eventId, 1);
      await clients.publisher.publish([event]);

      const [delivery] = await eventually(async () => {
        const deliveries = await deliveriesOf(tenantId, endpoint.id, 'DELIVERED');
        assert.equal(deliveries.length, 1);
        return deliveries;
      });
      assert.deepEqual(
        delivery!.attempts.map(({ statusCode, succeeded, error }) => ({ statusCode, succeeded, error })),
        [
          { statusCode: 500, succeeded: false, error: 'the endpoint answered HTTP 500' },
          { statusCode: 200, succeeded: true, error: null },
        ],
      );
      assert.equal(delivery!.attempts[0]!.responseBody?.length, 1024, 'the response body is kept truncated');
      assert.ok(delivery!.attempts[0]!.responseBody?.startsWith('receiver broke'));
      const requests = receiver.at('/flaky');
      assert.deepEqual(
        requests.map((request) => request.status),
        [500, 200],
      );
      assert.equal(requests[0]!.headers['webhook-id'], requests[1]!.headers['webhook-id']);
      assert.equal(requests[0]!.body, requests[1]!.body);
      assert.ok(requests.every((request) => verifiesWithSecret(secret, request.headers, request.body)));
    });

    test("a deal's second update is not delivered before its first, however often the first is retried", async () => {
      const tenantId = newTenantId();
      const integrationId = randomUUID();
      const { endpoint } = await createEndpoint(tenantId, '/ordered');
      const dealX = randomUUID();
      const dealY = randomUUID();
      const first = dealUpdated(tenantId, integrationId, {
        dealId: dealX,
        changes: [{ field: 'phase', oldValue: 'Qualified', newValue: 'Won' }],
      });
      const second = dealUpdated(tenantId, integrationId, { dealId: dealX, changes: [{ field: 'amount', oldValue: 1, newValue: 2 }] });
      const other = dealUpdated(tenantId, integrationId, { dealId: dealY });
      receiver.failEvent(first.eventId, 2);
      await clients.publisher.publish([first, second, other]);

      await eventually(async () => {
        const deliveries = await deliveriesOf(tenantId, endpoint.id, 'DELIVERED');
        assert.equal(deliveries.length, 3);
      });
      const order = receiver
        .at('/ordered')
        .map(
          (request) =>
            `${request.eventId === first.eventId ? 'first' : request.eventId === second.eventId ? 'second' : 'other'}:${request.status}`,
        );
      assert.deepEqual(
        order.filter((entry) => !entry.startsWith('other')),
        ['first:500', 'first:500', 'first:200', 'second:200'],
      );
      // Another deal does not wait for deal X's retries.
      assert.ok(order.indexOf('other:200') < order.indexOf('first:200'), order.join(', '));
    });

    test('replayWebhookDelivery sends a delivered delivery again as a new attempt with the same webhook-id', async () => {
      const tenantId = newTenantId();
      const { secret, endpoint } = await createEndpoint(tenantId, '/replayed');
      await clients.publisher.publish([dealUpdated(tenantId, randomUUID(), { dealId: randomUUID() })]);
      const [delivered] = await eventually(async () => {
        const deliveries = await deliveriesOf(tenantId, endpoint.id, 'DELIVERED');
        assert.equal(deliveries.length, 1);
        return deliveries;
      });

      const replayed = await ctx.queryAs<{ replayWebhookDelivery: { id: string; status: string } }>(admin(tenantId), REPLAY, {
        id: delivered!.id,
      });
      assert.deepEqual(replayed.data?.replayWebhookDelivery, { id: delivered!.id, status: 'PENDING' });
      const [again] = await eventually(async () => {
        const deliveries = await deliveriesOf(tenantId, endpoint.id, 'DELIVERED');
        assert.equal(deliveries[0]?.attempts.length, 2);
        return deliveries;
      });
      assert.deepEqual(
        again!.attempts.map(({ succeeded, replay }) => ({ succeeded, replay })),
        [
          { succeeded: true, replay: false },
          { succeeded: true, replay: true },
        ],
      );
      const requests = receiver.at('/replayed');
      assert.equal(requests.length, 2);
      assert.equal(requests[1]!.headers['webhook-id'], delivered!.id);
      assert.equal(requests[1]!.body, requests[0]!.body);
      assert.ok(verifiesWithSecret(secret, requests[1]!.headers, requests[1]!.body));
    });

    test('after a rotation both secrets verify during the grace period, and only the new one after it', async () => {
      const tenantId = newTenantId();
      const integrationId = randomUUID();
      const { secret: oldSecret, endpoint } = await createEndpoint(tenantId, '/rotated');
      const rotatedAt = Date.now();
      const rotated = await ctx.queryAs<{ rotateWebhookSecret: { secret: string; endpoint: { previousSecretValidUntil: string } } }>(
        admin(tenantId),
        ROTATE,
        { id: endpoint.id },
      );
      const { secret: newSecret, endpoint: afterRotation } = rotated.data!.rotateWebhookSecret;
      assert.notEqual(newSecret, oldSecret);
      const graceEnds = Date.parse(afterRotation.previousSecretValidUntil);
      assert.ok(graceEnds >= rotatedAt + 3_600_000 - 1000 && graceEnds <= Date.now() + 3_600_000, 'WEBHOOK_SECRET_GRACE_SECONDS from now');

      await clients.publisher.publish([dealUpdated(tenantId, integrationId, { dealId: randomUUID() })]);
      const during = await eventually(() => {
        const [only] = receiver.at('/rotated');
        assert.ok(only);
        return only;
      });
      assert.equal(String(during.headers['webhook-signature']).split(' ').length, 2, 'two v1 signatures');
      assert.ok(verifiesWithSecret(newSecret, during.headers, during.body), 'the new secret verifies');
      assert.ok(verifiesWithSecret(oldSecret, during.headers, during.body), 'the old secret still verifies');

      // The grace period ends (moved into the past rather than waited for).
      await ctx.service.dataSource
        .getRepository(WebhookEndpointEntity)
        .update({ id: endpoint.id }, { previousSecretExpiresAt: new Date(Date.now() - 1000) });
      await clients.publisher.publish([dealUpdated(tenantId, integrationId, { dealId: randomUUID() })]);
      const afterGrace = await eventually(() => {
        const [, second] = receiver.at('/rotated');
        assert.ok(second);
        return second;
      });
      assert.ok(verifiesWithSecret(newSecret, afterGrace.headers, afterGrace.body), 'the new secret verifies');
      assert.ok(!verifiesWithSecret(oldSecret, afterGrace.headers, afterGrace.body), 'the old secret no longer does');
    });

    test('an endpoint whose attempts keep failing is disabled with the reason, and enabling it again resumes its delivery', async () => {
      const tenantId = newTenantId();
      const { endpoint } = await createEndpoint(tenantId, '/broken');
      receiver.failPath('/broken', true);
      await clients.publisher.publish([dealUpdated(tenantId, randomUUID(), { dealId: randomUUID() })]);

      const disabled = await eventually(async () => {
        const [node] = await endpointsOf(tenantId);
        assert.ok(node?.status === 'DISABLED', `still ${node?.status}`);
        return node;
      });
      assert.match(
        disabled.disabledReason ?? '',
        /^every delivery attempt failed since \S+ \(3 in a row\); the last: the endpoint answered HTTP 500$/,
      );
      const [waiting] = await deliveriesOf(tenantId, endpoint.id);
      assert.equal(waiting!.status, 'PENDING', 'the delivery waits (its retries are not used up)');
      assert.equal(waiting!.attempts.length, 3, 'nothing is sent to a disabled endpoint');

      // While disabled, new events are not queued for it.
      await clients.publisher.publish([dealUpdated(tenantId, randomUUID(), { dealId: randomUUID() })]);
      await createEndpoint(tenantId, '/marker');
      const markerEvent = dealUpdated(tenantId, randomUUID(), { dealId: randomUUID() });
      await clients.publisher.publish([markerEvent]);
      await eventually(() => assert.ok(receiver.at('/marker').some((request) => request.eventId === markerEvent.eventId)));
      assert.equal((await deliveriesOf(tenantId, endpoint.id)).length, 1);
      assert.equal(receiver.at('/broken').length, 3);

      receiver.failPath('/broken', false);
      const enabled = await ctx.queryAs<{ updateWebhookEndpoint: { status: string; disabledReason: string | null } }>(
        admin(tenantId),
        UPDATE,
        {
          input: { id: endpoint.id, enabled: true },
        },
      );
      assert.deepEqual(
        { status: enabled.data?.updateWebhookEndpoint.status, reason: enabled.data?.updateWebhookEndpoint.disabledReason },
        { status: 'ENABLED', reason: null },
      );
      await eventually(async () => {
        const [resumed] = await deliveriesOf(tenantId, endpoint.id);
        assert.equal(resumed?.status, 'DELIVERED');
        assert.equal(resumed.attempts.length, 4);
      });
    });

    test("tenant A's endpoint never receives tenant B's deal events, nor one its filter excludes", async () => {
      const tenantA = newTenantId();
      const tenantB = newTenantId();
      const integrationA = randomUUID();
      const { endpoint: endpointA } = await createEndpoint(tenantA, '/tenant-a');
      const { endpoint: filtered } = await createEndpoint(tenantA, '/tenant-a-partner-channel', {
        integrationId: integrationA,
        pipeline: 'Partner Channel',
      });
      const { endpoint: endpointB } = await createEndpoint(tenantB, '/tenant-b');

      const ofB = dealUpdated(tenantB, randomUUID(), { dealId: randomUUID() });
      const standardOfA = dealUpdated(tenantA, integrationA, { dealId: randomUUID() });
      const partnerChannelOfA = dealUpdated(tenantA, integrationA, { dealId: randomUUID(), pipeline: 'Partner Channel' });
      const partnerChannelOfOtherIntegration = dealUpdated(tenantA, randomUUID(), { dealId: randomUUID(), pipeline: 'Partner Channel' });
      await clients.publisher.publish([ofB, standardOfA, partnerChannelOfA, partnerChannelOfOtherIntegration]);

      await eventually(() => {
        // Different deals: in no particular order.
        assert.deepEqual(
          receiver
            .at('/tenant-a')
            .map((request) => request.eventId)
            .sort(),
          [standardOfA.eventId, partnerChannelOfA.eventId, partnerChannelOfOtherIntegration.eventId].sort(),
        );
        assert.deepEqual(
          receiver.at('/tenant-a-partner-channel').map((request) => request.eventId),
          [partnerChannelOfA.eventId],
        );
        assert.deepEqual(
          receiver.at('/tenant-b').map((request) => request.eventId),
          [ofB.eventId],
        );
      });
      assert.equal(
        await ctx.service.dataSource.getRepository(WebhookDeliveryEntity).countBy({ eventId: ofB.eventId }),
        1,
        "B's event has B's delivery only",
      );

      // Tenant A cannot read, change, rotate, replay or delete tenant B's endpoint or delivery.
      const [deliveryOfB] = await deliveriesOf(tenantB, endpointB.id);
      const refusals = [
        await ctx.queryAs(admin(tenantA), DELIVERIES, { endpointId: endpointB.id }),
        await ctx.queryAs(admin(tenantA), UPDATE, { input: { id: endpointB.id, url: receiver.url('/stolen') } }),
        await ctx.queryAs(admin(tenantA), ROTATE, { id: endpointB.id }),
        await ctx.queryAs(admin(tenantA), REPLAY, { id: deliveryOfB!.id }),
        await ctx.queryAs(admin(tenantA), DELETE, { id: endpointB.id }),
      ];
      assert.deepEqual(
        refusals.map((result) => firstErrorCodeAndField(result).code),
        [
          'WEBHOOK_ENDPOINT_NOT_FOUND',
          'WEBHOOK_ENDPOINT_NOT_FOUND',
          'WEBHOOK_ENDPOINT_NOT_FOUND',
          'WEBHOOK_DELIVERY_NOT_FOUND',
          'WEBHOOK_ENDPOINT_NOT_FOUND',
        ],
      );

      assert.deepEqual((await endpointsOf(tenantA)).map((node) => node.id).sort(), [endpointA.id, filtered.id].sort());
      const stillB = await ctx.service.dataSource.getRepository(WebhookEndpointEntity).findOneByOrFail({ id: endpointB.id });
      assert.equal(stillB.url, receiver.url('/tenant-b'));
    });

    test('viewers and deal editors can neither manage endpoints nor read or replay deliveries', async () => {
      const tenantId = newTenantId();
      const { endpoint } = await createEndpoint(tenantId, '/viewer');
      for (const roles of [['viewer'], ['deal-editor'], ['subscriber'], []]) {
        const caller = { tenantId, userId: 'someone', roles };
        const results = [
          await ctx.queryAs(caller, CREATE, { input: { url: receiver.url('/mine'), events: ['DEAL_UPDATED'] } }),
          await ctx.queryAs(caller, ENDPOINTS),
          await ctx.queryAs(caller, UPDATE, { input: { id: endpoint.id, enabled: false } }),
          await ctx.queryAs(caller, ROTATE, { id: endpoint.id }),
          await ctx.queryAs(caller, DELETE, { id: endpoint.id }),
          await ctx.queryAs(caller, DELIVERIES, { endpointId: endpoint.id }),
          await ctx.queryAs(caller, REPLAY, { id: randomUUID() }),
        ];
        assert.deepEqual(
          results.map((result) => firstErrorCodeAndField(result).code),
          Array(7).fill('ROLE_REQUIRED'),
          roles.join(','),
        );
      }
      assert.equal(await ctx.service.dataSource.getRepository(WebhookEndpointEntity).countBy({ tenantId }), 1);
      const row = await ctx.service.dataSource.getRepository(WebhookEndpointEntity).findOneByOrFail({ id: endpoint.id });
      assert.equal(row.status, 'ENABLED');
    });

    test('a refused input names its field and stores nothing', async () => {
      const tenantId = newTenantId();
      const cases: [Record<string, unknown>, string, string][] = [
        [{ url: 'ftp://partner.example.com/hook', events: ['DEAL_UPDATED'] }, 'WEBHOOK_URL_INVALID', 'input.url'],
        [{ url: 'http://partner.example.com/hook', events: ['DEAL_UPDATED'] }, 'WEBHOOK_URL_INVALID', 'input.url'],
        [{ url: 'https://10.1.2.3/hook', events: ['DEAL_UPDATED'] }, 'WEBHOOK_URL_INVALID', 'input.url'],
        [{ url: 'https://169.254.169.254/latest/meta-data', events: ['DEAL_UPDATED'] }, 'WEBHOOK_URL_INVALID', 'input.url'],
        [{ url: 'https://partner.example.com/hook', events: [] }, 'WEBHOOK_EVENTS_INVALID', 'input.events'],
        [
          { url: 'https://partner.example.com/hook', events: ['DEAL_UPDATED'], description: 'x'.repeat(501) },
          'WEBHOOK_DESCRIPTION_INVALID',
          'input.description',
        ],
        [
          { url: 'https://partner.example.com/hook', events: ['DEAL_UPDATED'], filter: { integrationId: 'not-an-id' } },
          'WEBHOOK_FILTER_INVALID',
          'input.filter.integrationId',
        ],
        [
          { url: 'https://partner.example.com/hook', events: ['DEAL_UPDATED'], filter: { phase: ' ' } },
          'WEBHOOK_FILTER_INVALID',
          'input.filter.phase',
        ],
      ];
      for (const [input, code, field] of cases) {
        assert.deepEqual(
          firstErrorCodeAndField(await ctx.queryAs(admin(tenantId), CREATE, { input })),
          { code, field },
          JSON.stringify(input),
        );
      }
      assert.equal(await ctx.service.dataSource.getRepository(WebhookEndpointEntity).countBy({ tenantId }), 0);
      assert.deepEqual(
        firstErrorCodeAndField(
          await ctx.queryAs(admin(tenantId), UPDATE, { input: { id: randomUUID(), url: 'https://partner.example.com/' } }),
        ),
        {
          code: 'WEBHOOK_ENDPOINT_NOT_FOUND',
          field: 'input.id',
        },
      );
    });

    test('deleting an endpoint deletes its deliveries', async () => {
      const tenantId = newTenantId();
      const { endpoint } = await createEndpoint(tenantId, '/deleted');
      await clients.publisher.publish([dealUpdated(tenantId, randomUUID(), { dealId: randomUUID() })]);
      await eventually(async () => assert.equal((await deliveriesOf(tenantId, endpoint.id, 'DELIVERED')).length, 1));
      const deleted = await ctx.queryAs<{ deleteWebhookEndpoint: boolean }>(admin(tenantId), DELETE, { id: endpoint.id });
      assert.equal(deleted.data?.deleteWebhookEndpoint, true);
      assert.equal(await ctx.service.dataSource.getRepository(WebhookDeliveryEntity).countBy({ endpointId: endpoint.id }), 0);
    });

    test('an endpoint disabled by its failures is announced: webhook-endpoint.disabled (URL without its query), a warning, the counter', async () => {
      const metricsBefore = await metricsTextOf(ctx);
      const tenantId = newTenantId();
      const integrationId = randomUUID();
      const path = '/announced?token=partner-s3cret';
      const { endpoint } = await createEndpoint(tenantId, path);
      receiver.failPath(path, true);
      await clients.publisher.publish([dealUpdated(tenantId, integrationId, { dealId: randomUUID() })]);

      const announced = await eventually(() => {
        const records = clients.recorder.on(Topics.webhookEndpoints).filter((record) => record.headers['ce_subject'] === endpoint.id);
        assert.equal(records.length, 1);
        return records[0]!;
      });
      receiver.failPath(path, false);
      const listed = await ctx.queryAs<{
        webhookEndpoints: Edges<{ id: string; status: string; disabledReason: string; disabledAt: string }>;
      }>(admin(tenantId), ENDPOINT_DISABLED);
      const [node] = nodesOf(listed.data!.webhookEndpoints);
      assert.equal(node?.status, 'DISABLED');
      assert.deepEqual(
        {
          key: announced.key,
          type: announced.headers['ce_type'],
          source: announced.headers['ce_source'],
          tenantId: announced.headers['ce_tenantid'],
          integrationId: announced.headers['ce_integrationid'],
          data: JSON.parse(announced.value ?? '{}') as unknown,
        },
        {
          // No integration filter: the key is the integration of the delivery whose failure disabled it.
          key: integrationId,
          type: 'webhook-endpoint.disabled',
          source: 'sync-engine',
          tenantId,
          integrationId,
          data: { endpointId: endpoint.id, url: receiver.url('/announced'), reason: node.disabledReason, disabledAt: node.disabledAt },
        },
      );
      assert.match(
        node.disabledReason,
        /^every delivery attempt failed since \S+ \(3 in a row\); the last: the endpoint answered HTTP 500$/,
      );

      const warning = ctx.logLines.find((line) => line.includes('webhook endpoint disabled') && line.includes(endpoint.id));
      assert.ok(warning, 'a warning names the endpoint');
      assert.equal((JSON.parse(warning) as { level: string }).level, 'warn');
      assert.ok(warning.includes(receiver.url('/announced')) && !warning.includes('partner-s3cret'), warning);

      const metricsAfter = await metricsTextOf(ctx);
      const disabledCount = (text: string) => metricValue(text, SYNC_METRIC_NAMES.webhookEndpointsDisabled);
      assert.equal(disabledCount(metricsAfter) - disabledCount(metricsBefore), 1);
    });

    test('/metrics counts a delivery by outcome with its POST duration and latency, and reports the due backlog', async () => {
      const before = await metricsTextOf(ctx);
      const tenantId = newTenantId();
      const { endpoint } = await createEndpoint(tenantId, '/measured');
      await clients.publisher.publish([dealUpdated(tenantId, randomUUID(), { dealId: randomUUID() })]);
      await eventually(async () => assert.equal((await deliveriesOf(tenantId, endpoint.id, 'DELIVERED')).length, 1));
      const after = await metricsTextOf(ctx);
      const increase = (name: string, labels: Record<string, string> = {}) =>
        metricValue(after, name, labels) - metricValue(before, name, labels);
      // At least: a retry of an earlier test's endpoint may land in between.
      assert.ok(increase(SYNC_METRIC_NAMES.webhookDeliveryAttempts, { outcome: 'delivered' }) >= 1, 'delivered attempts counted');
      assert.ok(increase(`${SYNC_METRIC_NAMES.webhookRequestDuration}_count`, { outcome: 'delivered' }) >= 1, 'POST duration observed');
      assert.ok(increase(`${SYNC_METRIC_NAMES.webhookDeliveryLatency}_count`) >= 1, 'latency observed');
      for (const outcome of ['delivered', 'failed', 'refused', 'abandoned']) {
        assert.match(after, new RegExp(`^${SYNC_METRIC_NAMES.webhookDeliveryAttempts}\\{[^}]*outcome="${outcome}"`, 'm'), outcome);
      }

      // A delivery due an hour ago that a crashed instance still claims: backlog the workers do not drain.
      const deliveries = ctx.service.dataSource.getRepository(WebhookDeliveryEntity);
      const stuck = await deliveries.save(
        deliveries.create({
          tenantId,
          endpointId: endpoint.id,
          eventId: randomUUID(),
          dealId: randomUUID(),
          body: '{}',
          status: 'PENDING',
          nextAttemptAt: new Date(Date.now() - 3_600_000),
          claimedUntil: new Date(Date.now() + 3_600_000),
        }),
      );
      try {
        const measured = await metricsTextOf(ctx);
        assert.ok(metricValue(measured, SYNC_METRIC_NAMES.webhookDeliveriesDue) >= 1, 'the stuck delivery is due');
        assert.ok(metricValue(measured, SYNC_METRIC_NAMES.webhookOldestDueAge) >= 3_600, 'and has been for an hour');
      } finally {
        await deliveries.delete({ id: stuck.id });
      }
    });

    test('retention deletes deliveries finished over WEBHOOK_DELIVERY_RETENTION_DAYS ago with their attempts, and keeps recent and PENDING ones', async () => {
      assert.ok(ctx.service.app.get(SchedulerRegistry).getInterval('webhook-delivery-retention'), 'it runs on a schedule');
      const tenantId = newTenantId();
      const { endpoint } = await createEndpoint(tenantId, '/retained');
      const events = Array.from({ length: 5 }, () => dealUpdated(tenantId, randomUUID(), { dealId: randomUUID() }));
      await clients.publisher.publish(events);
      const delivered = await eventually(async () => {
        const deliveries = await deliveriesOf(tenantId, endpoint.id, 'DELIVERED');
        assert.equal(deliveries.length, 5);
        return deliveries;
      });
      const deliveryOf = new Map(delivered.map((delivery) => [delivery.eventId, delivery.id]));
      const [oldDelivered, oldFailed, recentDelivered, oldButPending, failedRecentlyAfterOldDelivery] = events.map((event) =>
        deliveryOf.get(event.eventId)!,
      );
      const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
      const rows = ctx.service.dataSource.getRepository(WebhookDeliveryEntity);
      await rows.update({ id: oldDelivered }, { deliveredAt: daysAgo(31) });
      await rows.update({ id: oldFailed }, { status: 'FAILED', deliveredAt: null, failedAt: daysAgo(31) });
      await rows.update({ id: recentDelivered }, { deliveredAt: daysAgo(29) });
      // Replayed and waiting (due tomorrow here, so the worker leaves it): never deleted, however old.
      await rows.update({ id: oldButPending }, { status: 'PENDING', deliveredAt: daysAgo(400), nextAttemptAt: daysAgo(-1) });
      // Delivered long ago, replayed, failed yesterday: it finished yesterday.
      await rows.update({ id: failedRecentlyAfterOldDelivery }, { status: 'FAILED', deliveredAt: daysAgo(60), failedAt: daysAgo(1) });

      assert.equal(await ctx.service.app.get(WebhookDeliveryRetention).sweep(), 2);
      const kept = [recentDelivered, oldButPending, failedRecentlyAfterOldDelivery];
      assert.deepEqual((await rows.findBy({ endpointId: endpoint.id })).map((row) => row.id).sort(), [...kept].sort());
      const attempts = ctx.service.dataSource.getRepository(WebhookDeliveryAttemptEntity);
      assert.equal(await attempts.countBy({ deliveryId: In([oldDelivered!, oldFailed!]) }), 0, 'their attempts went with them');
      assert.equal(await attempts.countBy({ deliveryId: In(kept as string[]) }), 3);
      assert.equal(await ctx.service.app.get(WebhookDeliveryRetention).sweep(), 0, 'a second sweep finds nothing');
    });
  });
});

describe('partner webhooks: giving up on a delivery', () => {
  // One retry, a short timeout, and endpoints that are not disabled by these few failures.
  const ctx = SyncEngineTestContext.forSuiteWith({
    environment: {
      ...ENVIRONMENT,
      WEBHOOK_RETRY_SCHEDULE_SECONDS: '0.2',
      WEBHOOK_TIMEOUT_MS: '300',
      WEBHOOK_DISABLE_AFTER_FAILURES: '100',
    },
  });

  describe('with a receiver and the suite broker', () => {
    const { clients, receiver, createEndpoint, deliveriesOf, endpointsOf } = webhookTestKit(ctx);

    test('a delivery whose last retry fails is FAILED, its endpoint stays enabled, and a replay delivers it', async () => {
      const tenantId = newTenantId();
      const { endpoint } = await createEndpoint(tenantId, '/gives-up');
      receiver.failPath('/gives-up', true);
      await clients.publisher.publish([dealUpdated(tenantId, randomUUID(), { dealId: randomUUID() })]);
      const [failed] = await eventually(async () => {
        const deliveries = await deliveriesOf(tenantId, endpoint.id, 'FAILED');
        assert.equal(deliveries.length, 1);
        return deliveries;
      });
      assert.deepEqual(
        failed!.attempts.map((attempt) => attempt.statusCode),
        [500, 500],
        'the first attempt and the one retry',
      );
      assert.equal((await endpointsOf(tenantId))[0]?.status, 'ENABLED');

      receiver.failPath('/gives-up', false);
      const replayed = await ctx.queryAs<{ replayWebhookDelivery: { status: string } }>(admin(tenantId), REPLAY, { id: failed!.id });
      assert.equal(replayed.data?.replayWebhookDelivery.status, 'PENDING');
      await eventually(async () => {
        const [delivered] = await deliveriesOf(tenantId, endpoint.id, 'DELIVERED');
        assert.deepEqual(
          delivered?.attempts.map(({ statusCode, replay }) => ({ statusCode, replay })),
          [
            { statusCode: 500, replay: false },
            { statusCode: 500, replay: false },
            { statusCode: 200, replay: true },
          ],
        );
      });
    });

    test('an endpoint that does not answer within WEBHOOK_TIMEOUT_MS fails the attempt with the reason', async () => {
      const tenantId = newTenantId();
      const { endpoint } = await createEndpoint(tenantId, '/slow');
      receiver.answerAfter('/slow', 2_000);
      await clients.publisher.publish([dealUpdated(tenantId, randomUUID(), { dealId: randomUUID() })]);
      const [failed] = await eventually(async () => {
        const deliveries = await deliveriesOf(tenantId, endpoint.id, 'FAILED');
        assert.equal(deliveries.length, 1);
        return deliveries;
      });
      for (const attempt of failed!.attempts) {
        assert.deepEqual({ statusCode: attempt.statusCode, error: attempt.error }, { statusCode: null, error: 'no answer within 300 ms' });
        assert.ok(attempt.durationMs >= 250 && attempt.durationMs < 2_000, `${attempt.durationMs} ms`);
      }
    });
  });
});

describe('partner webhooks: a queued delivery leaves at once, not at the next tick', () => {
  // A tick of a minute: anything sent within seconds was sent because the worker was woken.
  const ctx = SyncEngineTestContext.forSuiteWith({
    environment: { ...ENVIRONMENT, WEBHOOK_DELIVERY_TICK_MS: '60000', WEBHOOK_RETRY_SCHEDULE_SECONDS: '3600' },
  });

  describe('with a receiver and the suite broker', () => {
    const { clients, receiver, createEndpoint, deliveriesOf } = webhookTestKit(ctx);

    test("deliveries queued by a deal.updated are sent once the consumer's transaction commits, and a replay is sent when asked", async () => {
      const tenantId = newTenantId();
      const { endpoint } = await createEndpoint(tenantId, '/at-once');
      await clients.publisher.publish([dealUpdated(tenantId, randomUUID(), { dealId: randomUUID() })]);
      const [delivered] = await eventually(
        async () => {
          const deliveries = await deliveriesOf(tenantId, endpoint.id, 'DELIVERED');
          assert.equal(deliveries.length, 1);
          return deliveries;
        },
        { timeoutMs: 10_000 },
      );

      const replayed = await ctx.queryAs<{ replayWebhookDelivery: { status: string } }>(admin(tenantId), REPLAY, { id: delivered!.id });
      assert.equal(replayed.data?.replayWebhookDelivery.status, 'PENDING');
      await eventually(
        async () => {
          const [again] = await deliveriesOf(tenantId, endpoint.id, 'DELIVERED');
          assert.deepEqual(
            again?.attempts.map(({ replay }) => replay),
            [false, true],
          );
        },
        { timeoutMs: 10_000 },
      );
      assert.equal(receiver.at('/at-once').length, 2);
    });
  });
});

describe('partner webhooks under WEBHOOK_URL_POLICY=STRICT', () => {
  // One quick retry, and endpoints that are not disabled by these few failures.
  const ctx = SyncEngineTestContext.forSuiteWith({
    environment: {
      ...ENVIRONMENT,
      WEBHOOK_URL_POLICY: 'STRICT',
      WEBHOOK_RETRY_SCHEDULE_SECONDS: '0.1',
      WEBHOOK_DISABLE_AFTER_FAILURES: '100',
    },
  });

  describe('with a receiver and the suite broker', () => {
    const { clients, receiver, deliveriesOf } = webhookTestKit(ctx);

    /**
     * An endpoint registered with a public host name (STRICT accepts it) whose URL then points
     * elsewhere: the row stands in for its DNS record changing after registration.
     */
    async function endpointNowAt(tenantId: string, url: string): Promise<string> {
      const created = await ctx.queryAs<CreatedNode>(admin(tenantId), CREATE, {
        input: { url: 'https://partner.example.com/hooks', events: ['DEAL_UPDATED'] },
      });
      assert.equal(created.errors, undefined, JSON.stringify(created.errors));
      const { id } = created.data!.createWebhookEndpoint.endpoint;
      await ctx.service.dataSource.getRepository(WebhookEndpointEntity).update({ id }, { url });
      return id;
    }

    test('a host that is or resolves to loopback at delivery is not sent to: each attempt fails naming the address, then the delivery is abandoned', async () => {
      const before = await metricsTextOf(ctx);
      const tenantId = newTenantId();
      const { port } = new URL(receiver.url('/'));
      // `localhost` goes through the system resolver, as any partner's name does.
      const byName = await endpointNowAt(tenantId, `http://localhost:${port}/rebound`);
      const byLiteral = await endpointNowAt(tenantId, `http://127.0.0.1:${port}/literal`);
      await clients.publisher.publish([dealUpdated(tenantId, randomUUID(), { dealId: randomUUID() })]);

      const expected: [string, RegExp][] = [
        [byName, /^not sent: localhost resolves to (127\.0\.0\.1|::1), a loopback address$/],
        [byLiteral, /^not sent: 127\.0\.0\.1 is a loopback address$/],
      ];
      for (const [endpointId, reason] of expected) {
        const [failed] = await eventually(async () => {
          const deliveries = await deliveriesOf(tenantId, endpointId, 'FAILED');
          assert.equal(deliveries.length, 1);
          return deliveries;
        });
        assert.equal(failed!.attempts.length, 2, 'the first attempt and the one retry');
        for (const attempt of failed!.attempts) {
          assert.equal(attempt.statusCode, null);
          assert.match(attempt.error ?? '', reason);
        }
      }
      assert.deepEqual(receiver.received, [], 'nothing reached the receiver');

      const after = await metricsTextOf(ctx);
      const increase = (outcome: string) =>
        metricValue(after, SYNC_METRIC_NAMES.webhookDeliveryAttempts, { outcome }) -
        metricValue(before, SYNC_METRIC_NAMES.webhookDeliveryAttempts, { outcome });
      assert.deepEqual(
        { refused: increase('refused'), abandoned: increase('abandoned'), delivered: increase('delivered') },
        { refused: 2, abandoned: 2, delivered: 0 },
      );
    });
  });
});
