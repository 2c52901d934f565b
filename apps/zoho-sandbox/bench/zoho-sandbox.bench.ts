// The sandbox's own throughput at zero injected latency: list, upsert and COQL calls per second.
//   node -r @swc-node/register apps/zoho-sandbox/bench/zoho-sandbox.bench.ts
// The sandbox runs as its own process (scripts/zoho-sandbox.ts); this process seeds an org with
// BENCH_RECORDS deals (default 10,000) through the admin API, lifts its concurrency and credit
// limits (the benchmark measures the emulator, not Zoho's limits), and drives it with autocannon.
// BENCH_SECONDS (default 10) per call type, BENCH_CONNECTIONS (default 10).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10);
const RECORDS = Number(process.env['BENCH_RECORDS'] ?? 10_000);

interface Announcement {
  origin: string;
}

async function startSandbox(): Promise<{ origin: string; stop: () => void }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/zoho-sandbox.ts', '--port', '0', '--no-demo'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  return { origin: (JSON.parse(firstLine) as Announcement).origin, stop: () => child.kill('SIGTERM') };
}

async function json<T>(url: string, init: { method: string; body?: unknown; headers?: Record<string, string> }): Promise<T> {
  const response = await fetch(url, {
    method: init.method,
    headers: { 'content-type': 'application/json', ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return (await response.json()) as T;
}

async function prepareOrg(origin: string): Promise<{ apiDomain: string; token: string }> {
  const org = await json<{ id: string; accountsServer: string; apiDomain: string }>(`${origin}/__admin/orgs`, {
    method: 'POST',
    body: { location: 'us' },
  });
  await json(`${origin}/__admin/orgs/${org.id}/limits`, {
    method: 'PUT',
    body: { concurrencyLimit: 1_000, creditAllowance: 1_000_000_000 },
  });
  for (let start = 0; start < RECORDS; start += 5_000) {
    const records = Array.from({ length: Math.min(5_000, RECORDS - start) }, (_, index) => ({
      Deal_Name: `Bench deal ${start + index}`,
      Pipeline: 'Standard',
      Stage: 'Qualification',
      Amount: start + index,
    }));
    await json(`${origin}/__admin/orgs/${org.id}/modules/Deals/records`, { method: 'POST', body: { records } });
  }
  const client = await json<{ clientId: string; clientSecret: string }>(`${origin}/__admin/orgs/${org.id}/clients`, {
    method: 'POST',
    body: { kind: 'self-client' },
  });
  const code = await json<{ code: string }>(`${origin}/__admin/orgs/${org.id}/self-client-codes`, {
    method: 'POST',
    body: { clientId: client.clientId, scopes: ['ZohoCRM.modules.ALL', 'ZohoCRM.coql.READ'] },
  });
  const tokenResponse = await fetch(`${org.accountsServer}/oauth/v2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      code: code.code,
    }).toString(),
  });
  const tokens = (await tokenResponse.json()) as { access_token: string };
  return { apiDomain: org.apiDomain, token: tokens.access_token };
}

async function measure(name: string, options: autocannon.Options): Promise<Record<string, unknown>> {
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
  return {
    call: name,
    callsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function main(): Promise<void> {
  const sandbox = await startSandbox();
  try {
    const { apiDomain, token } = await prepareOrg(sandbox.origin);
    const headers = { authorization: `Zoho-oauthtoken ${token}`, 'content-type': 'application/json' };
    const upsertBody = JSON.stringify({
      data: Array.from({ length: 100 }, (_, index) => ({
        Deal_Name: `Bench deal ${index}`,
        Pipeline: 'Standard',
        Stage: 'Needs Analysis',
      })),
      duplicate_check_fields: ['Deal_Name'],
    });
    const results = [
      await measure('list 200 deals (GET /crm/v8/Deals)', {
        url: `${apiDomain}/crm/v8/Deals?fields=Deal_Name,Stage,Amount,Modified_Time&per_page=200`,
        headers,
      }),
      await measure('upsert 100 deals (POST /crm/v8/Deals/upsert)', {
        url: `${apiDomain}/crm/v8/Deals/upsert`,
        method: 'POST',
        headers,
        body: upsertBody,
      }),
      await measure('COQL 200 rows (POST /crm/v8/coql)', {
        url: `${apiDomain}/crm/v8/coql`,
        method: 'POST',
        headers,
        body: JSON.stringify({
          select_query: "select Deal_Name, Amount from Deals where Stage = 'Qualification' order by Amount desc limit 200",
        }),
      }),
    ];
    console.log(JSON.stringify({ records: RECORDS, seconds: SECONDS, connections: CONNECTIONS, injectedLatencyMs: 0, results }, null, 2));
  } finally {
    sandbox.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
