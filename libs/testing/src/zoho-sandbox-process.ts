import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  RefreshTokenProvider,
  ZohoClient,
  ZohoDataCentreDirectory,
  ZohoOAuthClient,
  type ZohoExchange,
  type ZohoOrgLimits,
  type ZohoRetryPolicy,
} from '@crm-bridge/zoho-client';
import type { Registry } from 'prom-client';
import type { ZohoDataCentre } from '@crm-bridge/contracts';

/** Repository root, from libs/testing/src. */
const REPO_ROOT = join(__dirname, '..', '..', '..');

/** The sandbox speaks Zoho's own spelling of a data centre (`location`, e.g. `eu`). */
export type SandboxDataCentre = Lowercase<ZohoDataCentre>;

export interface SandboxOrgHandle {
  id: string;
  zgid: string;
  location: SandboxDataCentre;
  accountsServer: string;
  apiDomain: string;
  primaryUserId: string;
}

export interface SandboxSelfClient {
  clientId: string;
  clientSecret: string;
  accountsServer: string;
  apiDomain: string;
}

/** The scopes a sync needs, for self-client grant codes. */
export const SANDBOX_SYNC_SCOPES = [
  'ZohoCRM.modules.ALL',
  'ZohoCRM.settings.ALL',
  'ZohoCRM.org.ALL',
  'ZohoCRM.users.ALL',
  'ZohoCRM.coql.READ',
  'ZohoCRM.bulk.ALL',
  'ZohoCRM.notifications.ALL',
  'ZohoSearch.securesearch.READ',
  'ZohoFiles.files.ALL',
] as const;

/**
 * The Zoho sandbox as a child process, for tests of code that must not import the sandbox app
 * (libraries may not import apps): starts `scripts/zoho-sandbox.ts --port 0 --no-demo` (or with the demo org), reads its
 * JSON announcement line, and wraps the admin API (`/__admin`) in factories.
 *
 * @example
 * const sandbox = await ZohoSandboxProcess.start();
 * const org = await sandbox.createOrg({ location: 'eu' });
 * const client = await sandbox.createSelfClient(org);
 * const code = await sandbox.selfClientCode(org, client);
 * …
 * await sandbox.stop();
 */
export class ZohoSandboxProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly origin: string,
    private readonly stderrTail: string[],
  ) {}

  static async start(
    options: {
      accessTokenTtlSeconds?: number;
      startTimeoutMs?: number;
      /** Seed the demo org of `npm start` (`demo-org.seed.ts`); tests create their own orgs otherwise. */
      demoOrg?: boolean;
    } = {},
  ): Promise<ZohoSandboxProcess> {
    const args = ['-r', '@swc-node/register', join(REPO_ROOT, 'scripts', 'zoho-sandbox.ts'), '--port', '0'];
    if (!options.demoOrg) {
      args.push('--no-demo');
    }
    if (options.accessTokenTtlSeconds !== undefined) {
      args.push('--access-token-ttl', String(options.accessTokenTtlSeconds));
    }
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const stderrTail: string[] = [];
    // The sandbox logs JSON to stderr; keep the last lines for a failure message, drop the rest.
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
      stderrTail.push(line);
      if (stderrTail.length > 20) {
        stderrTail.shift();
      }
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const timeoutMs = options.startTimeoutMs ?? 30_000;
    const announcement = await new Promise<{ origin: string }>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`zoho sandbox did not announce itself within ${timeoutMs} ms: ${stderrTail.join('\n')}`));
      }, timeoutMs);
      lines.once('line', (line) => {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(line) as { origin: string });
        } catch {
          reject(new Error(`zoho sandbox printed a non-JSON first line: ${line}`));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`zoho sandbox exited with ${code} before listening: ${stderrTail.join('\n')}`));
      });
    });
    return new ZohoSandboxProcess(child, announcement.origin, stderrTail);
  }

  /** The sandbox's process id, e.g. for a benchmark reading its resident memory from /proc. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Stops the process with SIGTERM (SIGKILL after 5 s). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return;
    }
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  /** A call to the admin API; throws with the sandbox's error body unless the status is 2xx. */
  async admin<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.origin}/__admin${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`sandbox admin ${method} ${path} → ${response.status}: ${text} ${this.stderrTail.slice(-3).join('\n')}`);
    }
    return (text.length === 0 ? {} : JSON.parse(text)) as T;
  }

  async createOrg(
    settings: { location?: SandboxDataCentre; timeZone?: string; edition?: string; userLicences?: number; companyName?: string } = {},
  ): Promise<SandboxOrgHandle> {
    const location = settings.location ?? 'us';
    const created = await this.admin<{ id: string; zgid: string; users: { id: string }[]; accountsServer: string; apiDomain: string }>(
      'POST',
      '/orgs',
      { ...settings, location },
    );
    return {
      id: created.id,
      zgid: created.zgid,
      location,
      accountsServer: created.accountsServer,
      apiDomain: created.apiDomain,
      primaryUserId: (created.users[0] as { id: string }).id,
    };
  }

  createSelfClient(org: SandboxOrgHandle): Promise<SandboxSelfClient> {
    return this.admin<SandboxSelfClient>('POST', `/orgs/${org.id}/clients`, { kind: 'self-client' });
  }

  /** A self-client grant code, as the API console issues it (10 minutes). */
  async selfClientCode(
    org: SandboxOrgHandle,
    client: Pick<SandboxSelfClient, 'clientId'>,
    scopes: readonly string[] = SANDBOX_SYNC_SCOPES,
  ): Promise<string> {
    const issued = await this.admin<{ code: string }>('POST', `/orgs/${org.id}/self-client-codes`, {
      clientId: client.clientId,
      scopes,
      expiresInMinutes: 10,
    });
    return issued.code;
  }

  /** Raw admin state of an org: credits used, token counts, faults, … */
  orgState<T = { credits: { limit: number; used: number }; tokens: { accessTokensIssued: number } }>(org: SandboxOrgHandle): Promise<T> {
    return this.admin<T>('GET', `/orgs/${org.id}`);
  }

  setFaults(
    org: SandboxOrgHandle,
    faults: {
      latencyMs?: number;
      jitterMs?: number;
      errorRates?: Partial<Record<'429' | '500' | '503', number>>;
      searchIndexLagMs?: number;
    },
  ): Promise<unknown> {
    return this.admin('PUT', `/orgs/${org.id}/faults`, faults);
  }

  setLimits(
    org: SandboxOrgHandle,
    limits: {
      edition?: string;
      userLicences?: number;
      userLicencesReported?: boolean;
      creditAllowance?: number;
      concurrencyLimit?: number | null;
    },
  ): Promise<unknown> {
    return this.admin('PUT', `/orgs/${org.id}/limits`, limits);
  }

  expireAccessTokens(org: SandboxOrgHandle): Promise<{ expired: number }> {
    return this.admin<{ expired: number }>('POST', `/orgs/${org.id}/tokens/expire`);
  }

  /** Seeds records as a Zoho user would create them in the UI (≤ 10,000 per admin call, chunked here). */
  async seedRecords(org: SandboxOrgHandle, module: string, records: readonly Record<string, unknown>[]): Promise<string[]> {
    const ids: string[] = [];
    for (let start = 0; start < records.length; start += 10_000) {
      const created = await this.admin<{ results: { record?: { id: string } }[] }>('POST', `/orgs/${org.id}/modules/${module}/records`, {
        records: records.slice(start, start + 10_000),
      });
      for (const result of created.results) {
        if (result.record) {
          ids.push(result.record.id);
        }
      }
    }
    return ids;
  }

  addField(
    org: SandboxOrgHandle,
    module: string,
    field: { apiName: string; dataType: string; unique?: boolean; external?: boolean; length?: number },
  ): Promise<unknown> {
    return this.admin('POST', `/orgs/${org.id}/modules/${module}/fields`, field);
  }

  advanceClock(seconds: number): Promise<unknown> {
    return this.admin('POST', '/clock/advance', { seconds });
  }
}

