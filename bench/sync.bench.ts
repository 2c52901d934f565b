// npm run bench:sync — the deal sync engine end to end (issue 13): propagation both ways, the initial
// import, a large push, and the memory of every process.
//
// Every part runs as its own process, as in production: a throwaway PostgreSQL, the Kafka development
// broker, the Zoho sandbox (our Zoho), each subgraph service and the gateway. The demo integration is
// set up through the gateway (`setUpDemoIntegration`) over a demo org seeded with BENCH_IMPORT_DEALS
// Zoho deals (default 100,000), then:
//
// 1. Initial import at zero injected latency: the INITIAL run's records/s (from its start to its
//    finish, as sync_runs records them) and the Zoho credits spent per 1,000 records. Then the
//    bench waits until the polls no longer re-read the seeded deals (they re-read what changed
//    within INBOUND_POLL_OVERLAP_SECONDS — BENCH_POLL_OVERLAP_SECONDS, default 60 — before their
//    cursor, here every seeded deal, until a newer Zoho change moves it), so the edits below meet
//    a steady state.
// 2. With BENCH_LATENCY_MS (default 150) on every Zoho API call and the integration's debounce at 0:
//    BENCH_EDITS (default 1,000) steady edits at BENCH_EDITS_PER_SECOND (default 10), each on a deal
//    of its own — portal→Zoho through `updateDeal` (from the edit's commit, the deal's `updated_at`
//    the mutation answers, to the link's `synced_at`, both in the database); Zoho→portal as a Zoho
//    user through the sandbox's admin API with notifications (from the moment the bench sends the
//    edit to the portal deal's `updated_at`); Zoho→portal again with the notification channel lost,
//    so only the poll (every BENCH_POLL_INTERVAL_SECONDS, default 20) catches the edits.
// 3. Pushes of portal deals created while deals did not sync portal→Zoho, released at once by
//    turning that direction back on: BENCH_PUSH_DEALS (default 10,000, above OUTBOUND_BULK_THRESHOLD:
//    Bulk Write) and BENCH_REST_PUSH_DEALS (default 500, below it: REST upserts of 100): records/s
//    from the switch to the last link's `synced_at`, credits per 1,000.
// 4. Live updates for partner systems (issue 14), still at BENCH_LATENCY_MS: BENCH_SUBSCRIBERS
//    (default 1,000) graphql-ws subscribers of `dealUpdated` on the gateway, each selecting the deal
//    with `openConflicts` from conflict-resolver, and BENCH_ROUNDS (default 5) renames of one deal
//    through `updateDeal`: p50/p99 from sending the mutation to each subscriber holding the update.
//    Then a partner webhook endpoint (registered through the gateway) on a loopback receiver that
//    answers 200, and `updateDeal`s of different deals: BENCH_WEBHOOK_PACED_EDITS (default 300) at
//    BENCH_WEBHOOK_RATE (default 10) per second, then BENCH_WEBHOOK_EDITS (default 1,000) with 20 in
//    flight: deliveries/s from the first mutation sent to the last delivery received, and
//    p50/p95/p99 per delivery from its mutation sent.
// 5. RSS of each process: the services' and gateway's `process_resident_memory_bytes` from their
//    /metrics, the sandbox's and broker's VmRSS from /proc; the highest seen across the phases.
//
// Credits come from sync-engine's own accounting (`crm_bridge_zoho_api_credits_total` per operation
// in its /metrics) and, as a check, from the sandbox's ledger of the org.
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { EmbeddedPostgresLauncher, findFreePort } from '@crm-bridge/persistence';
import { TEST_TOKEN_ENCRYPTION_ENVIRONMENT, ZohoSandboxProcess } from '@crm-bridge/testing';
import { DEMO_ORG_NAME } from '../apps/zoho-sandbox/src';
import { issueUserToken } from '../apps/gateway/src/authentication/user-token.issuer';
import { SUBGRAPH_URL_VARIABLES } from '../apps/gateway/src/gateway.config';
import { setUpDemoIntegration, type DemoIntegration } from '../scripts/demo-integration';
import { startServiceProcess, stopServiceProcesses, waitUntilReady, type ServiceProcess } from '../scripts/service-processes';
import { DealUpdateSubscribers } from './support/deal-update-subscribers';
import { percentile } from './support/percentile';

const IMPORT_DEALS = Number(process.env['BENCH_IMPORT_DEALS'] ?? 100_000);
const EDITS = Number(process.env['BENCH_EDITS'] ?? 1_000);
const EDITS_PER_SECOND = Number(process.env['BENCH_EDITS_PER_SECOND'] ?? 10);
const LATENCY_MS = Number(process.env['BENCH_LATENCY_MS'] ?? 150);
const POLL_INTERVAL_SECONDS = Number(process.env['BENCH_POLL_INTERVAL_SECONDS'] ?? 20);
/** sync-engine's INBOUND_POLL_OVERLAP_SECONDS; its default, 60, unless stated. */
const POLL_OVERLAP_SECONDS = Number(process.env['BENCH_POLL_OVERLAP_SECONDS'] ?? 60);
const PUSH_DEALS = Number(process.env['BENCH_PUSH_DEALS'] ?? 10_000);
const REST_PUSH_DEALS = Number(process.env['BENCH_REST_PUSH_DEALS'] ?? 500);
/** When set, each service's JSON logs (at info) go to `<BENCH_LOG_DIR>/<service>.log`, to see what a phase spent its time on. */
const SUBSCRIBERS = Number(process.env['BENCH_SUBSCRIBERS'] ?? 1_000);
const SUBSCRIBER_ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const WEBHOOK_EDITS = Number(process.env['BENCH_WEBHOOK_EDITS'] ?? 1_000);
const WEBHOOK_PACED_EDITS = Number(process.env['BENCH_WEBHOOK_PACED_EDITS'] ?? 300);
const WEBHOOK_RATE = Number(process.env['BENCH_WEBHOOK_RATE'] ?? 10);
const LOG_DIR = process.env['BENCH_LOG_DIR'];
/** How long after the last edit a propagation may still arrive before it is counted as lost. */
const SETTLE_MS = Number(process.env['BENCH_SETTLE_SECONDS'] ?? 120) * 1000;

