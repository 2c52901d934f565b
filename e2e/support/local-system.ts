import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { CallerContext } from '@crm-bridge/caller-context';
import type { LogSink } from '@crm-bridge/observability';
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
  /** The services started in this process; one named in `externalServices` is not among them. */
  readonly services: Readonly<Record<SubgraphName, RunningSubgraphService>>;
  /** The Kafka development broker the services exchange events through. */
  readonly kafka: KafkaTestBroker;
  /** A service's TypeORM data source, for factories that seed rows writes will create later. */
  dataSource(service: SubgraphName): DataSource;
  /** Starts one more gateway over the same services, e.g. with other settings. */
  startExtraGateway(environment: Record<string, string>): Promise<RunningGateway>;
  /**
   * The variables this system gives `service` (database, broker, secrets, AUTH_CONNECTOR_URL, its
   * `serviceEnvironment`…): what a process started outside it (`externalServices`) needs.
   */
  environmentOf(service: SubgraphName): Record<string, string>;
  /**
   * Starts one more instance of `service` in this process over the same database and broker, not
   * behind the gateway (e.g. a second sync-engine competing for the same work) on a port of its
   * own; `environment` adds to or overrides {@link environmentOf}. Closed with the system (closing
   * it earlier, a clean stop, is fine).
   */
  startExtraInstance(
    service: SubgraphName,
    environment?: Record<string, string>,
    options?: { logSink?: LogSink },
  ): Promise<RunningSubgraphService>;
  /** A user JWT the gateway accepts; it expires in 12 h unless `expiresIn` says otherwise (jose's form: `'5s'`). */
  tokenFor(caller: Partial<CallerContext> & { tenantId: string }, options?: { expiresIn?: string }): Promise<string>;
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
    /** Where a service's log lines go instead of stdout, e.g. to read them in the test. */
    logSinks?: Partial<Record<SubgraphName, LogSink>>;
    /**
     * Services the test runs itself (e.g. sync-engine as a child process it kills), by base URL:
     * not started here; the gateway routes to the URL. Start them with {@link LocalSystem.environmentOf}.
     */
    externalServices?: Partial<Record<SubgraphName, string>>;
  } = {},
): Promise<LocalSystem> {
  const jwtSecret = randomBytes(32).toString('hex');
  const logLevel = options.logLevel ?? 'error';
  const kafka = await KafkaTestBroker.start();
  const services = {} as Record<SubgraphName, RunningSubgraphService>;
  const environments = {} as Record<SubgraphName, Record<string, string>>;
  const environmentFor = async (name: SubgraphName): Promise<Record<string, string>> => {
    const external = options.externalServices?.[name];
    return {
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: kafka.bootstrap,
      PORT: external ? new URL(external).port : '0',
      ...(name === 'sync-engine' ? await notificationEndpoint(external) : {}),
      LOG_LEVEL: logLevel,
      INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET,
      ...TEST_TOKEN_ENCRYPTION_ENVIRONMENT,
      ...(name === 'auth-connector' ? {} : { AUTH_CONNECTOR_URL: services['auth-connector'].url }),
      ...options.serviceEnvironment?.[name],
    };
  };
  // One at a time: concurrent first runs would race on CREATE SCHEMA in one database. auth-connector
  // first: the others fetch Zoho access tokens from it (AUTH_CONNECTOR_URL).
  const names = Object.keys(SUBGRAPH_URL_VARIABLES) as SubgraphName[];
  for (const name of ['auth-connector' as const, ...names.filter((other) => other !== 'auth-connector')]) {
    const definition = subgraphServices[name];
    if (!definition) {
      throw new Error(`no service definition for ${name}`);
    }
    environments[name] = await environmentFor(name);
    if (options.externalServices?.[name]) {
      continue;
    }
    const logSink = options.logSinks?.[name];
    services[name] = await startSubgraphService(definition, environments[name], logSink ? { logSink } : {});
  }
  const subgraphUrls = Object.fromEntries(
    Object.entries(SUBGRAPH_URL_VARIABLES).map(([name, variable]) => [
      variable,
      `${options.externalServices?.[name as SubgraphName] ?? services[name as SubgraphName].url}/graphql`,
    ]),
  );
  const extraGateways: RunningGateway[] = [];
  const extraInstances: RunningSubgraphService[] = [];
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
    environmentOf: (service) => ({ ...environments[service] }),
    startExtraInstance: async (service, environment = {}, instanceOptions = {}) => {
      const definition = subgraphServices[service];
      if (!definition) {
        throw new Error(`no service definition for ${service}`);
      }
      const extra = await startSubgraphService(
        definition,
        { ...environments[service], PORT: '0', ...environment },
        instanceOptions.logSink ? { logSink: instanceOptions.logSink } : {},
      );
      // Its close is idempotent: a test may close it early (a clean stop) and the system again.
      extraInstances.push(extra);
      return extra;
    },
    dataSource: (service) => {
      if (!services[service]) {
        throw new Error(`${service} runs outside this system (externalServices): open its database yourself`);
      }
      return services[service].dataSource;
    },
    tokenFor: (caller, tokenOptions) => issueUserToken({ userId: 'e2e-user', roles: ['admin'], ...caller }, jwtSecret, tokenOptions),
    close: async () => {
      for (const extra of extraGateways) {
        await extra.close();
      }
      await gateway.close();
      for (const extra of extraInstances) {
        await extra.close();
      }
      for (const service of Object.values(services)) {
        await service.close();
      }
      await kafka.stop();
    },
  };
}

/**
 * sync-engine's port chosen up front (or the external one's), so ZOHO_NOTIFY_URL can name the
 * endpoint Zoho (the sandbox) POSTs notifications to before the service listens.
 */
async function notificationEndpoint(externalUrl: string | undefined): Promise<Record<string, string>> {
  const port = externalUrl ? new URL(externalUrl).port : String(await findFreePort());
  return { PORT: port, ZOHO_NOTIFY_URL: `http://127.0.0.1:${port}/zoho/notifications` };
}
