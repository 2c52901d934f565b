// `npm start`: the whole system on this machine with embedded defaults — embedded PostgreSQL
// (kept under .data/), every subgraph service and the gateway — then prints the URLs and a demo
// user's token. Ctrl-C stops everything. Local mode only: production runs one container per service.
import 'reflect-metadata';
import { join } from 'node:path';
import { EmbeddedPostgresLauncher } from '@crm-bridge/persistence';
import { issueUserToken } from '../apps/gateway/src/authentication/user-token.issuer';
import { localSecrets } from './local-secrets';
import { subgraphServices } from './service-definitions';
import { startServiceProcess, stopServiceProcesses, waitUntilReady, type ServiceProcess } from './service-processes';

const DATA_DIRECTORY = '.data';
const GATEWAY_PORT = 4000;
const DEMO_CALLER = { tenantId: 'demo-tenant', userId: 'demo-user', roles: ['admin'] };

const started: ServiceProcess[] = [];

function launch(name: string, port: number, environment: Record<string, string>): ServiceProcess {
  const service = startServiceProcess(name, port, environment, {
    logFile: join(DATA_DIRECTORY, 'logs', `${name}.log`),
    onExit: (code, signal) => {
      if (stopping) return;
      console.error(`✖ ${name} exited (${signal ?? code}); see ${join(DATA_DIRECTORY, 'logs', `${name}.log`)}`);
      void stopAll(1);
    },
  });
  started.push(service);
  return service;
}

let stopping = false;
let stopPostgres: (() => Promise<void>) | undefined;

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping…');
  await stopServiceProcesses(started);
  await stopPostgres?.();
  console.log('stopped');
  process.exit(exitCode);
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  // `on`, not `once`: Ctrl-C reaches us twice (from the terminal and forwarded by npm), and a
  // second signal without a handler would kill this process in the middle of stopping the others.
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  const secrets = localSecrets(DATA_DIRECTORY);
  const postgres = await EmbeddedPostgresLauncher.attachOrStartPersistent(join(DATA_DIRECTORY, 'postgres'), 54320);
  stopPostgres = () => postgres.stop();
  const common = { DATABASE_URL: postgres.url, INTERNAL_SIGNING_SECRET: secrets.internalSigningSecret, LOG_LEVEL: 'info' };

  const services = Object.entries(subgraphServices).map(([name, definition]) => launch(name, definition.defaultPort, common));
  await Promise.all(services.map((service) => waitUntilReady(service)));
  const gateway = launch('gateway', GATEWAY_PORT, {
    INTERNAL_SIGNING_SECRET: secrets.internalSigningSecret,
    JWT_HS256_SECRET: secrets.jwtSecret,
    LOG_LEVEL: 'info',
  });
  await waitUntilReady(gateway);

  const token = await issueUserToken(DEMO_CALLER, secrets.jwtSecret);
  console.log(`
CRM Bridge is running (ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)

  GraphQL (HTTP and graphql-ws)  ${gateway.url}/graphql
${services.map((service) => `  ${service.name.padEnd(30)} ${service.url}/graphql`).join('\n')}
  PostgreSQL                     ${postgres.redactedUrl} (data in ${DATA_DIRECTORY}/postgres)
  Logs                           ${DATA_DIRECTORY}/logs/<service>.log

Demo user (tenant ${DEMO_CALLER.tenantId}), valid 12 h:
  Authorization: Bearer ${token}

Try:
  curl -s ${gateway.url}/graphql -H 'content-type: application/json' \\
    -H 'authorization: Bearer ${token}' \\
    -d '{"query":"{ deals(first: 5) { edges { node { id name } } } }"}'

Mint another user's token:  npm run token:mint -- --tenant <tenant> --user <user> [--roles admin,viewer]
Stop with Ctrl-C.
`);
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await stopAll(1);
});