const TARGETS = {
  notifiedP95Ms: 2_000,
  polledP95Ms: 30_000,
  importPerSecond: 10_000,
  bulkReadCreditsPer1000: 0.25,
  bulkWriteCreditsPer1000: 20,
  restUpsertCreditsPer1000: 100,
  subscriberP99Ms: 500,
};
/** A Bulk Read job costs 50 credits whatever it holds, up to 200,000 records (reference §8). */
const BULK_READ_JOB = { credits: 50, records: 200_000 };
/** Licences the demo org reports: Enterprise's 50,000 + 1,000 a licence reaches its 5,000,000-credit cap (reference §8). */
const BENCH_USER_LICENCES = 5_000;
const TENANT = 'bench-sync-tenant';
const MEGABYTE = 1024 * 1024;

// ── processes ────────────────────────────────────────────────────────────────────────────────────

interface BenchProcesses {
  readonly databaseUrl: string;
  readonly sandbox: ZohoSandboxProcess;
  readonly broker: ChildProcess;
  readonly services: Record<string, ServiceProcess>;
  readonly gateway: ServiceProcess;
  readonly authorization: string;
  stop(): Promise<void>;
}

async function startBrokerProcess(): Promise<{ bootstrap: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/kafka-dev-broker.ts', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`broker exited with ${code}`)));
  });
  process.once('exit', () => child.kill('SIGTERM'));
  return { bootstrap: (JSON.parse(line) as { bootstrap: string }).bootstrap, child };
}

async function startProcesses(): Promise<BenchProcesses> {
  const postgres = await EmbeddedPostgresLauncher.startThrowaway();
  const broker = await startBrokerProcess();
  const sandbox = await ZohoSandboxProcess.start({ demoOrg: true });
  process.once('exit', () => void sandbox.stop());
  const internalSigningSecret = randomBytes(32).toString('hex');
  const jwtSecret = randomBytes(32).toString('hex');
  const services: Record<string, ServiceProcess> = {};
  const subgraphUrls: Record<string, string> = {};
  const started: ServiceProcess[] = [];
  for (const [name, variable] of Object.entries(SUBGRAPH_URL_VARIABLES)) {
    const port = await findFreePort();
    const service = startServiceProcess(
      name,
      port,
      {
        DATABASE_URL: postgres.url,
        KAFKA_BROKERS: broker.bootstrap,
        INTERNAL_SIGNING_SECRET: internalSigningSecret,
        LOG_LEVEL: LOG_DIR ? 'info' : 'warn',
        ...TEST_TOKEN_ENCRYPTION_ENVIRONMENT,
        ...(name === 'auth-connector'
          ? { ZOHO_SANDBOX_URL: sandbox.origin }
          : { AUTH_CONNECTOR_URL: services['auth-connector']?.url ?? '' }),
        ...(name === 'sync-engine'
          ? {
              ZOHO_NOTIFY_URL: `http://127.0.0.1:${port}/zoho/notifications`,
              ZOHO_SANDBOX_URL: sandbox.origin,
              INBOUND_POLL_INTERVAL_OVERRIDE_SECONDS: String(POLL_INTERVAL_SECONDS),
              INBOUND_POLL_OVERLAP_SECONDS: String(POLL_OVERLAP_SECONDS),
              // The webhook phase's receiver listens on loopback, which production's STRICT policy refuses.
              WEBHOOK_URL_POLICY: 'DEVELOPMENT',
            }
          : {}),
      },
      LOG_DIR ? { logFile: `${LOG_DIR}/${name}.log` } : {},
    );
    started.push(service);
    // One at a time: concurrent first runs would race on CREATE SCHEMA in one database.
    await waitUntilReady(service);
    services[name] = service;
    subgraphUrls[variable] = `${service.url}/graphql`;
  }
  const gateway = startServiceProcess('gateway', await findFreePort(), {
    ...subgraphUrls,
    INTERNAL_SIGNING_SECRET: internalSigningSecret,
    JWT_HS256_SECRET: jwtSecret,
    LOG_LEVEL: 'warn',
  });
  started.push(gateway);
  await waitUntilReady(gateway);
  const token = await issueUserToken({ tenantId: TENANT, userId: 'bench', roles: ['admin'] }, jwtSecret);
  return {
    databaseUrl: postgres.url,
    sandbox,
    broker: broker.child,
    services,
    gateway,
    authorization: `Bearer ${token}`,
    stop: async () => {
      await stopServiceProcesses(started);
      await sandbox.stop();
      broker.child.kill('SIGTERM');
      await postgres.stop();
    },
  };
}

