// npm run bench:subscriptions — how long a deal change takes to reach 1,000 dealUpdated subscribers.
// Every service and the gateway run as their own processes (bench/support/serve-bench-system.ts);
// this process holds BENCH_SUBSCRIBERS (default 1000) graphql-ws clients of the gateway, each on its
// own socket, each selecting the deal with a field of another subgraph (openConflicts), so the
// gateway fetches it per subscriber per update. Then BENCH_ROUNDS (default 5) times: updateDeal
// through the gateway, and the time from sending that mutation to each subscriber holding the
// update (committed write → outbox relay → Kafka → sync-engine's own consumer → fan-out → gateway →
// conflict-resolver → client). Prints p50/p99/max over every delivery; the target is p99 ≤ 500 ms.
import { createEvent } from '@crm-bridge/contracts';
import { createKafkaClient, EventPublisher } from '@crm-bridge/kafka';
import { postGraphql } from '@crm-bridge/testing';
import { startBenchSystem } from './support/bench-system-process';
import { DealUpdateSubscribers } from './support/deal-update-subscribers';

const SUBSCRIBERS = Number(process.env['BENCH_SUBSCRIBERS'] ?? 1000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const TARGET_P99_MS = 500;

async function main(): Promise<void> {
  const { system, processWarnings, stop } = await startBenchSystem();
  const kafka = createKafkaClient({ clientId: 'bench-subscriptions', brokers: [system.kafkaBootstrap] });
  const publisher = new EventPublisher(kafka);
  let subscribers: DealUpdateSubscribers | undefined;
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

    subscribers = new DealUpdateSubscribers(system.gatewayUrl.replace('http://', 'ws://'), headers, SUBSCRIBERS);
    await subscribers.warmUp(renameDeal);

    const throughWrite = await subscribers.measure(renameDeal, ROUNDS, 'Bench deal round');
    // The same update published straight onto Kafka, as sync-engine's outbox relay would: what the
    // write, its transaction and the relay (woken by the commit) add is the difference.
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
    const fromKafka = await subscribers.measure(publishUpdate, ROUNDS, 'Published round');
    console.log(
      JSON.stringify(
        {
          subscribers: SUBSCRIBERS,
          rounds: ROUNDS,
          deliveriesPerMeasure: throughWrite.latenciesMs.length,
          fromUpdateDealSentToDeliveredMs: throughWrite.summary,
          fromPublishedOnKafkaToDeliveredMs: fromKafka.summary,
          subscriptionErrors: subscribers.errors,
          targetP99Ms: TARGET_P99_MS,
          met: throughWrite.summary.p99 <= TARGET_P99_MS,
          processWarnings,
        },
        null,
        2,
      ),
    );
  } finally {
    subscribers?.close();
    await publisher.disconnect();
    stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
