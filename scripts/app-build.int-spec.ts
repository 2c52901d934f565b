import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
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
import { AppBuildError, buildApp } from './app-build';

const repositoryRoot = resolve(__dirname, '..');

/**
 * Runs built JavaScript with plain `node` — no `-r @swc-node/register`, no inherited variables —
 * from the build directory, as the container's `node main.js` does.
 */
/** sync-engine's own required variables; nothing listens on the discard port, and no Zoho call is made here. */
const SYNC_ENGINE_OWN_VARIABLES = {
  AUTH_CONNECTOR_URL: 'http://127.0.0.1:9',
  ZOHO_NOTIFY_URL: 'http://127.0.0.1:9/zoho/notifications',
  ...TEST_TOKEN_ENCRYPTION_ENVIRONMENT,
};

function runBuilt(directory: string, environment: Record<string, string>) {
  return runNodeProcess(['main.js'], { cwd: directory, env: { PATH: process.env['PATH'] ?? '', ...environment } });
}

/**
 * The files of a build directory (node_modules left out): the images run with a read-only root
 * file system, so a run must not create or change anything in it.
 */
function filesIn(directory: string): string[] {
  return (readdirSync(directory, { recursive: true }) as string[]).filter((path) => !path.startsWith('node_modules')).sort();
}

/** Builds through the same CLI `nx run <app>:build` calls, into `outDir`. */
function buildWithCli(app: string, outDir: string): void {
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/build-app.ts', app, '--out-dir', outDir], {
    cwd: repositoryRoot,
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`^built ${app}: \\d+ files`));
  // The image copies production node_modules next to the build; here the repository's stand in.
  symlinkSync(join(repositoryRoot, 'node_modules'), join(outDir, 'node_modules'), 'dir');
}