// ── measuring ────────────────────────────────────────────────────────────────────────────────────

/** One value per line of a Prometheus text, summed over the label sets matching `name`. */
function metricSum(metrics: string, name: string): number {
  return metrics
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** sync-engine's Zoho credits so far, per client operation. */
async function creditsByOperation(syncEngine: ServiceProcess): Promise<Map<string, number>> {
  const metrics = await (await fetch(`${syncEngine.url}/metrics`)).text();
  const credits = new Map<string, number>();
  for (const line of metrics.split('\n')) {
    const match = /^crm_bridge_zoho_api_credits_total\{operation="([^"]+)"[^}]*\} (\S+)$/.exec(line);
    if (match) {
      credits.set(match[1] as string, Number(match[2]));
    }
  }
  return credits;
}

function creditsBetween(
  before: Map<string, number>,
  after: Map<string, number>,
): { total: number; spent: Map<string, number>; byOperation: string } {
  const spent = new Map(
    [...after].map(([operation, value]) => [operation, value - (before.get(operation) ?? 0)] as const).filter(([, value]) => value > 0),
  );
  return {
    total: [...spent.values()].reduce((sum, value) => sum + value, 0),
    spent,
    byOperation: [...spent]
      .sort((left, right) => right[1] - left[1])
      .map(([operation, value]) => `${operation} ${value}`)
      .join(', '),
  };
}

function sumOf(spent: Map<string, number>, counted: (operation: string) => boolean): number {
  return [...spent].filter(([operation]) => counted(operation)).reduce((sum, [, value]) => sum + value, 0);
}

/** The highest RSS seen per process, in MB. */
class RssTracker {
  readonly peakMb = new Map<string, number>();

  constructor(private readonly processes: BenchProcesses) {}

  async sample(): Promise<void> {
    const readings: [string, number][] = [];
    for (const service of [...Object.values(this.processes.services), this.processes.gateway]) {
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      readings.push([service.name, metricSum(metrics, 'process_resident_memory_bytes') / MEGABYTE]);
    }
    readings.push(['zoho-sandbox', procRssMb(this.processes.sandbox.pid)]);
    readings.push(['kafka-dev-broker', procRssMb(this.processes.broker.pid)]);
    readings.push(['bench (this process)', process.memoryUsage().rss / MEGABYTE]);
    for (const [name, megabytes] of readings) {
      this.peakMb.set(name, Math.max(this.peakMb.get(name) ?? 0, megabytes));
    }
  }
}

function procRssMb(pid: number | undefined): number {
  if (pid === undefined) {
    return Number.NaN;
  }
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

// ── driving ──────────────────────────────────────────────────────────────────────────────────────

class Gateway {
  constructor(
    private readonly url: string,
    private readonly authorization: string,
  ) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: this.authorization },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length || body.data === undefined) {
      throw new Error(`gateway: ${JSON.stringify(body.errors)}`);
    }
    return body.data;
  }

  /** `updateDeal` of the deal's name: the change the live-update phases make. */
  async renameDeal(id: string, name: string): Promise<void> {
    await this.request('mutation($input: UpdateDealInput!) { updateDeal(input: $input) { id } }', { input: { id, name } });
  }

  updateSettings(integrationId: string, settings: Record<string, unknown>): Promise<unknown> {
    return this.request(
      'mutation($input: UpdateIntegrationSettingsInput!) { updateIntegrationSettings(input: $input) { integration { id } } }',
      { input: { integrationId, ...settings } },
    );
  }
}

async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    }
    await sleep(everyMs);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Propagation {
  readonly latenciesMs: number[];
  readonly lost: number;
}

/**
 * Makes `count` edits at a steady rate, each on its own key, and watches the database every 100 ms
 * for each one's arrival: `arrivals(keys)` answers, per key, the instant the change landed (or null).
 * An edit's latency is its arrival minus the instant `edit` returned as its start.
 */
async function measurePropagation(
  count: number,
  edit: (index: number) => Promise<{ key: string; startedAt: number }>,
  arrivals: (keys: readonly string[]) => Promise<Map<string, number | null>>,
): Promise<Propagation> {
  const pending = new Map<string, number>();
  const latenciesMs: number[] = [];
  let editing = true;
  const watcher = (async () => {
    let lastEditAt = Date.now();
    while (editing || (pending.size > 0 && Date.now() - lastEditAt < SETTLE_MS)) {
      if (editing) {
        lastEditAt = Date.now();
      }
      const keys = [...pending.keys()];
      if (keys.length > 0) {
        for (const [key, arrivedAt] of await arrivals(keys)) {
          const startedAt = pending.get(key);
          if (arrivedAt !== null && startedAt !== undefined && arrivedAt >= startedAt) {
            latenciesMs.push(arrivedAt - startedAt);
            pending.delete(key);
          }
        }
      }
      await sleep(100);
    }
  })();
  const startedAt = Date.now();
  const edits: Promise<void>[] = [];
  for (let index = 0; index < count; index += 1) {
    const dueAt = startedAt + (index * 1000) / EDITS_PER_SECOND;
    await sleep(Math.max(0, dueAt - Date.now()));
    edits.push(
      edit(index).then(
        (made) => {
          pending.set(made.key, made.startedAt);
        },
        (error: unknown) => console.error(`edit ${index} failed: ${String(error)}`),
      ),
    );
  }
  await Promise.all(edits);
  editing = false;
  await watcher;
  return { latenciesMs: latenciesMs.sort((left, right) => left - right), lost: pending.size };
}

