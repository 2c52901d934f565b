// `npm start`: the whole system on this machine with embedded defaults — embedded PostgreSQL
// (kept under .data/), every subgraph service and the gateway — then prints the URLs and a demo
// user's token. Ctrl-C stops everything. Local mode only: production runs one container per service.
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedPostgresLauncher } from '@crm-bridge/persistence';
import { issueUserToken } from '../apps/gateway/src/authentication/user-token.issuer';
import { localSecrets } from './local-secrets';
import { subgraphServices } from './service-definitions';

const DATA_DIRECTORY = '.data';
const READY_TIMEOUT_MS = 120_000;
const GATEWAY_PORT = 4000;
const DEMO_CALLER = { tenantId: 'demo-tenant', userId: 'demo-user', roles: ['admin'] };

interface StartedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly url: string;
}

const started: StartedProcess[] = [];

function startProcess(name: string, entry: string, port: number, environment: Record<string, string>): StartedProcess {
  const logDirectory = join(DATA_DIRECTORY, 'logs');
  mkdirSync(logDirectory, { recursive: true });
  const log = createWriteStream(join(logDirectory, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, ['-r', '@swc-node/register', '--enable-source-maps', entry], {
    env: { ...process.env, ...environment, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.on('data', (chunk: Buffer) => {
    log.write(chunk);
    process.stderr.write(`[${name}] ${chunk.toString()}`);
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`✖ ${name} exited (${signal ?? code}); see ${join(logDirectory, `${name}.log`)}`);
      void stopAll(1);
    }
  });
  const process_ = { name, child, url: `http://127.0.0.1:${port}` };
  started.push(process_);
  return process_;
}

async function waitUntilReady(service: StartedProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${service.url}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service.name} was not ready within ${READY_TIMEOUT_MS / 1000} s`);
}

let stopping = false;
let stopPostgres: (() => Promise<void>) | undefined;

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping…');
  await Promise.all(
    [...started].reverse().map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
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

  const services = Object.entries(subgraphServices).map(([name, definition]) =>
    startProcess(name, join('apps', name, 'src', 'main.ts'), definition.defaultPort, common),
  );
  await Promise.all(services.map(waitUntilReady));
  const gateway = startProcess('gateway', join('apps', 'gateway', 'src', 'main.ts'), GATEWAY_PORT, {
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
