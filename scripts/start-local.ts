// `npm start`: the whole system on this machine with embedded defaults — embedded PostgreSQL
// (kept under .data/), the Kafka development broker (unless KAFKA_BROKERS names a cluster), the
// Zoho CRM sandbox with a demo org (unless ZOHO_CLIENT_ID names a real Zoho client), every subgraph
// service and the gateway — then, against the sandbox, connects and maps the demo tenant's demo
// integration through the gateway (`demo-integration.ts`) and prints the URLs and a demo user's token. Ctrl-C stops everything. Local mode only: production runs one container per service.
import 'reflect-metadata';
import { join } from 'node:path';
import { KafkaDevBroker, type BrokerLogger } from '@crm-bridge/kafka-dev-broker';
import { EmbeddedPostgresLauncher } from '@crm-bridge/persistence';
import { issueUserToken } from '../apps/gateway/src/authentication/user-token.issuer';
import { StructuredLogger } from '@crm-bridge/observability';
import { seedDemoOrg, ZohoSandbox } from '../apps/zoho-sandbox/src';
import { setUpDemoIntegration, type DemoIntegration } from './demo-integration';
import { localSecrets } from './local-secrets';
import { subgraphServices } from './service-definitions';
import { openLog, startServiceProcess, stopServiceProcesses, waitUntilReady, type ServiceProcess } from './service-processes';

const DATA_DIRECTORY = '.data';
const GATEWAY_PORT = 4000;
const KAFKA_DEV_BROKER_PORT = 9092;
const ZOHO_SANDBOX_PORT = 4010;
const DEMO_CALLER = { tenantId: 'demo-tenant', userId: 'demo-user', roles: ['admin'] };

const started: ServiceProcess[] = [];

function launch(name: string, port: number, environment: Record<string, string>): ServiceProcess {
  const service = startServiceProcess(name, port, environment, {
    logFile: logFileOf(name),
    onExit: (code, signal) => {
      if (stopping) {
        return;
      }
      console.error(`✖ ${name} exited (${signal ?? code}); see ${logFileOf(name)}`);
      void stopAll(1);
    },
  });
  started.push(service);
  return service;
}

/** Where a local component's log goes: `.data/logs/<name>.log`. */
function logFileOf(name: string): string {
  return join(DATA_DIRECTORY, 'logs', `${name}.log`);
}