async function printPropagation(context: BenchContext, label: string, result: Propagation, targetMs: number): Promise<void> {
  const [p50, p95, p99] = [0.5, 0.95, 0.99].map((fraction) => percentile(result.latenciesMs, fraction));
  console.log(
    `${label}: ${result.latenciesMs.length} edits arrived, ${result.lost} not within ${SETTLE_MS / 1000} s; ` +
      `p50 ${ms(p50)}, p95 ${ms(p95)}, p99 ${ms(p99)}, max ${ms(result.latenciesMs.at(-1) ?? Number.NaN)} — ` +
      `p95 is ${ratio(p95 as number, targetMs)} of the ${ms(targetMs)} target (${(p95 as number) <= targetMs ? 'met' : 'MISSED'})`,
  );
  // A budget running low slows polls by design (credit-standing.ts); a figure measured so is not the steady state.
  const { rows } = await context.db.query<{ level: string; budget: number; forecast_next_day: number; reason: string | null }>(
    'SELECT level, budget, forecast_next_day, reason FROM sync_engine.integration_credits',
  );
  for (const row of rows) {
    console.log(
      `  credit standing afterwards: ${row.level} (budget ${row.budget}, forecast for the next day ${row.forecast_next_day})` +
        (row.reason ? ` — ${row.reason}` : ''),
    );
  }
}

const ms = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? 'n/a' : `${Math.round(value)} ms`);
const ratio = (value: number, target: number) => `${(value / target).toFixed(2)}×`;

// ── phases ───────────────────────────────────────────────────────────────────────────────────────

interface BenchContext {
  readonly processes: BenchProcesses;
  readonly gateway: Gateway;
  readonly db: Client;
  readonly orgId: string;
  readonly rss: RssTracker;
  demo?: DemoIntegration;
}

const orgCreditsUsed = async (context: BenchContext) =>
  (await context.processes.sandbox.admin<{ credits: { used: number } }>('GET', `/orgs/${context.orgId}`)).credits.used;

