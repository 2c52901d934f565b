import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** A service or gateway running as its own Node process, as in production. */
export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Base URL, e.g. `http://127.0.0.1:4003`. */
  readonly url: string;
}

/**
 * Starts an app's entry point (`apps/<name>/src/main.ts`) through SWC's register hook on `port`.
 * Its stdout (JSON logs) goes to `logFile` when given; stderr is also echoed with a prefix.
 */
export function startServiceProcess(
  name: string,
  port: number,
  environment: Record<string, string>,
  options: { logFile?: string; onExit?: (code: number | null, signal: NodeJS.Signals | null) => void } = {},
): ServiceProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', '--enable-source-maps', `apps/${name}/src/main.ts`], {
    env: { ...process.env, ...environment, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = options.logFile ? openLog(options.logFile) : undefined;
  if (log) {
    child.stdout?.pipe(log);
  } else {
    child.stdout?.resume();
  }
  child.stderr?.on('data', (chunk: Buffer) => {
    log?.write(chunk);
    process.stderr.write(`[${name}] ${chunk.toString()}`);
  });
  if (options.onExit) {
    child.on('exit', options.onExit);
  }
  return { name, child, url: `http://127.0.0.1:${port}` };
}

/** An append stream to `file`, its directory created if needed (local mode's `.data/logs/*.log`). */
export function openLog(file: string) {
  mkdirSync(dirname(file), { recursive: true });
  return createWriteStream(file, { flags: 'a' });
}

/** Polls `/health/ready` until it answers 200, or fails after `timeoutMs`. */
export async function waitUntilReady(service: ServiceProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${service.url}/health/ready`)).ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service.name} was not ready within ${timeoutMs / 1000} s`);
}

/** Sends SIGTERM to each process, last started first stopped, and waits for every exit. */
export async function stopServiceProcesses(processes: readonly ServiceProcess[]): Promise<void> {
  await Promise.all(
    [...processes].reverse().map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) {
            return resolve();
          }
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
}
