// npm run bench:subscriptions — how long a deal change takes to reach 1,000 dealUpdated subscribers.
// Every service and the gateway run as their own processes (bench/support/serve-bench-system.ts);
// this process holds BENCH_SUBSCRIBERS (default 1000) graphql-ws clients of the gateway, each on its
// own socket, each selecting the deal with a field of another subgraph (openConflicts), so the
// gateway fetches it per subscriber per update. Then BENCH_ROUNDS (default 5) times: updateDeal
// through the gateway, and the time from sending that mutation to each subscriber holding the
// update (committed write → outbox relay → Kafka → sync-engine's own consumer → fan-out → gateway →
// conflict-resolver → client). Prints p50/p99/max over every delivery; the target is p99 ≤ 500 ms.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { createEvent } from '@crm-bridge/contracts';
import { createKafkaClient, EventPublisher } from '@crm-bridge/kafka';
import { eventually, postGraphql } from '@crm-bridge/testing';
import { startBenchSystem } from './support/bench-system-process';

const SUBSCRIBERS = Number(process.env['BENCH_SUBSCRIBERS'] ?? 1000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const TARGET_P99_MS = 500;

const DEAL_UPDATED = `subscription { dealUpdated { eventId changes { field newValue } deal { name openConflicts { id } } } }`;

interface Delivery {
  readonly names: string[];
  readonly atMs: number;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? NaN;
}

async function main(): Promise<void> {
  const { system, processWarnings, stop } = await startBenchSystem();
  const kafka = createKafkaClient({ clientId: 'bench-subscriptions', brokers: [system.kafkaBootstrap] });
  const publisher = new EventPublisher(kafka);
  const clients: Client[] = [];
  try {
    // What mapping-config publishes for a new integration: sync-engine refuses deal writes without it.
    await publisher.connect();
    await publisher.publish([
      createEvent('portal-deal-schema.changed', {
        source: 'mapping-config',
        tenantId: system.tenantId,
        integrationId: system.integrationId,
        subject: system.integrationId,
        correlationId: 'bench-subscriptions',
        data: { revision: 1, phases: [{ name: 'Qualified', outcome: 'OPEN' }], customFields: [] },
      }),
    ]);
    const headers = { authorization: `Bearer ${system.userToken}` };
    const renameDeal = async (name: string) => {
      const answer = await postGraphql(system.gatewayUrl, `mutation($input: UpdateDealInput!) { updateDeal(input: $input) { id } }`, {
        variables: { input: { id: system.dealId, name } },
        headers,
      });
      if (answer.errors) {
        throw new Error(JSON.stringify(answer.errors));
      }
    };

    const deliveries: Delivery[][] = [];
    const wsUrl = system.gatewayUrl.replace('http://', 'ws://');
    let subscriptionErrors = 0;
    for (let index = 0; index < SUBSCRIBERS; index += 1) {
      const received: Delivery[] = [];
      deliveries.push(received);
      const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: headers, retryAttempts: 0 });
      clients.push(client);
      client.subscribe<{ dealUpdated: { changes: { field: string; newValue: unknown }[]; deal: { name: string } | null } }>(
        { query: DEAL_UPDATED },
        {
          next: (result) => {
            const names = (result.data?.dealUpdated.changes ?? [])
              .filter((change) => change.field === 'name')
              .map((change) => String(change.newValue));
            if (result.errors || result.data?.dealUpdated.deal === undefined) {
              subscriptionErrors += 1;
            }
            received.push({ names, atMs: performance.now() });
          },
          error: () => (subscriptionErrors += 1),
          complete: () => undefined,
        },
      );
    }
    const allHold = (name: string) => deliveries.every((received) => received.some((delivery) => delivery.names.includes(name)));

    // Warm-up, and proof that every subscription is open: until all hold one change, publishing races them.
    let warmUps = 0;
    await eventually(
      async () => {
        const name = `warm-up ${(warmUps += 1)}`;
        await renameDeal(name);
        await eventually(
          () => {
            if (!allHold(name)) {
              throw new Error(
                `${deliveries.filter((received) => received.length > 0).length} of ${SUBSCRIBERS} subscribers hold an update`,
              );
            }
          },
          { timeoutMs: 10_000 },
        );
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );

    /** Runs `change` ROUNDS times and measures, per subscriber, from its start to holding the update. */
    const measure = async (change: (name: string) => Promise<void>, label: string) => {
      const latenciesMs: number[] = [];
      const perRound: { p50: number; p99: number; max: number }[] = [];
      for (let round = 1; round <= ROUNDS; round += 1) {
        const name = `${label} ${round}`;
        const sentAt = performance.now();
        await change(name);
        await eventually(
          () => {
            if (!allHold(name)) {
              throw new Error(`${name}: not every subscriber has the update`);
            }
          },
          { timeoutMs: 30_000, intervalMs: 5 },
        );
        const roundLatencies = deliveries
          .map((received) => (received.find((delivery) => delivery.names.includes(name))?.atMs ?? NaN) - sentAt)
          .sort((a, b) => a - b);
        latenciesMs.push(...roundLatencies);
        perRound.push({ p50: percentile(roundLatencies, 0.5), p99: percentile(roundLatencies, 0.99), max: roundLatencies.at(-1) ?? NaN });
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      latenciesMs.sort((a, b) => a - b);
      return { latenciesMs, perRound };
    };
    const round1 = (value: number) => Math.round(value * 10) / 10;
    const summary = ({ latenciesMs, perRound }: Awaited<ReturnType<typeof measure>>) => ({
      p50: round1(percentile(latenciesMs, 0.5)),
      p99: round1(percentile(latenciesMs, 0.99)),
      max: round1(latenciesMs.at(-1) ?? NaN),
      perRoundP99: perRound.map((r) => round1(r.p99)),
    });

    const throughWrite = await measure(renameDeal, 'Bench deal round');
    // The same update published straight onto Kafka, as sync-engine's outbox relay would: what the
    // write, its transaction and the relay's poll (every 200 ms when idle) add is the difference.
    const publishUpdate = async (name: string) => {
      await publisher.publish([
        createEvent('deal.updated', {
          source: 'sync-engine',
          tenantId: system.tenantId,
          integrationId: system.integrationId,
          subject: system.dealId,
          correlationId: 'bench-subscriptions',
          data: {
            dealId: system.dealId,
            operation: 'UPDATED',
            origin: 'PORTAL',
            pipeline: null,
            phase: 'Qualified',
            partnerId: null,
            changes: [{ field: 'name', oldValue: null, newValue: name }],
            updatedAt: new Date().toISOString(),
          },
        }),
      ]);
    };
    const fromKafka = await measure(publishUpdate, 'Published round');
    const p99 = percentile(throughWrite.latenciesMs, 0.99);
    console.log(
      JSON.stringify(
        {
          subscribers: SUBSCRIBERS,
          rounds: ROUNDS,
          deliveriesPerMeasure: throughWrite.latenciesMs.length,
          fromUpdateDealSentToDeliveredMs: summary(throughWrite),
          fromPublishedOnKafkaToDeliveredMs: summary(fromKafka),
          subscriptionErrors,
          targetP99Ms: TARGET_P99_MS,
          met: p99 <= TARGET_P99_MS,
          processWarnings,
        },
        null,
        2,
      ),
    );
  } finally {
    for (const client of clients) {
      void client.dispose();
    }
    await publisher.disconnect();
    stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
