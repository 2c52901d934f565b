// npm run bench:webhooks — partner webhook deliveries per second to a local receiver: sync-engine
// (in this process, with a throwaway PostgreSQL and the development broker) consumes deal.updated
// events, queues one delivery per matching endpoint and its worker POSTs them, signed, to an HTTP
// receiver on loopback (in this process too) that answers 200 at once.
//   1. many deals: BENCH_WEBHOOK_EVENTS (default 3000) updates of different deals, 2 endpoints —
//      deliveries/s from the first event published to the last delivery received;
//      it also prints when the last delivery was queued: consuming deal.updated (one transaction per
//      event) is the pace-setter here;
//   2. worker alone: BENCH_WEBHOOK_BACKLOG (default 5000) deliveries of different deals already
//      queued (inserted while the endpoint is disabled), then the endpoint enabled — the worker's own rate;
//   3. one deal: BENCH_WEBHOOK_ONE_DEAL (default 300) updates of ONE deal to one endpoint — order per
//      deal allows one delivery in flight at a time, so this is the serial rate.
// Prints each figure. The receiver and sync-engine share this process's two cores with PostgreSQL and
// the broker, so the figures are a floor for one instance, not a capacity plan.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createEvent, type EventOfType } from '@crm-bridge/contracts';
import { EventPublisher } from '@crm-bridge/kafka';
import { startSubgraphService } from '@crm-bridge/service-runtime';
import { EmbeddedPostgresLauncher } from '@crm-bridge/persistence';
import {
  KafkaTestBroker,
  postGraphql,
  signedCallerHeaders,
  TEST_SIGNING_SECRET,
  TEST_TOKEN_ENCRYPTION_ENVIRONMENT,
} from '@crm-bridge/testing';
import { syncEngineService } from '../apps/sync-engine/src/sync-engine.service-definition';

const MANY_DEALS = Number(process.env['BENCH_WEBHOOK_EVENTS'] ?? 3_000);
const ONE_DEAL = Number(process.env['BENCH_WEBHOOK_ONE_DEAL'] ?? 300);
const BACKLOG = Number(process.env['BENCH_WEBHOOK_BACKLOG'] ?? 5_000);
const PUBLISH_BATCH = 500;

