import { after, before } from 'node:test';
import type { DeepPartial, EntityTarget, ObjectLiteral } from 'typeorm';
import type { CallerContext } from '@crm-bridge/caller-context';
import { pendingSchemaChanges } from '@crm-bridge/persistence';
import { startSubgraphService, type RunningSubgraphService, type SubgraphServiceDefinition } from '@crm-bridge/service-runtime';
import { postGraphql, type GraphqlHttpResult } from './graphql-http';
import { KafkaTestBroker } from './kafka-test-harness';
import { createTestDatabase, type TestDatabase } from './test-database';
import { signedCallerHeaders, TEST_SIGNING_SECRET } from './test-identity';

/**
 * One subgraph service running on its own empty database and its own Kafka development broker
 * (in this process, on a free port) for the tests of one `describe`, called over real HTTP. Each app writes its factories on top of {@link store}, so test rows go through
 * the service's own TypeORM mapping.
 *
 * @example
 *   describe('mapping-config subgraph', () => {
 *     const ctx = SubgraphServiceTestContext.forSuite(mappingConfigService);
 *     const newIntegration = (tenantId: string) => ctx.store(IntegrationEntity, { tenantId, name: 'Integration', ... });
 *
 *     test('lists only the caller tenant integrations', async () => {
 *       await newIntegration(tenantId);
 *       const page = await ctx.query<Page>(tenantId, '{ integrations(first: 2) { edges { node { id } } } }');
 *     });
 *   });
 */
/** What a suite adds to the service's test environment. */
export interface SubgraphServiceTestOptions {
  /** Variables the service needs besides the database, Kafka and signing ones (e.g. its encryption keys); they win over the defaults. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Variables known only once something else has started (e.g. the Zoho sandbox's origin); awaited before the service starts. */
  readonly environmentFrom?: () => Promise<Readonly<Record<string, string>>>;
}

export class SubgraphServiceTestContext {
  /** Every log line the service wrote since it started (JSON, after the logger's redaction). */
  readonly logLines: string[] = [];
  private database: TestDatabase | undefined;
  private broker: KafkaTestBroker | undefined;
  private running: RunningSubgraphService | undefined;

  /** Subclasses (an app's context with its factories) pass their service and call {@link runAroundSuite}. */
  protected constructor(
    private readonly definition: SubgraphServiceDefinition,
    private readonly options: SubgraphServiceTestOptions = {},
  ) {}

  /** A context for the enclosing `describe`: started before its first test, closed after its last. */
  static forSuite(definition: SubgraphServiceDefinition, options: SubgraphServiceTestOptions = {}): SubgraphServiceTestContext {
    return new SubgraphServiceTestContext(definition, options).runAroundSuite();
  }

  get service(): RunningSubgraphService {
    if (!this.running) {
      throw new Error(`${this.definition.serviceName} is not running: use the context inside a test of its suite`);
    }
    return this.running;
  }

  /** The suite's Kafka broker, e.g. to record what the service published (`new TopicRecorder(ctx.kafka.kafka, topics)`). */
  get kafka(): KafkaTestBroker {
    if (!this.broker) {
      throw new Error(`${this.definition.serviceName} is not running: use the context inside a test of its suite`);
    }
    return this.broker;
  }

  get graphqlUrl(): string {
    return `${this.service.url}/graphql`;
  }

  /** One GraphQL operation with a validly signed caller context of `tenantId` (an admin, `test-user`). */
  query<TData>(tenantId: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlHttpResult<TData>> {
    return this.queryAs({ tenantId }, query, variables);
  }

  /** One GraphQL operation as this caller, e.g. `{ tenantId, roles: ['viewer'] }`. */
  async queryAs<TData>(
    caller: Partial<CallerContext> & { tenantId: string },
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphqlHttpResult<TData>> {
    // The subgraph is named after its service, and verifies that the token was signed for it.
    const headers = await signedCallerHeaders(this.definition.serviceName, caller);
    return postGraphql<TData>(this.graphqlUrl, query, { variables, headers });
  }

  /** Saves one row through the running service's repository of `entity`, as a factory's last step. */
  async store<TEntity extends ObjectLiteral>(entity: EntityTarget<TEntity>, values: DeepPartial<NoInfer<TEntity>>): Promise<TEntity> {
    const repository = this.service.dataSource.getRepository(entity);
    return repository.save(repository.create(values));
  }

  /**
   * `action`'s result and the SQL the service ran meanwhile: how a test proves lookups were batched.
   * The outbox relay's passes are left out — it polls in the background (every 200 ms when idle) on
   * connections of its own, and would make a count flaky: a connection that took the relay's lock or
   * touched the outbox table, or ran nothing but transaction control, is not the action's.
   */
  async sqlDuring<TResult>(action: () => Promise<TResult>): Promise<{ result: TResult; sql: string[] }> {
    const logger = this.service.dataSource.logger;
    const logQuery = logger.logQuery.bind(logger);
    const statements: { readonly query: string; readonly connection: unknown }[] = [];
    logger.logQuery = (query, parameters, queryRunner) => {
      statements.push({ query, connection: queryRunner });
      logQuery(query, parameters, queryRunner);
    };
    try {
      const result = await action();
      const isTransactionControl = (query: string) => /^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)\b/i.test(query);
      const background = new Set(
        statements.filter(({ query }) => /pg_try_advisory_xact_lock|"outbox_events"/.test(query)).map(({ connection }) => connection),
      );
      for (const connection of new Set(statements.map((statement) => statement.connection))) {
        if (statements.every((statement) => statement.connection !== connection || isTransactionControl(statement.query))) {
          background.add(connection);
        }
      }
      return { result, sql: statements.filter(({ connection }) => !background.has(connection)).map(({ query }) => query) };
    } finally {
      logger.logQuery = logQuery;
    }
  }

  /** What the entities would still change in the migrated database: the drift test expects none. */
  pendingSchemaChanges(): Promise<string[]> {
    return pendingSchemaChanges(this.service.dataSource);
  }

  /** Registers the `node:test` hooks that start the service before the suite and close it after. */
  protected runAroundSuite(): this {
    before(() => this.start());
    after(() => this.close());
    return this;
  }

  private async start(): Promise<void> {
    this.database = await createTestDatabase();
    this.broker = await KafkaTestBroker.start();
    this.running = await startSubgraphService(
      this.definition,
      {
        DATABASE_URL: this.database.url,
        KAFKA_BROKERS: this.broker.bootstrap,
        PORT: '0',
        LOG_LEVEL: 'error',
        INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET,
        ...this.options.environment,
        ...(await this.options.environmentFrom?.()),
      },
      {
        logSink: (line) => {
          this.logLines.push(line);
          // As before the lines were captured: errors still reach the test output.
          if (line.includes('"level":"error"')) {
            process.stdout.write(`${line}\n`);
          }
        },
      },
    );
  }

  private async close(): Promise<void> {
    await this.running?.close();
    await this.broker?.stop();
    await this.database?.drop();
  }
}
