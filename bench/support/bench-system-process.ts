import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** What `serve-bench-system.ts` prints once its services, gateways and data are up. */
export interface BenchSystem {
  gatewayUrl: string;
  unmergedGatewayUrl: string;
  subgraphUrl: string;
  userToken: string;
  internalSigningSecret: string;
  tenantId: string;
  kafkaBootstrap: string;
  /** The seeded integration and one of its deals (phase `Qualified`). */
  integrationId: string;
  dealId: string;
}

export interface RunningBenchSystem {
  readonly system: BenchSystem;
  /** Node process warnings (`MaxListenersExceededWarning`, …) the services and gateways printed so far. */
  readonly processWarnings: string[];
  readonly stop: () => void;
}

/**
 * Starts `serve-bench-system.ts` in a child process (so the load generator never shares an event
 * loop with what it measures) and waits for its line of URLs and credentials. The child's stderr
 * is echoed, and Node's process warnings in it are kept: a benchmark that provokes one reports it.
 */
export async function startBenchSystem(): Promise<RunningBenchSystem> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'bench/support/serve-bench-system.ts'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const processWarnings: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    process.stderr.write(`${line}\n`);
    if (/\(node:\d+\) \w*Warning:/.test(line)) {
      processWarnings.push(line);
    }
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`benchmark system exited with ${code}`)));
  });
  return { system: JSON.parse(firstLine) as BenchSystem, processWarnings, stop: () => child.stdin.end() };
}