let stopping = false;
let stopPostgres: (() => Promise<void>) | undefined;
let stopKafka: (() => Promise<void>) | undefined;
let stopZohoSandbox: (() => Promise<void>) | undefined;

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) {
    return;
  }
  stopping = true;
  console.log('\nstopping…');
  // Services first: they drain their outboxes and commit consumer offsets while they stop.
  await stopServiceProcesses(started);
  await stopZohoSandbox?.();
  await stopKafka?.();
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
  const kafka = await startOrAttachKafka();
  const zoho = await startZohoSandboxUnlessConfigured();
  const common = {
    DATABASE_URL: postgres.url,
    KAFKA_BROKERS: kafka.brokers,
    INTERNAL_SIGNING_SECRET: secrets.internalSigningSecret,
    LOG_LEVEL: 'info',
  };

  const authConnectorUrl = `http://127.0.0.1:${subgraphServices['auth-connector']?.defaultPort ?? 4001}`;
  // Locally one keyring serves both vaults (auth-connector's tokens, sync-engine's webhook secrets); deployments give each its own.
  const tokenVault = {
    TOKEN_ENCRYPTION_KEYS: `${secrets.tokenEncryptionKeyId}:${secrets.tokenEncryptionKey}`,
    TOKEN_ENCRYPTION_KEY_ID: secrets.tokenEncryptionKeyId,
  };
  const ownEnvironment: Record<string, Record<string, string>> = {
    'auth-connector': {
      ...tokenVault,
      ...(zoho.origin ? await sandboxZohoEnvironment(zoho.origin) : realZohoEnvironment()),
    },
    'mapping-config': { AUTH_CONNECTOR_URL: authConnectorUrl },
    'sync-engine': {
      AUTH_CONNECTOR_URL: authConnectorUrl,
      ...tokenVault,
      // A partner receiver on this machine (http://localhost) may be registered as a webhook endpoint.
      WEBHOOK_URL_POLICY: 'DEVELOPMENT',
      // The sandbox runs on this machine, so sync-engine's own port is the public endpoint.
      ZOHO_NOTIFY_URL: `http://127.0.0.1:${subgraphServices['sync-engine']?.defaultPort ?? 4003}/zoho/notifications`,
      // Bulk Write's upload host for the sandbox's API domains.
      ...(zoho.origin ? { ZOHO_SANDBOX_URL: zoho.origin } : {}),
    },
  };
  const services = Object.entries(subgraphServices).map(([name, definition]) =>
    launch(name, definition.defaultPort, { ...common, ...ownEnvironment[name] }),
  );
  await Promise.all(services.map((service) => waitUntilReady(service)));
  const gateway = launch('gateway', GATEWAY_PORT, {
    INTERNAL_SIGNING_SECRET: secrets.internalSigningSecret,
    JWT_HS256_SECRET: secrets.jwtSecret,
    LOG_LEVEL: 'info',
  });
  await waitUntilReady(gateway);

  const token = await issueUserToken(DEMO_CALLER, secrets.jwtSecret);
  const demo = zoho.origin ? await demoIntegrationSummary(`${gateway.url}/graphql`, `Bearer ${token}`, zoho.origin) : '';
  console.log(`
CRM Bridge is running (ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)

  GraphQL (HTTP and graphql-ws)  ${gateway.url}/graphql
${services.map((service) => `  ${service.name.padEnd(30)} ${service.url}/graphql`).join('\n')}
  PostgreSQL                     ${postgres.redactedUrl} (data in ${DATA_DIRECTORY}/postgres)
  Kafka                          KAFKA_BROKERS=${kafka.brokers} (${kafka.description})
  Zoho CRM                       ${zoho.description}
  Logs                           ${DATA_DIRECTORY}/logs/<service>.log

Demo user (tenant ${DEMO_CALLER.tenantId}), valid 12 h:
  Authorization: Bearer ${token}
${demo}
Try:
  curl -s ${gateway.url}/graphql -H 'content-type: application/json' \\
    -H 'authorization: Bearer ${token}' \\
    -d '{"query":"{ integrations(first: 5) { edges { node { id name enabled publishedVersion connection { zohoOrgName status } } } } }"}'

Mint another user's token:  npm run token:mint -- --tenant <tenant> --user <user> [--roles admin,viewer]
Stop with Ctrl-C.
`);
}

/**
 * The demo tenant's demo integration, set up through the gateway unless it is there already (see
 * `demo-integration.ts`), for the banner. A failure is printed, not fatal: everything else runs.
 */
async function demoIntegrationSummary(graphqlUrl: string, authorization: string, sandboxOrigin: string): Promise<string> {
  let demo: DemoIntegration | null;
  try {
    demo = await setUpDemoIntegration({ graphqlUrl, authorization, sandboxOrigin });
  } catch (error) {
    return `\n✖ The demo integration could not be set up: ${error instanceof Error ? error.message : String(error)}\n`;
  }
  if (demo === null) {
    return `\nDemo integration: none — tenant ${DEMO_CALLER.tenantId} has connected another Zoho org than the sandbox's demo org.\n`;
  }
  const done =
    demo.stepsTaken.length === 0
      ? ' (from an earlier start)'
      : `, set up now through the gateway:\n${demo.stepsTaken.map((step) => `  ✓ ${step}`).join('\n')}`;
  return `
Demo integration${done}
  Zoho connection   ${demo.connection.id}  ${demo.connection.zohoOrgName} (org ${demo.connection.zohoOrgId}, API ${demo.connection.apiVersion})
  Integration       ${demo.integration.id}  "${demo.integration.name}", ${demo.integration.enabled ? 'enabled' : 'disabled'}
  Mapping version   ${demo.mappingVersion.id}  version ${demo.mappingVersion.version}, pipelines ${demo.mappingVersion.pipelines.join(', ')}
`;
}

/**
 * The Kafka cluster named by KAFKA_BROKERS, or else the development broker on port 9092 with its
 * data under .data/kafka (kept across runs, like PostgreSQL's). Its log goes to .data/logs/kafka.log.
 */