export interface ConnectedSandboxOrg {
  zoho: ZohoClient;
  tokens: RefreshTokenProvider;
  oauth: ZohoOAuthClient;
  orgRef: string;
  client: SandboxSelfClient;
  refreshToken: string;
}

/**
 * A {@link ZohoClient} connected to a sandbox org the way an operator connects a real one: a
 * self client, a grant code from the "API console", the code exchanged at the org's accounts
 * server, and the refresh token held by a {@link RefreshTokenProvider}.
 */
export async function connectSandboxOrg(
  sandbox: ZohoSandboxProcess,
  org: SandboxOrgHandle,
  options: {
    orgRef?: string;
    limits?: ZohoOrgLimits;
    metricsRegistry?: Registry;
    retry?: Partial<ZohoRetryPolicy>;
    timeZone?: string;
    scopes?: readonly string[];
    onCharged?: (orgRef: string, credits: number) => void;
    onExchange?: (exchange: ZohoExchange) => void;
  } = {},
): Promise<ConnectedSandboxOrg> {
  const dataCentres = ZohoDataCentreDirectory.forSandbox(sandbox.origin);
  const oauth = new ZohoOAuthClient({ dataCentres });
  const client = await sandbox.createSelfClient(org);
  const code = await sandbox.selfClientCode(org, client, options.scopes);
  const grant = await oauth.exchangeSelfClientCode({ ...client, accountsServer: org.accountsServer, code });
  if (grant.refreshToken === null) {
    throw new Error('the sandbox issued no refresh token for a self-client code');
  }
  const orgRef = options.orgRef ?? `org-${org.id}`;
  const tokens = new RefreshTokenProvider(oauth);
  tokens.connect(
    orgRef,
    { clientId: client.clientId, clientSecret: client.clientSecret, refreshToken: grant.refreshToken, accountsServer: org.accountsServer },
    { token: grant.accessToken, apiDomain: grant.apiDomain, expiresAt: grant.expiresAt },
  );
  const zoho = new ZohoClient({
    tokens,
    dataCentres,
    limitsFor: () => options.limits ?? { edition: 'enterprise' },
    timeZoneFor: () => options.timeZone ?? 'UTC',
    ...(options.metricsRegistry ? { metricsRegistry: options.metricsRegistry } : {}),
    ...(options.onCharged ? { onCharged: options.onCharged } : {}),
    ...(options.onExchange ? { onExchange: options.onExchange } : {}),
    // Tests and benchmarks should not sit in long backoffs.
    retry: { baseDelayMs: 50, maxDelayMs: 1_000, ...options.retry },
  });
  return { zoho, tokens, oauth, orgRef, client, refreshToken: grant.refreshToken };
}
