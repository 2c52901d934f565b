import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Request, Response, NextFunction } from 'express';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { loadConfig, ConfigValidationError, type EnvironmentSource } from '@crm-bridge/config';
import { ServiceMetrics, StructuredLogger, startTracing, type LogSink } from '@crm-bridge/observability';
import { EmbeddedPostgresLauncher, openServiceDatabase, type RunningPostgres } from '@crm-bridge/persistence';
import { mountSubgraph } from '@crm-bridge/subgraph';
import type { SubgraphServiceConfig } from './subgraph-service.config';
import { configSchemaOf, databaseOf, subgraphOf, type SubgraphServiceDefinition } from './subgraph-service.definition';
import { ServiceRuntimeModule } from './service-runtime.module';
import type { ReadinessCheck } from './service-runtime.tokens';

/** How a caller (a test, a supervisor) may adjust what the environment cannot express. */
export interface StartSubgraphServiceOptions {
  /** Where log lines go; stdout by default. Tests capture lines here. */
  readonly logSink?: LogSink;
}

export interface RunningSubgraphService {
  readonly app: INestApplication;
  readonly config: SubgraphServiceConfig;
  /** Base URL, e.g. `http://127.0.0.1:4003`; the subgraph is at `${url}/graphql`. */
  readonly url: string;
  readonly dataSource: DataSource;
  close(): Promise<void>;
}

const KNOWN_ROUTES = new Set(['/graphql', '/health/live', '/health/ready', '/metrics']);

/**
 * The uniform entry point of a subgraph service (CONVENTIONS §17): validate config, open the
 * database and run migrations, build the Nest app with health and metrics, mount the subgraph,
 * listen, and close everything in order on shutdown (HTTP, GraphQL, database, embedded
 * PostgreSQL if this process started it).
 */
export async function startSubgraphService(
  definition: SubgraphServiceDefinition,
  environment: EnvironmentSource,
  options: StartSubgraphServiceOptions = {},
): Promise<RunningSubgraphService> {
  const config = loadConfig(definition.serviceName, configSchemaOf(definition), environment);
  const logger = new StructuredLogger(definition.serviceName, config.LOG_LEVEL, options.logSink);
  const metrics = new ServiceMetrics(definition.serviceName);

  let embeddedPostgres: RunningPostgres | undefined;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    embeddedPostgres = await EmbeddedPostgresLauncher.attachOrStartPersistent(
      join(config.LOCAL_DATA_DIR, 'postgres'),
      config.EMBEDDED_POSTGRES_PORT,
    );
    databaseUrl = embeddedPostgres.url;
    logger.info('DATABASE_URL not set: using the embedded PostgreSQL', { url: embeddedPostgres.redactedUrl });
  }
  const dataSource = await openServiceDatabase(databaseOf(definition), databaseUrl);
  if (config.RUN_MIGRATIONS_ONLY === 'true') {
    // One-shot mode: a new version's migrations run before any of its pods serves traffic.
    await dataSource.destroy();
    await embeddedPostgres?.stop();
    logger.info('migrations applied; exiting without serving (RUN_MIGRATIONS_ONLY=true)');
    throw new MigrationsOnlyRunCompleted();
  }

  // Before the app is built, so the first request is already traced (a migrations-only run never serves, so never traces).
  const tracing = startTracing(definition.serviceName, config);
  if (tracing.enabled) {
    logger.info('tracing on', { sampler: config.OTEL_TRACES_SAMPLER, samplerArg: config.OTEL_TRACES_SAMPLER_ARG });
  }

  // The health controller holds this array; features add their own checks (e.g. Kafka) when they start.
  const readinessChecks: ReadinessCheck[] = [{ name: 'database', check: async () => void (await dataSource.query('SELECT 1')) }];

  @Module({
    imports: [
      ServiceRuntimeModule.forRoot({
        serviceName: definition.serviceName,
        config,
        dataSource,
        logger,
        metrics,
        readinessChecks,
      }),
      ...definition.features,
    ],
  })
  class ServiceRootModule {}

  const app = await NestFactory.create(ServiceRootModule, { logger, abortOnError: false });
  app.use((request: Request, response: Response, next: NextFunction) => {
    // Read the path now: mounted middleware (the GraphQL endpoint) rewrites it before `finish`.
    const route = KNOWN_ROUTES.has(request.path) ? request.path : 'other';
    const startedAt = process.hrtime.bigint();
    response.on('finish', () => {
      const durationSeconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      metrics.recordHttpRequest({ method: request.method, route, status: response.statusCode }, durationSeconds);
    });
    next();
  });
  const subgraph = await mountSubgraph(app, {
    definition: subgraphOf(definition),
    internalSigningSecret: config.INTERNAL_SIGNING_SECRET,
    logger,
    metrics,
  });
  await app.listen(config.PORT, config.HOST);
  const address = (app.getHttpServer() as Server).address() as AddressInfo;
  const url = `http://${config.HOST}:${address.port}`;
  logger.info('service ready', { url, graphql: `${url}/graphql` });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      logger.info('shutting down');
      await subgraph.stopSubscriptions();
      await app.close();
      await subgraph.stop();
      await dataSource.destroy();
      await embeddedPostgres?.stop();
      // Last: flushes the spans of the shutdown itself.
      await tracing.shutdown();
      logger.info('stopped');
    })();
    return closing;
  };
  return { app, config, url, dataSource, close };
}

/**
 * Runs a service as a process: starts it, stops it cleanly on SIGTERM/SIGINT, and turns a
 * configuration error into one readable message and exit code 78 (EX_CONFIG).
 */
export function runServiceProcess(start: () => Promise<{ close(): Promise<void> }>): void {
  start()
    .then((service) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        // Repeated signals (Ctrl-C reaches a process group member twice under npm) must not
        // interrupt a shutdown in progress.
        if (stopping) {
          return;
        }
        stopping = true;
        process.stderr.write(`received ${signal}, shutting down\n`);
        service.close().then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`shutdown failed: ${String(error)}\n`);
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    })
    .catch((error: unknown) => {
      if (error instanceof MigrationsOnlyRunCompleted) {
        process.exit(0);
      }
      if (error instanceof ConfigValidationError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(78);
      }
      process.stderr.write(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}

/** Ends `startSubgraphService` after migrating when `RUN_MIGRATIONS_ONLY=true`; the process exits 0. */
export class MigrationsOnlyRunCompleted extends Error {
  override readonly name = 'MigrationsOnlyRunCompleted';
  constructor() {
    super('migrations applied (RUN_MIGRATIONS_ONLY=true); the service was not started');
  }
}
