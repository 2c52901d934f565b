import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createTestDatabase,
  eventually,
  KafkaTestBroker,
  runNodeProcess,
  TEST_SIGNING_SECRET,
  TEST_TOKEN_ENCRYPTION_ENVIRONMENT,
  type TestDatabase,
} from '@crm-bridge/testing';
import { findFreePort } from '@crm-bridge/persistence';

const ENTRY_POINTS = {
  gateway: 'apps/gateway/src/main.ts',
  'auth-connector': 'apps/auth-connector/src/main.ts',
  'mapping-config': 'apps/mapping-config/src/main.ts',
  'sync-engine': 'apps/sync-engine/src/main.ts',
  'conflict-resolver': 'apps/conflict-resolver/src/main.ts',
};

/** Runs an app's real entry point as its own process, as a container would. */
function launch(entry: string, environment: Record<string, string>) {
  // Only what we pass: no inherited variables may make a bad configuration look good.
  return runNodeProcess([entry], { typescript: true, env: { PATH: process.env['PATH'] ?? '', ...environment } });
}

describe('service processes', () => {
  let database: TestDatabase;
  let kafka: KafkaTestBroker;

  before(async () => {
    database = await createTestDatabase();
    kafka = await KafkaTestBroker.start();
  });

  after(async () => {
    await kafka?.stop();
    await database?.drop();
  });

  for (const [service, entry] of Object.entries(ENTRY_POINTS)) {
    test(`${service} refuses to start with bad configuration and names every variable at fault`, async () => {
      const { exited } = launch(entry, { PORT: 'eighty', LOG_LEVEL: 'loud' });
      const outcome = await exited;
      assert.equal(outcome.code, 78, outcome.stderr);
      assert.match(outcome.stderr, new RegExp(`^${service}: invalid configuration`, 'm'));
      assert.match(outcome.stderr, /- PORT: must be a port number/);
      assert.match(outcome.stderr, /- LOG_LEVEL: must be one of debug, info, warn, error/);
      assert.match(outcome.stderr, /- INTERNAL_SIGNING_SECRET: is required/);
      if (service !== 'gateway') {
        // Declared by the service's Kafka feature, validated with the rest.
        assert.match(outcome.stderr, /- KAFKA_BROKERS: is required but not set/);
      }
    });
  }

  test('the gateway needs exactly one way to verify user tokens', async () => {
    const outcome = await launch(ENTRY_POINTS.gateway, { INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET }).exited;
    assert.equal(outcome.code, 78);
    assert.match(outcome.stderr, /- JWT_HS256_SECRET: set exactly one of JWT_HS256_SECRET or JWT_JWKS_URL/);
  });

  const serving = (port: number): Record<keyof typeof ENTRY_POINTS, Record<string, string>> => {
    const common = { PORT: String(port), INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET };
    const subgraph = { ...common, DATABASE_URL: database.url, KAFKA_BROKERS: kafka.bootstrap };
    return {
      gateway: { ...common, JWT_HS256_SECRET: TEST_SIGNING_SECRET },
      'auth-connector': { ...subgraph, ...TEST_TOKEN_ENCRYPTION_ENVIRONMENT },
      'mapping-config': { ...subgraph, AUTH_CONNECTOR_URL: 'http://127.0.0.1:4001' },
      'sync-engine': {
        ...subgraph,
        ...TEST_TOKEN_ENCRYPTION_ENVIRONMENT,
        AUTH_CONNECTOR_URL: 'http://127.0.0.1:4001',
        ZOHO_NOTIFY_URL: `http://127.0.0.1:${port}/zoho/notifications`,
      },
      'conflict-resolver': subgraph,
    };
  };

  for (const service of ['sync-engine', 'gateway'] as const) {
    test(`${service} stops cleanly on SIGTERM after serving`, async () => {
      const port = await findFreePort();
      const running = launch(ENTRY_POINTS[service], serving(port)[service]);
      await eventually(async () => assert.equal((await fetch(`http://127.0.0.1:${port}/health/ready`)).status, 200), { timeoutMs: 60_000 });
      running.child.kill('SIGTERM');
      const outcome = await running.exited;
      assert.equal(outcome.code, 0, outcome.stderr);
      const messages = outcome.stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => (JSON.parse(line) as { msg: string }).msg);
      assert.ok(
        messages.includes('shutting down') && messages.indexOf('shutting down') < messages.indexOf('stopped'),
        messages.join(' | '),
      );
      await assert.rejects(fetch(`http://127.0.0.1:${port}/health/live`));
    });
  }
});
