import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Set by `scripts/run-tests.mjs` for the integration and e2e tiers: the throwaway cluster's URL. */
export const TEST_DATABASE_URL_VARIABLE = 'CRM_BRIDGE_TEST_DATABASE_URL';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * A new, empty database in the throwaway PostgreSQL of this test run, so test files never see
 * each other's rows. Fails loudly when the suite was not started through the test runner.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env[TEST_DATABASE_URL_VARIABLE];
  if (!adminUrl) {
    throw new Error(`${TEST_DATABASE_URL_VARIABLE} is not set: run integration tests with "node scripts/run-tests.mjs --tier int"`);
  }
  const name = `test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdminClient<T>(adminUrl: string, action: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}