async function seedZohoDeals(context: BenchContext): Promise<number> {
  const startedAt = Date.now();
  const stages = ['Qualification', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review'];
  for (let start = 0; start < IMPORT_DEALS; start += 10_000) {
    const records = Array.from({ length: Math.min(10_000, IMPORT_DEALS - start) }, (_, offset) => {
      const index = start + offset;
      return {
        Deal_Name: `Bench deal ${index}`,
        Pipeline: 'Standard',
        Stage: stages[index % stages.length],
        Amount: 1000 + (index % 5000),
        Closing_Date: '2027-03-31',
        Description: `Seeded for the sync benchmark, number ${index}`,
      };
    });
    await context.processes.sandbox.admin('POST', `/orgs/${context.orgId}/modules/Deals/records`, { records });
  }
  console.log(`seeded ${IMPORT_DEALS} Zoho deals in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  return Date.now();
}

async function initialImport(context: BenchContext): Promise<Date> {
  const syncEngine = context.processes.services['sync-engine'] as ServiceProcess;
  const creditsBefore = await creditsByOperation(syncEngine);
  const orgBefore = await orgCreditsUsed(context);
  context.demo = (await setUpDemoIntegration({
    graphqlUrl: `${context.processes.gateway.url}/graphql`,
    authorization: context.processes.authorization,
    sandboxOrigin: context.processes.sandbox.origin,
  }))!;
  const run = await until(
    'the initial import',
    async () => {
      await context.rss.sample();
      const { rows } = await context.db.query<{
        status: string;
        started_at: Date;
        finished_at: Date | null;
        done: number;
        failed: number;
        failure_reason: string | null;
      }>(
        `SELECT status, started_at, finished_at, failure_reason, failed_count AS failed,
                created_count + updated_count + deleted_count + skipped_count + failed_count + conflict_count AS done
         FROM sync_engine.sync_runs WHERE trigger = 'INITIAL' AND status <> 'RUNNING'`,
      );
      return rows[0];
    },
    3_600_000,
    1000,
  );
  const creditsAfter = await creditsByOperation(syncEngine);
  const orgAfter = await orgCreditsUsed(context);
  const { rows: span } = await context.db.query<{ first: Date; last: Date }>(
    `SELECT min(synced_at) AS first, max(synced_at) AS last FROM sync_engine.record_links`,
  );
  const seconds = (run.finished_at!.getTime() - run.started_at.getTime()) / 1000;
  const perSecond = run.done / seconds;
  const applySeconds = ((span[0]?.last.getTime() ?? 0) - (span[0]?.first.getTime() ?? 0)) / 1000;
  const credits = creditsBetween(creditsBefore, creditsAfter);
  // The import's own reads: the Bulk Read job (create, status polls, download) or COQL pages, and the
  // one-credit Record Count call that counts the deals first (the channel's enable is not the import's).
  const readCredits = sumOf(
    credits.spent,
    (operation) => operation.startsWith('bulk.read') || operation === 'coql.query' || operation === 'records.count',
  );
  const bulkReadCredits = sumOf(credits.spent, (operation) => operation.startsWith('bulk.read'));
  const per1000 = (readCredits / run.done) * 1000;
  // The floor is a full job's; fewer records in a job cost the same 50 credits, so this size's least is higher.
  const leastPer1000 = ((Math.ceil(run.done / BULK_READ_JOB.records) * BULK_READ_JOB.credits) / run.done) * 1000;
  console.log(
    `initial import (0 ms latency): run ${run.status}${run.failure_reason ? ` (${run.failure_reason})` : ''}, ${run.done} records ` +
      `(${run.failed} failed) in ${seconds.toFixed(1)} s = ${Math.round(perSecond)} records/s — ` +
      `${ratio(perSecond, TARGETS.importPerSecond)} of the ${TARGETS.importPerSecond}/s target (${perSecond >= TARGETS.importPerSecond ? 'met' : 'MISSED'}); ` +
      `first to last link ${applySeconds.toFixed(1)} s (${Math.round(run.done / Math.max(applySeconds, 0.001))} records/s applied)`,
  );
  console.log(
    `  credits: ${readCredits} for reading = ${per1000.toFixed(2)} per 1,000 records, ${ratio(per1000, TARGETS.bulkReadCreditsPer1000)} ` +
      `Bulk Read's floor of ${TARGETS.bulkReadCreditsPer1000} (of which the Bulk Read job ${bulkReadCredits} = ` +
      `${((bulkReadCredits / run.done) * 1000).toFixed(2)} per 1,000); the least Bulk Read jobs can cost for ${run.done} records is ` +
      `${leastPer1000.toFixed(2)} per 1,000 (${BULK_READ_JOB.credits} credits a job of up to ${BULK_READ_JOB.records}), spent ${ratio(per1000, leastPer1000)} that; ` +
      `all sync-engine credits meanwhile ${credits.total} (${credits.byOperation}); ` +
      `the org's ledger moved ${orgAfter - orgBefore} (connecting and mapping included)`,
  );
  return run.finished_at!;
}

async function portalToZoho(context: BenchContext, dealIds: readonly string[]): Promise<Propagation> {
  const amounts = new Map<string, string>();
  return measurePropagation(
    EDITS,
    async (index) => {
      const id = dealIds[index] as string;
      const amount = `${20_000 + index}.00`;
      amounts.set(id, amount);
      const data = await context.gateway.request<{ updateDeal: { updatedAt: string } }>(
        'mutation($input: UpdateDealInput!) { updateDeal(input: $input) { updatedAt } }',
        { input: { id, amount } },
      );
      return { key: id, startedAt: Date.parse(data.updateDeal.updatedAt) };
    },
    async (keys) => {
      // Arrived once the link's snapshot (what Zoho was last written or read with) holds the new
      // amount: a poll re-reading the deal before the push stores the old one. Our write's echo
      // stores it again later, so the first sighting (every 100 ms) is the push's own synced_at.
      const { rows } = await context.db.query<{ id: string; synced_at: Date; amount: string | null }>(
        `SELECT portal_record_id AS id, synced_at, snapshot->>'amount' AS amount
         FROM sync_engine.record_links WHERE portal_record_id = ANY($1::uuid[])`,
        [keys],
      );
      return new Map(
        rows.map((row) => [
          row.id,
          row.amount !== null && Number(row.amount) === Number(amounts.get(row.id)) ? row.synced_at.getTime() : null,
        ]),
      );
    },
  );
}

async function zohoToPortal(
  context: BenchContext,
  deals: readonly { id: string; zohoId: string }[],
  amountBase: number,
): Promise<Propagation> {
  return measurePropagation(
    deals.length,
    async (index) => {
      const deal = deals[index] as { id: string; zohoId: string };
      const startedAt = Date.now();
      await context.processes.sandbox.admin('PATCH', `/orgs/${context.orgId}/modules/Deals/records/${deal.zohoId}`, {
        values: { Amount: amountBase + index },
      });
      return { key: deal.id, startedAt };
    },
    async (keys) => {
      const { rows } = await context.db.query<{ id: string; updated_at: Date; amount: string | null }>(
        `SELECT id, updated_at, amount FROM sync_engine.deals WHERE id = ANY($1::uuid[])`,
        [keys],
      );
      const expected = new Map(deals.map((deal, index) => [deal.id, amountBase + index]));
      return new Map(rows.map((row) => [row.id, Number(row.amount) === expected.get(row.id) ? row.updated_at.getTime() : null]));
    },
  );
}

/**
 * Each poll re-reads what Zoho changed within the overlap window before its cursor, the newest
 * `Modified_Time` it applied: right after the import that is every seeded deal, and it stays so
 * until Zoho changes something newer. So once the window has passed the seeding, a Zoho user
 * edits one deal (not one the edits below use), and steady edits are measured once a poll has
 * moved the cursor past the window.
 */
async function overlapAfterSeedPassed(context: BenchContext, seededAt: number, importFinishedAt: Date): Promise<void> {
  const windowEnd = seededAt + POLL_OVERLAP_SECONDS * 1000;
  await sleep(Math.max(0, windowEnd + 1000 - Date.now()));
  const { rows: last } = await context.db.query<{ zoho_id: string }>(
    'SELECT zoho_id FROM sync_engine.deals WHERE zoho_id IS NOT NULL ORDER BY zoho_id DESC LIMIT 1',
  );
  await context.processes.sandbox.admin('PATCH', `/orgs/${context.orgId}/modules/Deals/records/${last[0]?.zoho_id}`, {
    values: { Description: 'Edited by a Zoho user after the import' },
  });
  await until(
    'a poll past the overlap window of the seeding',
    async () => {
      await context.rss.sample();
      const { rows } = await context.db.query<{ modified_cursor: Date | null }>('SELECT modified_cursor FROM sync_engine.inbound_cursors');
      return rows[0]?.modified_cursor && rows[0].modified_cursor.getTime() > windowEnd;
    },
    3_600_000,
    500,
  );
  console.log(
    `  waited ${((Date.now() - importFinishedAt.getTime()) / 1000).toFixed(0)} s after the import until the polls (every ${POLL_INTERVAL_SECONDS} s, ` +
      `overlap ${POLL_OVERLAP_SECONDS} s) no longer re-read the seeded deals`,
  );
}

async function linkedDeals(context: BenchContext, count: number, offset: number): Promise<{ id: string; zohoId: string }[]> {
  const { rows } = await context.db.query<{ id: string; zoho_id: string }>(
    `SELECT id, zoho_id FROM sync_engine.deals WHERE zoho_id IS NOT NULL ORDER BY zoho_id LIMIT $1 OFFSET $2`,
    [count, offset],
  );
  if (rows.length < count) {
    throw new Error(`only ${rows.length} linked deals from offset ${offset}; raise BENCH_IMPORT_DEALS or lower BENCH_EDITS`);
  }
  return rows.map((row) => ({ id: row.id, zohoId: row.zoho_id }));
}

async function subscribersOfDealUpdates(context: BenchContext, dealId: string): Promise<void> {
  const renameDeal = (name: string) => context.gateway.renameDeal(dealId, name);
  const subscribers = new DealUpdateSubscribers(
    context.processes.gateway.url.replace('http://', 'ws://') + '/graphql',
    { authorization: context.processes.authorization },
    SUBSCRIBERS,
  );
  try {
    await subscribers.warmUp(renameDeal);
    const { summary } = await subscribers.measure(renameDeal, SUBSCRIBER_ROUNDS, 'Bench subscribers round');
    console.log(
      `dealUpdated to ${SUBSCRIBERS} graphql-ws subscribers (${SUBSCRIBER_ROUNDS} renames, each subscriber selecting openConflicts): ` +
        `p50 ${ms(summary.p50)}, p99 ${ms(summary.p99)}, max ${ms(summary.max)} from updateDeal sent; ` +
        `per-round p99 ${summary.perRoundP99.map(ms).join(', ')}; subscription errors ${subscribers.errors}; ` +
        `p99 ${ratio(summary.p99, TARGETS.subscriberP99Ms)} the ${TARGETS.subscriberP99Ms} ms target`,
    );
  } finally {
    subscribers.close();
  }
}

/**
 * A partner webhook endpoint on a loopback receiver answering 200, then renames of different deals:
 * `paced` at WEBHOOK_RATE per second (latency in a steady state), then `burst` with 20 mutations in
 * flight (how fast a backlog drains: deliveries/s). Each delivery's latency is from its mutation sent.
 */
async function webhookDeliveries(context: BenchContext, paced: readonly string[], burst: readonly string[]): Promise<void> {
  const integrationId = context.demo!.integration.id;
  const marker = `webhook bench ${Date.now()}`;
  const receivedAt = new Map<string, number>();
  let expected = 0;
  let allReceived: () => void = () => undefined;
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.writeHead(200).end();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        data: { dealId: string; changes: { field: string; newValue: unknown }[] };
      };
      const renamed = body.data.changes.some((change) => change.field === 'name' && String(change.newValue).startsWith(marker));
      if (renamed && !receivedAt.has(body.data.dealId)) {
        receivedAt.set(body.data.dealId, performance.now());
        if (receivedAt.size === expected) {
          allReceived();
        }
      }
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { createWebhookEndpoint } = await context.gateway.request<{ createWebhookEndpoint: { endpoint: { id: string } } }>(
    'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }',
    {
      input: {
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/deals`,
        events: ['DEAL_UPDATED'],
        filter: { integrationId },
      },
    },
  );
  const sentAt = new Map<string, number>();
  const rename = async (id: string) => {
    sentAt.set(id, performance.now());
    await context.gateway.renameDeal(id, `${marker} ${id}`);
  };
  /** Waits for the deliveries of `dealIds` (renamed by `send`) and prints what they took. */
  const measure = async (label: string, dealIds: readonly string[], send: () => Promise<void>) => {
    expected = receivedAt.size + dealIds.length;
    const done = new Promise<void>((resolve) => (allReceived = resolve));
    const firstSentAt = performance.now();
    await send();
    await Promise.race([done, sleep(SETTLE_MS)]);
    const arrived = dealIds.filter((id) => receivedAt.has(id));
    const latencies = arrived.map((id) => (receivedAt.get(id) as number) - (sentAt.get(id) as number)).sort((a, b) => a - b);
    const lastReceivedAt = Math.max(...arrived.map((id) => receivedAt.get(id) as number));
    console.log(
      `partner webhook deliveries, ${label} (${dealIds.length} updateDeal on different deals, loopback receiver answering 200): ` +
        `${arrived.length} received, ${dealIds.length - arrived.length} missing after ${SETTLE_MS / 1000} s; ` +
        `${((arrived.length / (lastReceivedAt - firstSentAt)) * 1000).toFixed(0)} deliveries/s from the first mutation sent to the last delivery; ` +
        `per delivery from its mutation sent p50 ${ms(percentile(latencies, 0.5))}, p95 ${ms(percentile(latencies, 0.95))}, p99 ${ms(percentile(latencies, 0.99))}`,
    );
  };
  try {
    await measure(`paced at ${WEBHOOK_RATE}/s`, paced, async () => {
      const renames: Promise<void>[] = [];
      const startedAt = performance.now();
      for (const [index, id] of paced.entries()) {
        await sleep(Math.max(0, startedAt + (index * 1000) / WEBHOOK_RATE - performance.now()));
        renames.push(rename(id));
      }
      await Promise.all(renames);
    });
    await measure('burst, 20 in flight', burst, async () => {
      let next = 0;
      const sender = async () => {
        while (next < burst.length) {
          const id = burst[next] as string;
          next += 1;
          await rename(id);
        }
      };
      await Promise.all(Array.from({ length: 20 }, sender));
    });
  } finally {
    await context.gateway.request('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id: createWebhookEndpoint.endpoint.id });
    receiver.close();
  }
}

const DEALS_ZOHO_TO_PORTAL = [{ module: 'DEALS', enabled: true, direction: 'ZOHO_TO_PORTAL' }];
const DEALS_BOTH_WAYS = [{ module: 'DEALS', enabled: true, direction: 'BOTH' }];

/** Waits until sync-engine has the integration's settings as `matches` says. */
async function settingsReached(
  context: BenchContext,
  what: string,
  matches: (settings: Record<string, unknown>) => boolean,
): Promise<void> {
  await until(
    what,
    async () => {
      const { rows } = await context.db.query<{ settings: Record<string, unknown> }>(
        'SELECT settings FROM sync_engine.sync_integrations WHERE integration_id = $1',
        [context.demo!.integration.id],
      );
      return rows[0] && matches(rows[0].settings);
    },
    60_000,
  );
}

const dealsDirection = (settings: Record<string, unknown>) =>
  (settings['modules'] as { module: string; direction: string }[] | undefined)?.find((module) => module.module === 'DEALS')?.direction;

/**
 * Creates `count` portal deals while deals sync only Zoho→portal (their pushes queue), then turns
 * portal→Zoho back on and times the backlog's push: from the switch to the last link's `synced_at`.
 */
async function push(context: BenchContext, label: string, count: number, floorPer1000: number): Promise<void> {
  if (count === 0) {
    return;
  }
  const integrationId = context.demo!.integration.id;
  const syncEngine = context.processes.services['sync-engine'] as ServiceProcess;
  await context.gateway.updateSettings(integrationId, { modules: DEALS_ZOHO_TO_PORTAL });
  await settingsReached(context, 'deals syncing only from Zoho', (settings) => dealsDirection(settings) === 'ZOHO_TO_PORTAL');
  const createdAt = Date.now();
  const ids: string[] = [];
  const CONCURRENCY = 8;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const index = next++;
        const data = await context.gateway.request<{ createDeal: { id: string } }>(
          'mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }',
          {
            input: {
              integrationId,
              name: `${label} push ${index}`,
              phase: 'Registered',
              pipeline: 'Standard',
              amount: `${500 + (index % 1000)}.00`,
              closingDate: '2027-06-30',
            },
          },
        );
        ids.push(data.createDeal.id);
      }
    }),
  );
  const createSeconds = (Date.now() - createdAt) / 1000;
  // Every create queued before the switch (portal-record.changed reaches sync-engine over Kafka).
  await until(
    'the pushes queued',
    async () => {
      const { rows } = await context.db.query<{ queued: number }>(
        'SELECT count(*)::int AS queued FROM sync_engine.outbound_changes WHERE portal_record_id = ANY($1::uuid[])',
        [ids],
      );
      return (rows[0]?.queued ?? 0) === count;
    },
    300_000,
  );
  const creditsBefore = await creditsByOperation(syncEngine);
  const orgBefore = await orgCreditsUsed(context);
  const switchedAt = Date.now();
  await context.gateway.updateSettings(integrationId, { modules: DEALS_BOTH_WAYS });
  const last = await until(
    `${label}: ${count} deals pushed`,
    async () => {
      await context.rss.sample();
      const { rows } = await context.db.query<{ linked: number; last: Date | null }>(
        'SELECT count(*)::int AS linked, max(synced_at) AS last FROM sync_engine.record_links WHERE portal_record_id = ANY($1::uuid[])',
        [ids],
      );
      return rows[0] && rows[0].linked === count ? rows[0].last : null;
    },
    1_800_000,
    500,
  );
  const seconds = (last.getTime() - switchedAt) / 1000;
  const credits = creditsBetween(creditsBefore, await creditsByOperation(syncEngine));
  const orgAfter = await orgCreditsUsed(context);
  const writeCredits = sumOf(credits.spent, (operation) => /^(bulk\.write|records\.(upsert|insert))/.test(operation));
  const writePer1000 = (writeCredits / count) * 1000;
  console.log(
    `${label}: ${count} portal deals (created through GraphQL in ${createSeconds.toFixed(1)} s) pushed in ${seconds.toFixed(1)} s = ` +
      `${Math.round(count / seconds)} records/s; write credits ${writeCredits} = ${writePer1000.toFixed(1)} per 1,000, ` +
      `${ratio(writePer1000, floorPer1000)} the floor of ${floorPer1000}; all sync-engine credits meanwhile ${credits.total} ` +
      `(${credits.byOperation}); the org's ledger moved ${orgAfter - orgBefore}`,
  );
}

async function main(): Promise<void> {
  console.log(
    `bench:sync — ${IMPORT_DEALS} Zoho deals to import, ${EDITS} edits each way at ${EDITS_PER_SECOND}/s with ${LATENCY_MS} ms Zoho latency, ` +
      `poll every ${POLL_INTERVAL_SECONDS} s on the fallback, pushes of ${PUSH_DEALS} and ${REST_PUSH_DEALS} portal deals`,
  );
  const processes = await startProcesses();
  // Ctrl-C stops every process this bench started, not just the bench.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void processes.stop().finally(() => process.exit(130)));
  }
  const db = new Client({ connectionString: processes.databaseUrl });
  await db.connect();
  try {
    const { orgs } = await processes.sandbox.admin<{ orgs: { id: string; companyName: string }[] }>('GET', '/orgs');
    const orgId = orgs.find((org) => org.companyName === DEMO_ORG_NAME)!.id;
    // The bench's calls are many more than a day of a small org's allowance; the credit budget is not what is
    // measured. Zoho's ledger gets a large allowance, and the org reports enough licences (read at connect) that
    // sync-engine's own budget for it is an Enterprise org's largest, so no phase runs slowed down.
    await processes.sandbox.admin('PUT', `/orgs/${orgId}/limits`, { creditAllowance: 100_000_000, userLicences: BENCH_USER_LICENCES });
    const context: BenchContext = {
      processes,
      gateway: new Gateway(`${processes.gateway.url}/graphql`, processes.authorization),
      db,
      orgId,
      rss: new RssTracker(processes),
    };
    const seededAt = await seedZohoDeals(context);
    await context.rss.sample();

    await overlapAfterSeedPassed(context, seededAt, await initialImport(context));

    const integrationId = context.demo!.integration.id;
    await context.gateway.updateSettings(integrationId, { debounceSeconds: 0 });
    await settingsReached(context, 'debounce 0', (settings) => settings['debounceSeconds'] === 0);
    await processes.sandbox.admin('PUT', `/orgs/${orgId}/faults`, { latencyMs: LATENCY_MS });

    const portalSide = await linkedDeals(context, EDITS, 0);
    await printPropagation(
      context,
      `portal→Zoho (${LATENCY_MS} ms latency)`,
      await portalToZoho(
        context,
        portalSide.map((deal) => deal.id),
      ),
      TARGETS.notifiedP95Ms,
    );
    await context.rss.sample();

    await printPropagation(
      context,
      `Zoho→portal with notifications (${LATENCY_MS} ms latency)`,
      await zohoToPortal(context, await linkedDeals(context, EDITS, EDITS), 30_000),
      TARGETS.notifiedP95Ms,
    );
    await context.rss.sample();

    const { channels } = await processes.sandbox.admin<{ channels: { channelId: string }[] }>('GET', `/orgs/${orgId}/notifications`);
    for (const channel of channels) {
      await processes.sandbox.admin('DELETE', `/orgs/${orgId}/notifications/channels/${channel.channelId}`);
    }
    await printPropagation(
      context,
      `Zoho→portal on the polling fallback (poll every ${POLL_INTERVAL_SECONDS} s, ${LATENCY_MS} ms latency)`,
      await zohoToPortal(context, await linkedDeals(context, EDITS, 2 * EDITS), 40_000),
      TARGETS.polledP95Ms,
    );
    await context.rss.sample();

    await push(context, `bulk push (${LATENCY_MS} ms latency)`, PUSH_DEALS, TARGETS.bulkWriteCreditsPer1000);
    await push(context, `REST push (${LATENCY_MS} ms latency)`, REST_PUSH_DEALS, TARGETS.restUpsertCreditsPer1000);
    await context.rss.sample();

    const [subscribedDeal] = await linkedDeals(context, 1, 3 * EDITS);
    await subscribersOfDealUpdates(context, subscribedDeal!.id);
    await context.rss.sample();
    const webhookDeals = (await linkedDeals(context, WEBHOOK_PACED_EDITS + WEBHOOK_EDITS, 3 * EDITS + 1)).map((deal) => deal.id);
    await webhookDeliveries(context, webhookDeals.slice(0, WEBHOOK_PACED_EDITS), webhookDeals.slice(WEBHOOK_PACED_EDITS));
    await context.rss.sample();

    console.log(
      `highest RSS per process: ${[...context.rss.peakMb]
        .map(([name, megabytes]) => `${name} ${megabytes.toFixed(0)} MB`)
        .join(', ')} (PostgreSQL not included)`,
    );
  } finally {
    await db.end();
    await processes.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
