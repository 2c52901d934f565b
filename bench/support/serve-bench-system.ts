// Child process of the gateway benchmark: starts a throwaway PostgreSQL, every subgraph service
// and two gateways (in-flight merging on and off) each as its own process — as in production,
// so the gateway does not share an event loop with the subgraphs — seeds one tenant, prints one
// JSON line with the URLs and credentials, and serves until stdin closes.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { EmbeddedPostgresLauncher, findFreePort, openServiceDatabase } from '@crm-bridge/persistence';
import { databaseOf } from '@crm-bridge/service-runtime';
import { KafkaTestBroker, TEST_TOKEN_ENCRYPTION_ENVIRONMENT } from '@crm-bridge/testing';
import { issueUserToken } from '../../apps/gateway/src/authentication/user-token.issuer';
import { SUBGRAPH_URL_VARIABLES } from '../../apps/gateway/src/gateway.config';
import { factories, type DataSourceOf } from '../../e2e/support/factories';
import { subgraphServices } from '../../scripts/service-definitions';
import { startServiceProcess, stopServiceProcesses, waitUntilReady, type ServiceProcess } from '../../scripts/service-processes';

const BENCH_TENANT = 'bench-tenant';
const BENCH_DEALS = 50;

async function main(): Promise<void> {
  const postgres = await EmbeddedPostgresLauncher.startThrowaway();
  const kafka = await KafkaTestBroker.start();
  const internalSigningSecret = randomBytes(32).toString('hex');
  const jwtSecret = randomBytes(32).toString('hex');
  const processes: ServiceProcess[] = [];
  const subgraphUrls: Record<string, string> = {};
  for (const [name, variable] of Object.entries(SUBGRAPH_URL_VARIABLES)) {
    const service = startServiceProcess(name, await findFreePort(), {
      DATABASE_URL: postgres.url,
      KAFKA_BROKERS: kafka.bootstrap,
      INTERNAL_SIGNING_SECRET: internalSigningSecret,
      LOG_LEVEL: 'warn',
      ...TEST_TOKEN_ENCRYPTION_ENVIRONMENT,
      // Required by sync-engine; no channel is enabled without a real connection, so Zoho never calls it.
      ...(name === 'sync-engine' ? { ZOHO_NOTIFY_URL: 'http://127.0.0.1:9/zoho/notifications' } : {}),
      // auth-connector starts first (SUBGRAPH_URL_VARIABLES' order); the others fetch Zoho tokens from it.
      ...(subgraphUrls['AUTH_CONNECTOR_URL'] ? { AUTH_CONNECTOR_URL: subgraphUrls['AUTH_CONNECTOR_URL'].replace(/\/graphql$/, '') } : {}),
    });
    processes.push(service);
    await waitUntilReady(service);
    subgraphUrls[variable] = `${service.url}/graphql`;
  }
  const gatewayEnvironment = {
    ...subgraphUrls,
    INTERNAL_SIGNING_SECRET: internalSigningSecret,
    JWT_HS256_SECRET: jwtSecret,
    LOG_LEVEL: 'warn',
  };
  const gateway = startServiceProcess('gateway', await findFreePort(), gatewayEnvironment);
  const unmergedGateway = startServiceProcess('gateway', await findFreePort(), {
    ...gatewayEnvironment,
    SUBGRAPH_REQUEST_MERGING: 'false',
  });
  processes.push(gateway, unmergedGateway);
  await Promise.all([waitUntilReady(gateway), waitUntilReady(unmergedGateway)]);

  const dataSources = new Map<string, DataSource>();
  for (const name of ['auth-connector', 'mapping-config', 'sync-engine', 'conflict-resolver']) {
    const definition = subgraphServices[name];
    if (definition) {
      dataSources.set(name, await openServiceDatabase(databaseOf(definition), postgres.url));
    }
  }
  const make = factories(((name) => dataSources.get(name)) as DataSourceOf);
  const connection = await make.newConnection(BENCH_TENANT);
  const integration = await make.newIntegration(BENCH_TENANT, connection.id);
  let firstDealId = '';
  for (let index = 0; index < BENCH_DEALS; index += 1) {
    const deal = await make.newDeal(BENCH_TENANT, integration.id, { name: `Deal ${index}`, amount: `${1000 + index}.00` });
    firstDealId ||= deal.id;
    if (index % 5 === 0) {
      await make.newOpenConflict(BENCH_TENANT, deal, 'Amount');
    }
  }
  for (const dataSource of dataSources.values()) {
    await dataSource.destroy();
  }

  process.stdout.write(
    `${JSON.stringify({
      gatewayUrl: `${gateway.url}/graphql`,
      unmergedGatewayUrl: `${unmergedGateway.url}/graphql`,
      subgraphUrl: subgraphUrls['SYNC_ENGINE_URL'],
      userToken: await issueUserToken({ tenantId: BENCH_TENANT, userId: 'bench', roles: ['admin'] }, jwtSecret),
      // Throwaway secret of this run: the load generator signs fresh caller contexts per round.
      internalSigningSecret,
      tenantId: BENCH_TENANT,
      // For benchmarks that write: the broker (to publish what mapping-config would) and a deal to change.
      kafkaBootstrap: kafka.bootstrap,
      integrationId: integration.id,
      dealId: firstDealId,
    })}\n`,
  );
  process.stdin.resume();
  process.stdin.on('end', () => {
    void stopServiceProcesses(processes)
      .then(() => kafka.stop())
      .then(() => postgres.stop())
      .then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
