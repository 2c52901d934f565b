import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** How a child process ended, with everything it printed. */
export interface NodeProcessOutcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningNodeProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** What it printed so far. */
  stdout(): string;
  stderr(): string;
  /** Its first stdout line (e.g. a CLI's JSON announcement); rejects if it exits first. */
  firstLine(): Promise<string>;
  readonly exited: Promise<NodeProcessOutcome>;
}

export interface NodeProcessOptions {
  /** Run TypeScript through SWC (`--require @swc-node/register`), as the repo's scripts do. */
  readonly typescript?: boolean;
  readonly cwd?: string;
  /**
   * The whole environment of the child. Entry-point tests pass only `PATH` plus what they test,
   * so no inherited variable can make a bad configuration look good. Default: this process's.
   */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Starts `node <args>` as a separate process and captures its output — for tests of entry points
 * and CLIs, which must run as the real process (exit codes, signals, stdout/stderr).
 *
 * @example
 *   const cli = runNodeProcess(['scripts/kafka-dev-broker.ts', '--port', '0'], { typescript: true });
 *   const announcement = JSON.parse(await cli.firstLine());
 */
export function runNodeProcess(args: readonly string[], options: NodeProcessOptions = {}): RunningNodeProcess {
  const nodeArgs = options.typescript ? ['--require', '@swc-node/register', ...args] : [...args];
  const child = spawn(process.execPath, nodeArgs, {
    stdio: 'pipe',
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeProcessOutcome>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  const firstLine = () =>
    new Promise<string>((resolve, reject) => {
      const check = (): void => {
        const newline = stdout.indexOf('\n');
        if (newline >= 0) {
          child.stdout.off('data', check);
          resolve(stdout.slice(0, newline));
        }
      };
      child.stdout.on('data', check);
      check();
      void exited.then(({ code, signal }) => reject(new Error(`process exited (${signal ?? code}) before printing a line: ${stderr}`)));
    });
  return { child, stdout: () => stdout, stderr: () => stderr, firstLine, exited };
}