async function startOrAttachKafka(): Promise<{ brokers: string; description: string }> {
  const configured = process.env['KAFKA_BROKERS'];
  if (configured) {
    return { brokers: configured, description: 'from KAFKA_BROKERS' };
  }
  const log = openLog(logFileOf('kafka'));
  const write = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    void log.write(`${JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields })}\n`);
  const logger: BrokerLogger = { info: write('info'), warn: write('warn'), error: write('error') };
  const broker = new KafkaDevBroker({ logger });
  const dataDir = join(DATA_DIRECTORY, 'kafka');
  try {
    const address = await broker.start({ port: KAFKA_DEV_BROKER_PORT, dataDir });
    stopKafka = () => broker.stop();
    return { brokers: `${address.host}:${address.port}`, description: `development broker, data in ${dataDir}` };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `could not start the Kafka development broker on port ${KAFKA_DEV_BROKER_PORT} (${reason}); ` +
        `if a broker already runs there, use it: KAFKA_BROKERS=127.0.0.1:${KAFKA_DEV_BROKER_PORT} npm start`,
    );
  }
}

/**
 * The Zoho sandbox on port 4010 unless a real Zoho client is configured. Its state is saved to
 * .data/zoho-sandbox.json at stop and restored at the next start, so the demo org (seeded on the
 * first start only) and everything done to it survive restarts, as PostgreSQL's data does.
 */
async function startZohoSandboxUnlessConfigured(): Promise<{ description: string; origin: string | null }> {
  if (process.env['ZOHO_CLIENT_ID']) {
    return { description: 'real Zoho (ZOHO_CLIENT_ID is set; no sandbox started)', origin: null };
  }
  const log = openLog(logFileOf('zoho-sandbox'));
  const logger = new StructuredLogger('zoho-sandbox', 'info', (line) => void log.write(`${line}\n`));
  const snapshotFile = join(DATA_DIRECTORY, 'zoho-sandbox.json');
  const sandbox = await ZohoSandbox.start({ port: ZOHO_SANDBOX_PORT, logger, snapshotFile });
  stopZohoSandbox = () => sandbox.stop();
  const demoOrg = sandbox.restored ? 'restored from its snapshot' : `demo org ${seedDemoOrg(sandbox).orgId} seeded (US DC)`;
  return {
    description: `sandbox ${sandbox.origin} (${demoOrg}; admin API ${sandbox.origin}/__admin; state in ${snapshotFile})`,
    origin: sandbox.origin,
  };
}

/**
 * auth-connector's Zoho is the sandbox: a server-based client of the demo org whose redirect URI is
 * auth-connector's local callback becomes the default client of `startZohoConnection`. A new one
 * each start: the sandbox keeps its clients in its snapshot, ours do not need to survive.
 */
async function sandboxZohoEnvironment(origin: string): Promise<Record<string, string>> {
  const redirectUrl = `http://127.0.0.1:${subgraphServices['auth-connector']?.defaultPort ?? 4001}/oauth/zoho/callback`;
  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${origin}/__admin${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) {
      throw new Error(`sandbox admin ${method} ${path} answered ${response.status}: ${await response.text()}`);
    }
    return (await response.json()) as T;
  };
  const { orgs } = await admin<{ orgs: { id: string }[] }>('GET', '/orgs');
  const environment: Record<string, string> = { ZOHO_SANDBOX_URL: origin, ZOHO_REDIRECT_URL: redirectUrl };
  const [demoOrg] = orgs;
  if (demoOrg) {
    const client = await admin<{ clientId: string; clientSecret: string }>('POST', `/orgs/${demoOrg.id}/clients`, {
      kind: 'server-based',
      redirectUris: [redirectUrl],
    });
    Object.assign(environment, { ZOHO_CLIENT_ID: client.clientId, ZOHO_CLIENT_SECRET: client.clientSecret });
  }
  return environment;
}

/** With a real Zoho client configured, auth-connector's Zoho variables come from this shell's environment. */
function realZohoEnvironment(): Record<string, string> {
  const names = ['ZOHO_CLIENT_ID', 'ZOHO_CLIENT_SECRET', 'ZOHO_REDIRECT_URL', 'PORTAL_RETURN_URL'];
  return Object.fromEntries(names.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await stopAll(1);
});
