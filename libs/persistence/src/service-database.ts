import { DataSource, type MixedList, type EntitySchema } from 'typeorm';
import { Client } from 'pg';

/**
 * What a service declares about its database: its own PostgreSQL schema, its entities and its
 * migrations. A service is the only reader and writer of its schema (ARCHITECTURE §2).
 */
export interface ServiceDatabaseDefinition {
  /** PostgreSQL schema owned by the service, e.g. `sync_engine`. */
  readonly schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own entity list type
  readonly entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own migration list type
  readonly migrations: MixedList<Function | string>;
}

/** Builds (does not open) the TypeORM data source for a service. `synchronize` is always off. */
export function createServiceDataSource(definition: ServiceDatabaseDefinition, databaseUrl: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    schema: definition.schema,
    entities: definition.entities,
    migrations: definition.migrations,
    // Each service keeps its own migrations table inside its own schema.
    migrationsTableName: 'migrations',
    // gen_random_uuid() is built into PostgreSQL 13+; no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: 10, application_name: definition.schema },
  });
}

/**
 * Opens the service's data source and applies pending migrations; called at service start.
 * The schema is created first because TypeORM puts its migrations table inside it.
 */
export async function openServiceDatabase(definition: ServiceDatabaseDefinition, databaseUrl: string): Promise<DataSource> {
  await ensureSchemaExists(databaseUrl, definition.schema);
  const dataSource = createServiceDataSource(definition, databaseUrl);
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

async function ensureSchemaExists(databaseUrl: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`invalid schema name ${schema}`);
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

/**
 * The SQL TypeORM would run to make the database match the entities. Empty means the committed
 * migrations describe the entities exactly; anything else is drift that needs a migration.
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((query) => query.query);
}
