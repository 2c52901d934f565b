// npm run bench:gateway — what the federation gateway costs.
// Runs the same list of 50 deals (a) through the gateway, joining each deal's open conflicts from
// conflict-resolver, (b) the same through a gateway that does not merge identical in-flight
// subgraph requests (every client request reaches the subgraphs), and (c) directly against the
// sync-engine subgraph (the deals alone), at the same concurrency, alternating rounds. Prints
// requests/s, p50/p99 latency and the ratios. Every service and gateway runs as its own process
// (started by a child process that also seeds the data); the load generator (autocannon) in this one.
// BENCH_SECONDS (default 10) per round, BENCH_CONNECTIONS (default 20), BENCH_ROUNDS (default 2).
import autocannon from 'autocannon';
import { CALLER_CONTEXT_HEADER, signCallerContext } from '@crm-bridge/caller-context';
import { startBenchSystem } from './support/bench-system-process';

interface RoundResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 20);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);

const THROUGH_GATEWAY = '{ deals(first: 50) { edges { node { id name phase amount openConflicts { id fieldName } } } } }';
const SUBGRAPH_ONLY = '{ deals(first: 50) { edges { node { id name phase amount } } } }';

async function round(url: string, query: string, headers: Record<string, string>, seconds: number): Promise<RoundResult> {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function main(): Promise<void> {
  const { system, processWarnings, stop } = await startBenchSystem();
  const gatewayHeaders = { authorization: `Bearer ${system.userToken}` };
  const subgraphHeaders = async () => ({
    [CALLER_CONTEXT_HEADER]: await signCallerContext(
      { tenantId: system.tenantId, userId: 'bench', roles: ['admin'] },
      system.internalSigningSecret,
      { audience: 'sync-engine', ttlSeconds: SECONDS * 4 },
    ),
  });
  try {
    // Warm-up: JIT, connection pools, query plan cache.
    await round(system.gatewayUrl, THROUGH_GATEWAY, gatewayHeaders, 2);
    await round(system.unmergedGatewayUrl, THROUGH_GATEWAY, gatewayHeaders, 2);
    await round(system.subgraphUrl, SUBGRAPH_ONLY, await subgraphHeaders(), 2);
    const gateway: RoundResult[] = [];
    const unmerged: RoundResult[] = [];
    const subgraph: RoundResult[] = [];
    for (let index = 0; index < ROUNDS; index += 1) {
      gateway.push(await round(system.gatewayUrl, THROUGH_GATEWAY, gatewayHeaders, SECONDS));
      unmerged.push(await round(system.unmergedGatewayUrl, THROUGH_GATEWAY, gatewayHeaders, SECONDS));
      subgraph.push(await round(system.subgraphUrl, SUBGRAPH_ONLY, await subgraphHeaders(), SECONDS));
    }
    const summary = (results: RoundResult[]) => ({
      requestsPerSecond: median(results.map((r) => r.requestsPerSecond)),
      p50: median(results.map((r) => r.p50)),
      p99: median(results.map((r) => r.p99)),
      errors: results.reduce((sum, r) => sum + r.errors, 0),
    });
    const through = summary(gateway);
    const throughUnmerged = summary(unmerged);
    const direct = summary(subgraph);
    console.log(
      `\ngateway benchmark: ${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s rounds per target (medians), 50 deals per response`,
    );
    console.table({
      'gateway (deals + openConflicts, 2 subgraphs)': through,
      'gateway, no in-flight merging': throughUnmerged,
      'sync-engine subgraph direct (deals only)': direct,
    });
    for (const [label, measured] of [
      ['gateway', through],
      ['gateway without merging', throughUnmerged],
    ] as const) {
      console.log(
        `${label} / subgraph: throughput ×${(measured.requestsPerSecond / direct.requestsPerSecond).toFixed(2)}, ` +
          `p50 ×${(measured.p50 / Math.max(direct.p50, 0.01)).toFixed(2)}, p99 ×${(measured.p99 / Math.max(direct.p99, 0.01)).toFixed(2)}`,
      );
    }
    console.log(`process warnings from services and gateways: ${processWarnings.length}`);
    if (through.errors + throughUnmerged.errors + direct.errors > 0) {
      console.error(`errors or non-2xx answers: gateway ${through.errors}, unmerged ${throughUnmerged.errors}, subgraph ${direct.errors}`);
      process.exitCode = 1;
    }
  } finally {
    stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
