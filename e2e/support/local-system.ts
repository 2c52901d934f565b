import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { CallerContext } from '@crm-bridge/caller-context';
import { findFreePort } from '@crm-bridge/persistence';
import { startSubgraphService, type RunningSubgraphService } from '@crm-bridge/service-runtime';
import { KafkaTestBroker, TEST_SIGNING_SECRET, TEST_TOKEN_ENCRYPTION_ENVIRONMENT } from '@crm-bridge/testing';
import { startGateway, type RunningGateway } from '../../apps/gateway/src/gateway-server';
import { issueUserToken } from '../../apps/gateway/src/authentication/user-token.issuer';
import { SUBGRAPH_URL_VARIABLES } from '../../apps/gateway/src/gateway.config';
import { subgraphServices } from '../../scripts/service-definitions';

type SubgraphName = keyof typeof SUBGRAPH_URL_VARIABLES;

/** Every subgraph service and the gateway, on real HTTP ports, over one PostgreSQL database and one Kafka broker. */
export interface LocalSystem {
  readonly gateway: RunningGateway;
  readonly services: Readonly<Record<SubgraphName, RunningSubgraphService>>;
  /** The Kafka development broker the services exchange events through. */
  readonly kafka: KafkaTestBroker;
  /** A service's TypeORM data source, for factories that seed rows writes will create later. */
  dataSource(service: SubgraphName): DataSource;
  /** Starts one more gateway over the same services, e.g. with other settings. */
  startExtraGateway(environment: Record<string, string>): Promise<RunningGateway>;
  /** A user JWT the gateway accepts. */
  tokenFor(caller: Partial<CallerContext> & { tenantId: string }): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the whole federated system in this process (each service its own Nest app and port;
 * all traffic over real HTTP through the gateway), for e2e tests and the gateway benchmark.
 */
export async function startLocalSystem(
  databaseUrl: string,
  options: {
    logLevel?: string;
    /** Variables one service needs besides the common ones, e.g. auth-connector's Zoho sandbox and callback URL. */
    serviceEnvironment?: Partial<Record<SubgraphName, Record<string, string>>>;
  } = {},
): Promise<LocalSystem> {
  const jwtSecret = randomBytes(32).toString('hex');
  const logLevel = options.logLevel ?? 'error';
  const kafka = await KafkaTestBroker.start();
  const services = {} as Record<SubgraphName, RunningSubgraphService>;
  // One at a time: concurrent first runs would race on CREATE SCHEMA in one database. auth-connector
  // first: the others fetch Zoho access tokens from it (AUTH_CONNECTOR_URL).
  const names = Object.keys(SUBGRAPH_URL_VARIABLES) as SubgraphName[];
  for (const name of ['auth-connector' as const, ...names.filter((other) => other !== 'auth-connector')]) {
    const definition = subgraphServices[name];
    if (!definition) {
      throw new Error(`no service definition for ${name}`);
    }
    services[name] = await startSubgraphService(definition, {
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: kafka.bootstrap,
      PORT: '0',
      ...(name === 'sync-engine' ? await notificationEndpoint() : {}),
      LOG_LEVEL: logLevel,
      INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET,
      ...TEST_TOKEN_ENCRYPTION_ENVIRONMENT,
      ...(name === 'auth-connector' ? {} : { AUTH_CONNECTOR_URL: services['auth-connector'].url }),
      ...options.serviceEnvironment?.[name],
    });
  }
  const subgraphUrls = Object.fromEntries(
    Object.entries(SUBGRAPH_URL_VARIABLES).map(([name, variable]) => [variable, `${services[name as SubgraphName].url}/graphql`]),
  );
  const extraGateways: RunningGateway[] = [];
  const launchGateway = (environment: Record<string, string> = {}) =>
    startGateway({
      PORT: '0',
      LOG_LEVEL: logLevel,
      INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET,
      JWT_HS256_SECRET: jwtSecret,
      ...subgraphUrls,
      ...environment,
    });
  const gateway = await launchGateway();
  return {
    gateway,
    services,
    kafka,
    startExtraGateway: async (environment) => {
      const extra = await launchGateway(environment);
      extraGateways.push(extra);
      return extra;
    },
    dataSource: (service) => services[service].dataSource,
    tokenFor: (caller) => issueUserToken({ userId: 'e2e-user', roles: ['admin'], ...caller }, jwtSecret),
    close: async () => {
      for (const extra of extraGateways) {
        await extra.close();
      }
      await gateway.close();
      for (const service of Object.values(services)) {
        await service.close();
      }
      await kafka.stop();
    },
  };
}

/**
 * sync-engine's port chosen up front, so ZOHO_NOTIFY_URL can name the endpoint Zoho (the sandbox)
 * POSTs notifications to before the service listens.
 */
async function notificationEndpoint(): Promise<Record<string, string>> {
  const port = await findFreePort();
  return { PORT: String(port), ZOHO_NOTIFY_URL: `http://127.0.0.1:${port}/zoho/notifications` };
}