async function main(): Promise<void> {
  const received = new Map<string, number>();
  let waiting: { path: string; count: number; resolve: () => void } | null = null;
  const receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const path = request.url ?? '/';
      const count = (received.get(path) ?? 0) + 1;
      received.set(path, count);
      response.writeHead(200).end();
      if (waiting && waiting.path === path && count >= waiting.count) {
        waiting.resolve();
      }
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverUrl = (path: string) => `http://127.0.0.1:${(receiver.address() as AddressInfo).port}${path}`;
  const receivedAll = (path: string, count: number) =>
    new Promise<void>((resolve) => {
      waiting = { path, count, resolve };
      if ((received.get(path) ?? 0) >= count) {
        resolve();
      }
    });

  const database = await EmbeddedPostgresLauncher.startThrowaway();
  const broker = await KafkaTestBroker.start();
  const service = await startSubgraphService(syncEngineService, {
    DATABASE_URL: database.url,
    KAFKA_BROKERS: broker.bootstrap,
    PORT: '0',
    LOG_LEVEL: 'error',
    INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET,
    AUTH_CONNECTOR_URL: 'http://127.0.0.1:9',
    ZOHO_NOTIFY_URL: 'http://127.0.0.1:9/zoho/notifications',
    WEBHOOK_URL_POLICY: 'DEVELOPMENT',
    WEBHOOK_DELIVERY_TICK_MS: '50',
    ...TEST_TOKEN_ENCRYPTION_ENVIRONMENT,
  });
  const publisher = new EventPublisher(broker.kafka);
  await publisher.connect();
  const tenantId = `bench-${randomUUID()}`;
  const integrationId = randomUUID();

  async function graphql<TData>(query: string, variables: Record<string, unknown>): Promise<TData> {
    const result = await postGraphql<TData>(`${service.url}/graphql`, query, {
      variables,
      headers: await signedCallerHeaders('sync-engine', { tenantId }),
    });
    if (result.errors || !result.data) {
      throw new Error(JSON.stringify(result.errors));
    }
    return result.data;
  }

  async function createEndpoint(path: string): Promise<string> {
    const data = await graphql<{ createWebhookEndpoint: { endpoint: { id: string } } }>(
      `
        mutation ($input: CreateWebhookEndpointInput!) {
          createWebhookEndpoint(input: $input) {
            endpoint {
              id
            }
          }
        }
      `,
      { input: { url: receiverUrl(path), events: ['DEAL_UPDATED'], filter: { partnerId: path } } },
    );
    return data.createWebhookEndpoint.endpoint.id;
  }

  const setEnabled = (id: string, enabled: boolean) =>
    graphql(
      `
        mutation ($input: UpdateWebhookEndpointInput!) {
          updateWebhookEndpoint(input: $input) {
            id
          }
        }
      `,
      { input: { id, enabled } },
    );

  const queuedDeliveries = async (): Promise<number> => {
    const [row] = await service.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM sync_engine.webhook_deliveries WHERE tenant_id = $1`,
      [tenantId],
    );
    return row?.count ?? 0;
  };

  function dealUpdated(dealId: string, partnerId: string, index: number): EventOfType<'deal.updated'> {
    return createEvent('deal.updated', {
      source: 'bench',
      tenantId,
      integrationId,
      subject: dealId,
      correlationId: `bench-${index}`,
      data: {
        dealId,
        operation: 'UPDATED',
        origin: 'ZOHO',
        pipeline: 'Standard',
        phase: 'Qualified',
        partnerId,
        changes: [{ field: 'amount', oldValue: index, newValue: index + 1 }],
        updatedAt: new Date().toISOString(),
      },
    });
  }

  async function run(label: string, events: EventOfType<'deal.updated'>[], expectations: [string, number][]): Promise<void> {
    const queuedBefore = await queuedDeliveries();
    const deliveries = expectations.reduce((sum, [, count]) => sum + count, 0);
    const started = performance.now();
    for (let offset = 0; offset < events.length; offset += PUBLISH_BATCH) {
      await publisher.publish(events.slice(offset, offset + PUBLISH_BATCH));
    }
    const allQueued = (async () => {
      while ((await queuedDeliveries()) - queuedBefore < deliveries) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return (performance.now() - started) / 1000;
    })();
    for (const [path, count] of expectations) {
      await receivedAll(path, count);
    }
    const queuedAfterSeconds = await allQueued;
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${label}: ${deliveries} deliveries in ${seconds.toFixed(1)} s = ${Math.round(deliveries / seconds)} deliveries/s` +
        ` (all queued after ${queuedAfterSeconds.toFixed(1)} s)`,
    );
  }

  /** Deliveries inserted as a backlog while the endpoint is disabled, then sent once it is enabled. */
  async function runBacklog(path: string, count: number): Promise<void> {
    const endpointId = await createEndpoint(path);
    await setEnabled(endpointId, false);
    const body = JSON.stringify({ type: 'deal.updated', timestamp: new Date().toISOString(), data: { changes: [] } });
    await service.dataSource.query(
      `INSERT INTO sync_engine.webhook_deliveries (tenant_id, endpoint_id, event_id, deal_id, body, status, next_attempt_at)
       SELECT $1, $2, gen_random_uuid(), gen_random_uuid(), $3, 'PENDING', now() FROM generate_series(1, $4)`,
      [tenantId, endpointId, body, count],
    );
    const started = performance.now();
    await setEnabled(endpointId, true);
    await receivedAll(path, count);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `worker alone (${count} queued deliveries): ${count} in ${seconds.toFixed(1)} s = ${Math.round(count / seconds)} deliveries/s`,
    );
  }

  try {
    // Warm up: the consumer group joins and the first delivery goes out.
    await createEndpoint('/warm-up');
    await run('warm-up', [dealUpdated(randomUUID(), '/warm-up', 0)], [['/warm-up', 1]]);

    // Two endpoints take the same partner's events: every event makes two deliveries.
    await createEndpoint('/many-a');
    await createEndpoint('/many-b');
    const many = Array.from({ length: MANY_DEALS }, (_, index) => dealUpdated(randomUUID(), '/many-a', index));
    // The second endpoint filters on another partner id: give it its own copies.
    const manyB = many.map((event, index) => dealUpdated(event.data.dealId, '/many-b', index));
    await run(
      `many deals (${MANY_DEALS} events × 2 endpoints)`,
      [...many, ...manyB],
      [
        ['/many-a', MANY_DEALS],
        ['/many-b', MANY_DEALS],
      ],
    );

    await runBacklog('/backlog', BACKLOG);

    await createEndpoint('/one-deal');
    const dealId = randomUUID();
    await run(
      `one deal (${ONE_DEAL} ordered updates)`,
      Array.from({ length: ONE_DEAL }, (_, index) => dealUpdated(dealId, '/one-deal', index)),
      [['/one-deal', ONE_DEAL]],
    );
  } finally {
    await publisher.disconnect();
    await service.close();
    await broker.stop();
    await database.stop();
    receiver.close();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