describe('app build: runnable JavaScript for plain node', () => {
  let workDirectory: string;
  let database: TestDatabase;
  let syncEngineDirectory: string;
  let kafka: KafkaTestBroker;

  before(async () => {
    workDirectory = mkdtempSync(join(tmpdir(), 'crm-bridge-build-'));
    database = await createTestDatabase();
    kafka = await KafkaTestBroker.start();
    syncEngineDirectory = join(workDirectory, 'sync-engine');
    buildWithCli('sync-engine', syncEngineDirectory);
  });

  after(async () => {
    await kafka?.stop();
    await database?.drop();
    rmSync(workDirectory, { recursive: true, force: true });
  });

  test('a built service refuses bad configuration with exit 78 naming each variable', async () => {
    const outcome = await runBuilt(syncEngineDirectory, { PORT: 'eighty', RUN_MIGRATIONS_ONLY: 'yes' }).exited;
    assert.equal(outcome.code, 78, outcome.stderr);
    assert.match(outcome.stderr, /^sync-engine: invalid configuration/m);
    assert.match(outcome.stderr, /- PORT: must be a port number/);
    assert.match(outcome.stderr, /- INTERNAL_SIGNING_SECRET: is required/);
    assert.match(outcome.stderr, /- RUN_MIGRATIONS_ONLY: must be true or false/);
  });

  test('RUN_MIGRATIONS_ONLY=true migrates the schema and exits 0 without listening', async () => {
    const port = await findFreePort();
    const outcome = await runBuilt(syncEngineDirectory, {
      PORT: String(port),
      DATABASE_URL: database.url,
      KAFKA_BROKERS: kafka.bootstrap,
      INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET,
      ...SYNC_ENGINE_OWN_VARIABLES,
      RUN_MIGRATIONS_ONLY: 'true',
    }).exited;
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.match(outcome.stdout, /migrations applied; exiting without serving/);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const applied = await client.query<{ count: string }>('SELECT count(*) AS count FROM sync_engine.migrations');
      assert.ok(Number(applied.rows[0]?.count) > 0, 'the migrations table lists the applied migrations');
    } finally {
      await client.end();
    }
  });

  test('a built service serves GraphQL with decorator metadata intact, is ready, and stops on SIGTERM', async () => {
    const filesBefore = filesIn(syncEngineDirectory);
    const port = await findFreePort();
    const running = runBuilt(syncEngineDirectory, {
      PORT: String(port),
      DATABASE_URL: database.url,
      KAFKA_BROKERS: kafka.bootstrap,
      INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET,
      ...SYNC_ENGINE_OWN_VARIABLES,
    });
    try {
      await eventually(async () => assert.equal((await fetch(`http://127.0.0.1:${port}/health/ready`)).status, 200), {
        timeoutMs: 30_000,
      });
      // Without decorator metadata type-graphql cannot build the schema and the service never gets here;
      // the refusal proves the caller-context guard (a Nest provider) is wired too.
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      assert.equal(body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    } finally {
      running.child.kill('SIGTERM');
    }
    const outcome = await running.exited;
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.deepEqual(filesIn(syncEngineDirectory), filesBefore, 'the service wrote into its own directory');
  });

  test('the gateway build carries its supergraph and serves from its own directory', async () => {
    const gatewayDirectory = join(workDirectory, 'gateway');
    buildWithCli('gateway', gatewayDirectory);
    assert.ok(existsSync(join(gatewayDirectory, 'apps/gateway/supergraph.graphql')));
    const filesBefore = filesIn(gatewayDirectory);
    const port = await findFreePort();
    const running = runBuilt(gatewayDirectory, {
      PORT: String(port),
      INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET,
      JWT_HS256_SECRET: TEST_SIGNING_SECRET,
    });
    try {
      await eventually(async () => assert.equal((await fetch(`http://127.0.0.1:${port}/health/live`)).status, 200), {
        timeoutMs: 30_000,
      });
    } finally {
      running.child.kill('SIGTERM');
    }
    assert.equal((await running.exited).code, 0);
    assert.deepEqual(filesIn(gatewayDirectory), filesBefore, 'the gateway wrote into its own directory');
  });

  test('a package the app needs that is only a devDependency fails the build', () => {
    const fakeRepository = join(workDirectory, 'fake-repository');
    mkdirSync(join(fakeRepository, 'scripts'), { recursive: true });
    writeFileSync(join(fakeRepository, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { paths: {} } }));
    writeFileSync(join(fakeRepository, 'package.json'), JSON.stringify({ dependencies: { pg: '8' }, devDependencies: { yaml: '2' } }));
    writeFileSync(join(fakeRepository, 'scripts/zoho-sandbox.ts'), "import 'pg';\nimport { parse } from 'yaml';\nparse('a: 1');\n");
    assert.throws(
      () => buildApp(fakeRepository, 'zoho-sandbox', join(workDirectory, 'fake-out')),
      (error: unknown) =>
        error instanceof AppBuildError && /requires yaml, which is not in package.json "dependencies"/.test(error.message),
    );
  });

  test('an unknown app or a missing import fails the build with the reason', () => {
    assert.throws(() => buildApp(repositoryRoot, 'billing', join(workDirectory, 'x')), /unknown app "billing": expected one of gateway/);
    const fakeRepository = join(workDirectory, 'broken-repository');
    mkdirSync(join(fakeRepository, 'scripts'), { recursive: true });
    writeFileSync(join(fakeRepository, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { paths: {} } }));
    writeFileSync(join(fakeRepository, 'package.json'), JSON.stringify({ dependencies: {} }));
    writeFileSync(join(fakeRepository, 'scripts/zoho-sandbox.ts'), "import { gone } from './gone';\nconsole.log(gone);\n");
    assert.throws(
      () => buildApp(fakeRepository, 'zoho-sandbox', join(workDirectory, 'broken-out')),
      /scripts\/zoho-sandbox.ts: cannot resolve "\.\/gone"/,
    );
  });
});
