import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cp, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from 'pg';
import { EmbeddedPostgresLauncher, findFreePort, type EmbeddedPostgresLocations, type RunningPostgres } from './embedded-postgres.launcher';

// The defect these tests cover exists only for root: PostgreSQL refuses root, so the server runs as
// the `postgres` account, which cannot enter a mode-700 directory of root's. For any other user
// the same mode-700 directory is the user's own and everything stays in place; the tests then
// assert that instead.
const runningAsRoot = process.getuid?.() === 0;

async function query<Row>(postgres: RunningPostgres, sql: string): Promise<Row[]> {
  const client = new Client({ connectionString: postgres.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Row[];
  } finally {
    await client.end();
  }
}

/** The executable the server runs from, read from the kernel through this connection's backend (alive while connected). */
async function serverExecutable(postgres: RunningPostgres): Promise<string> {
  const client = new Client({ connectionString: postgres.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return await readlink(`/proc/${rows[0]?.pid}/exe`);
  } finally {
    await client.end();
  }
}

/** A directory only its owner may enter, like `/root` or a `mktemp -d` folder. */
async function privateDirectory(prefix: string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), prefix));
  assert.equal((await stat(directory)).mode & 0o777, 0o700);
  return directory;
}

/** A world-readable directory standing in for the launcher's default locations under /var. */
async function sharedDirectory(prefix: string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), prefix));
  await chmod(directory, 0o755);
  return directory;
}

describe('throwaway clusters from binaries inside a mode-700 directory', () => {
  let hidden: string;
  let locations: Required<Pick<EmbeddedPostgresLocations, 'binariesPackage' | 'binaryCache'>>;

  before(async () => {
    hidden = await privateDirectory('launcher-hidden-');
    const binariesPackage = join(hidden, 'node_modules', 'platform-package');
    await cp(await EmbeddedPostgresLauncher.installedBinariesPackage(), binariesPackage, { recursive: true, verbatimSymlinks: true });
    locations = { binariesPackage, binaryCache: await sharedDirectory('launcher-binary-cache-') };
  });

  after(async () => {
    await rm(hidden, { recursive: true, force: true });
    await rm(locations.binaryCache, { recursive: true, force: true });
  });

  test('two started at once both answer, and run from one complete copy in the binary cache (as root)', async () => {
    const clusters = await Promise.all([
      EmbeddedPostgresLauncher.startThrowaway(locations),
      EmbeddedPostgresLauncher.startThrowaway(locations),
    ]);
    try {
      for (const postgres of clusters) {
        assert.deepEqual(await query(postgres, 'SELECT 1 AS one'), [{ one: 1 }]);
      }
      const executables = await Promise.all(clusters.map((postgres) => serverExecutable(postgres)));
      const cached = await readdir(locations.binaryCache);
      if (runningAsRoot) {
        const { name, version } = JSON.parse(await readFile(join(locations.binariesPackage, 'package.json'), 'utf8')) as {
          name: string;
          version: string;
        };
        const key = `${basename(name)}-${version}`;
        assert.deepEqual(cached, [key], 'one copy, keyed by platform and version, no half-made copy left');
        const copy = join(locations.binaryCache, key);
        assert.deepEqual(executables, [join(copy, 'bin', 'postgres'), join(copy, 'bin', 'postgres')]);
        const copied = await stat(copy);
        assert.equal(copied.uid, 0);
        assert.equal(copied.mode & 0o777, 0o755);
        assert.equal((await stat(join(copy, 'bin', 'initdb'))).mode & 0o111, 0o111, 'exec bits kept');
        assert.ok((await lstat(join(copy, 'lib', 'libpq.so'))).isSymbolicLink(), 'library links kept as links');
      } else {
        const ownBinary = join(locations.binariesPackage, 'native', 'bin', 'postgres');
        assert.deepEqual(executables, [ownBinary, ownBinary]);
        assert.deepEqual(cached, [], 'the package is reachable: nothing copied');
      }
    } finally {
      await Promise.all(clusters.map((postgres) => postgres.stop()));
    }
  });
});

describe('a persistent cluster whose data directory is inside a mode-700 directory', () => {
  let hidden: string;
  let relocatedDataRoot: string;
  let dataDirectory: string;

  before(async () => {
    hidden = await privateDirectory('launcher-hidden-');
    relocatedDataRoot = await sharedDirectory('launcher-relocated-');
    dataDirectory = join(hidden, 'clone', '.data', 'postgres');
    // What a start before the fix left behind: an empty data directory the server could not reach.
    await mkdir(dataDirectory, { recursive: true });
  });

  after(async () => {
    await rm(hidden, { recursive: true, force: true });
    await rm(relocatedDataRoot, { recursive: true, force: true });
  });

  async function startAndQuery<Row>(sql: string): Promise<Row[]> {
    const postgres = await EmbeddedPostgresLauncher.attachOrStartPersistent(dataDirectory, await findFreePort(), { relocatedDataRoot });
    try {
      return await query<Row>(postgres, sql);
    } finally {
      await postgres.stop();
    }
  }

  test('keeps its data across restarts, relocated under the relocation root (as root)', async () => {
    await startAndQuery('CREATE TABLE kept (value text); INSERT INTO kept VALUES ($$across restarts$$)');
    assert.deepEqual(await startAndQuery('SELECT value FROM kept'), [{ value: 'across restarts' }]);

    if (runningAsRoot) {
      assert.ok((await lstat(dataDirectory)).isSymbolicLink(), '.data/postgres points at the relocated cluster');
      const relocated = await readlink(dataDirectory);
      assert.equal(dirname(relocated), relocatedDataRoot);
      const postgresUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
      assert.equal((await stat(relocated)).uid, postgresUid);
      assert.ok((await stat(join(relocated, 'PG_VERSION'))).isFile());
    } else {
      assert.ok((await lstat(join(dataDirectory, 'PG_VERSION'))).isFile(), 'the cluster stays in place');
      assert.deepEqual(await readdir(relocatedDataRoot), []);
    }
  });

  test('starts afresh once its .data directory is deleted, as an in-place cluster would', async () => {
    await rm(join(hidden, 'clone', '.data'), { recursive: true, force: true });
    await mkdir(dirname(dataDirectory), { recursive: true });

    const tables = await startAndQuery<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE tablename = 'kept'");

    assert.deepEqual(tables, [], 'a new cluster, reachable with the new password');
    if (runningAsRoot) {
      assert.equal((await readdir(relocatedDataRoot)).length, 1, 'the orphaned cluster was replaced, not kept beside');
    }
  });
});
