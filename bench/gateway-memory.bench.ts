// npm run bench:gateway-memory — whether the gateway's memory stays flat under sustained load.
// Drives the 50-deal list (joining open conflicts from a second subgraph) through both benchmark
// gateways at once — in-flight merging on (the default) and off (every client request reaches the
// subgraphs) — for BENCH_MINUTES (default 5) with BENCH_CONNECTIONS (default 20) each. Every
// BENCH_SAMPLE_SECONDS (default 5) it reads each gateway's heap used and RSS from its own /metrics
// (prom-client's process metrics, so nothing is injected into the gateway), and prints per minute
// the lowest and highest heap and the highest RSS. Heap used between two major collections
// includes garbage (V8 lets it grow to ~300 MB here before collecting, about every 100 s), so the
// lowest heap is what tracks the live set: the summary compares the lowest heap of the first half
// of the run with that of the second (an odd middle minute counts in neither; each half holds at
// least one major collection), gives the highest RSS of each half, and counts Node's process
// warnings (MaxListenersExceededWarning, …).
import autocannon from 'autocannon';
import { startBenchSystem } from './support/bench-system-process';

const MINUTES = Number(process.env['BENCH_MINUTES'] ?? 5);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 20);
const SAMPLE_SECONDS = Number(process.env['BENCH_SAMPLE_SECONDS'] ?? 5);
const WARM_UP_SECONDS = 20;

const QUERY = '{ deals(first: 50) { edges { node { id name phase amount openConflicts { id fieldName } } } } }';
const MEGABYTE = 1024 * 1024;

interface MemorySample {
  heapUsedMb: number;
  rssMb: number;
}

/** One value of a prom-client metric in a /metrics text, e.g. `nodejs_heap_size_used_bytes`. */
function metricValue(metrics: string, name: string): number {
  const line = metrics.split('\n').find((candidate) => candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `));
  if (!line) {
    throw new Error(`metric ${name} missing from /metrics`);
  }
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function sampleMemory(graphqlUrl: string): Promise<MemorySample> {
  const metrics = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  return {
    heapUsedMb: metricValue(metrics, 'nodejs_heap_size_used_bytes') / MEGABYTE,
    rssMb: metricValue(metrics, 'process_resident_memory_bytes') / MEGABYTE,
  };
}

interface MinuteSummary {
  minute: number;
  lowestHeapMb: number;
  highestHeapMb: number;
  highestRssMb: number;
}

function summariseMinute(minute: number, samples: readonly MemorySample[]): MinuteSummary {
  return {
    minute,
    lowestHeapMb: Math.min(...samples.map((sample) => sample.heapUsedMb)),
    highestHeapMb: Math.max(...samples.map((sample) => sample.heapUsedMb)),
    highestRssMb: Math.max(...samples.map((sample) => sample.rssMb)),
  };
}

/** The lowest heap and highest RSS over some minutes. */
function summariseMinutes(minutes: readonly MinuteSummary[]): { lowestHeapMb: number; highestRssMb: number } {
  return {
    lowestHeapMb: Math.min(...minutes.map((summary) => summary.lowestHeapMb)),
    highestRssMb: Math.max(...minutes.map((summary) => summary.highestRssMb)),
  };
}

function load(url: string, token: string, seconds: number) {
  return autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY }),
  });
}

async function main(): Promise<void> {
  const { system, processWarnings, stop } = await startBenchSystem();
  const gateways = { merging: system.gatewayUrl, 'no merging': system.unmergedGatewayUrl } as const;
  const labels = Object.keys(gateways) as (keyof typeof gateways)[];
  try {
    await Promise.all(labels.map((label) => load(gateways[label], system.userToken, WARM_UP_SECONDS)));
    console.log(`gateway memory under load: ${CONNECTIONS} connections per gateway, ${MINUTES} min, a sample every ${SAMPLE_SECONDS} s`);
    console.log('min | merging: heap MB lowest–highest, RSS MB highest | no merging: the same');
    const startedAt = Date.now();
    const running = labels.map((label) => load(gateways[label], system.userToken, MINUTES * 60));
    const minutes: Record<keyof typeof gateways, MinuteSummary[]> = { merging: [], 'no merging': [] };
    for (let minute = 1; minute <= MINUTES; minute += 1) {
      const samples: Record<keyof typeof gateways, MemorySample[]> = { merging: [], 'no merging': [] };
      while (Date.now() - startedAt < minute * 60_000) {
        for (const label of labels) {
          samples[label].push(await sampleMemory(gateways[label]));
        }
        await new Promise((resolve) => setTimeout(resolve, SAMPLE_SECONDS * 1000));
      }
      const row = labels.map((label) => {
        const summary = summariseMinute(minute, samples[label]);
        minutes[label].push(summary);
        return `${summary.lowestHeapMb.toFixed(1).padStart(6)}–${summary.highestHeapMb.toFixed(1).padEnd(6)} ${summary.highestRssMb.toFixed(1).padStart(6)}`;
      });
      console.log(`${String(minute).padStart(3)} | ${row.join(' | ')}`);
    }
    const results = await Promise.all(running);
    for (const [index, label] of labels.entries()) {
      const series = minutes[label];
      const firstHalf = summariseMinutes(series.slice(0, Math.floor(series.length / 2)));
      const secondHalf = summariseMinutes(series.slice(Math.ceil(series.length / 2)));
      const result = results[index] as autocannon.Result;
      console.log(
        `${label}: ${result.requests.total} requests (${result.requests.average} req/s, ${result.errors + result.non2xx} errors); ` +
          `lowest heap ${firstHalf.lowestHeapMb.toFixed(1)} MB in the first half, ${secondHalf.lowestHeapMb.toFixed(1)} MB in the second; ` +
          `highest RSS ${firstHalf.highestRssMb.toFixed(1)} MB, then ${secondHalf.highestRssMb.toFixed(1)} MB`,
      );
    }
    console.log(`process warnings from services and gateways: ${processWarnings.length}`);
    if (results.some((result) => result.errors + result.non2xx > 0)) {
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
