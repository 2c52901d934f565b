// Child process of the gateway benchmark: starts embedded PostgreSQL, every service and the
// gateway, seeds one tenant, prints one JSON line with the URLs and credentials, then serves until
// stdin closes. Kept apart from the load generator so they do not share one event loop.
import 'reflect-metadata';
import { EmbeddedPostgresLauncher } from '@crm-bridge/persistence';
import { TEST_SIGNING_SECRET } from '@crm-bridge/testing';
import { startLocalSystem } from '../../e2e/support/local-system';
import { factories } from '../../e2e/support/factories';

const BENCH_TENANT = 'bench-tenant';
const BENCH_DEALS = 50;

async function main(): Promise<void> {
  const postgres = await EmbeddedPostgresLauncher.startThrowaway();
  const system = await startLocalSystem(postgres.url);
  const make = factories(system);
  const connection = await make.newConnection(BENCH_TENANT);
  const integration = await make.newIntegration(BENCH_TENANT, connection.id);
  for (let index = 0; index < BENCH_DEALS; index += 1) {
    const deal = await make.newDeal(BENCH_TENANT, integration.id, { name: `Deal ${index}`, amount: `${1000 + index}.00` });
    if (index % 5 === 0) await make.newOpenConflict(BENCH_TENANT, deal, 'Amount');
  }
  const unmergedGateway = await system.startExtraGateway({ SUBGRAPH_REQUEST_MERGING: 'false' });
  process.stdout.write(
    `${JSON.stringify({
      gatewayUrl: `${system.gateway.url}/graphql`,
      unmergedGatewayUrl: `${unmergedGateway.url}/graphql`,
      subgraphUrl: `${system.services['sync-engine'].url}/graphql`,
      userToken: await system.tokenFor({ tenantId: BENCH_TENANT }),
      // Throwaway secret of this run: the load generator signs fresh caller contexts per round.
      internalSigningSecret: TEST_SIGNING_SECRET,
      tenantId: BENCH_TENANT,
    })}\n`,
  );
  process.stdin.resume();
  process.stdin.on('end', () => {
    void system
      .close()
      .then(() => postgres.stop())
      .then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
