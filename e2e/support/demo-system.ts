import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, ZohoSandboxProcess, type TestDatabase } from '@crm-bridge/testing';
import { setUpDemoIntegration, type DemoIntegration } from '../../scripts/demo-integration';
import { sandboxDemoOrgId, setDebounceSeconds } from './deal-sync-load';
import { startLocalSystem, type LocalSystem, type LocalSystemOptions } from './local-system';

/** What a demo system is made of before its demo integration exists. */
export interface DemoSystemParts {
  readonly database: TestDatabase;
  /** The Zoho sandbox, with its demo org. */
  readonly sandbox: ZohoSandboxProcess;
  readonly system: LocalSystem;
  /** The gateway's GraphQL endpoint. */
  readonly graphqlUrl: string;
  /** The sandbox's demo org, the one the demo integration connects. */
  readonly demoOrgId: string;
}

/** A new tenant whose admin set up the demo integration through the gateway. */
export interface DemoTenant {
  readonly tenantId: string;
  /** The `Authorization` header value of an admin of `tenantId`. */
  readonly authorization: string;
  readonly demo: DemoIntegration;
}

/** How a demo tenant's integration is set up. */
export interface DemoTenantOptions {
  /**
   * The integration's debounce after setup (the demo's own is seconds), set through the gateway
   * and awaited in sync-engine's copy of the settings. Needs sync-engine in this process.
   */
  readonly debounceSeconds?: number;
  /** The sandbox org it connects, by company name (default: the demo org), e.g. one made with `createDemoShapedOrg`. */
  readonly zohoOrgName?: string;
}

/** The whole system against the Zoho sandbox, with one tenant's demo integration (the first of those {@link DemoSystem.addDemoTenant} sets up). */
export interface DemoSystem extends DemoSystemParts, DemoTenant {
  /** One more tenant with a demo integration of its own, e.g. on an org of its own (`zohoOrgName`). */
  addDemoTenant(options?: DemoTenantOptions): Promise<DemoTenant>;
  /** Stops the system and the sandbox and drops the database. */
  stop(): Promise<void>;
}

/**
 * sync-engine polls Zoho every 2 s over a 2 s overlap: it reads every change (its own writes too) a
 * second time after the change's notification did, which is what echo and conflict specs want.
 */
export const FREQUENT_INBOUND_POLLS = { INBOUND_POLL_INTERVAL_OVERRIDE_SECONDS: '2', INBOUND_POLL_OVERLAP_SECONDS: '2' } as const;

export interface DemoSystemOptions extends Pick<DemoTenantOptions, 'debounceSeconds'> {
  /**
   * sync-engine's variables besides (or instead of) the ones every demo system gives it: its Bulk
   * Write upload host for the sandbox (as `npm start` does), and a worker that ticks and an
   * outbound batch that lingers 50 ms, so that tests do not wait for production's pacing.
   */
  readonly syncEngineEnvironment?: Record<string, string>;
  /** As {@link startLocalSystem}'s: where a service's log lines go instead of stdout. */
  readonly logSinks?: LocalSystemOptions['logSinks'];
  /** As {@link startLocalSystem}'s: services the test runs itself, by base URL (start them in `beforeIntegration`). */
  readonly externalServices?: LocalSystemOptions['externalServices'];
  /**
   * Runs once the system is up, before the demo integration is set up: deals seeded in the demo
   * org now are there for the initial import, a topic recorded from now hears it, a service run
   * outside the system starts now.
   */
  readonly beforeIntegration?: (parts: DemoSystemParts) => Promise<void>;
}

/**
 * Starts what most e2e specs run against: a throwaway database, the Zoho sandbox with its demo
 * org, every service and the gateway ({@link startLocalSystem}, auth-connector connecting to the
 * sandbox), and a new tenant whose admin set up `npm start`'s demo integration through the
 * gateway. A failure part-way stops what had started before it is thrown.
 *
 * @example
 *   before(async () => {
 *     running = await startDemoSystem({ syncEngineEnvironment: { SYNC_RETRY_MAX_MS: '2000' }, debounceSeconds: 0 });
 *     ({ sandbox, system, graphqlUrl, authorization, demo } = running);
 *   });
 *   after(() => running?.stop());
 */
export async function startDemoSystem(options: DemoSystemOptions = {}): Promise<DemoSystem> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    // Last started, first stopped: the services before the sandbox they call and the database they use.
    while (stops.length > 0) {
      await stops.pop()?.();
    }
  };
  try {
    const database = await createTestDatabase();
    stops.push(() => database.drop());
    const sandbox = await ZohoSandboxProcess.start({ demoOrg: true });
    stops.push(() => sandbox.stop());
    const system = await startLocalSystem(database.url, {
      serviceEnvironment: {
        'auth-connector': { ZOHO_SANDBOX_URL: sandbox.origin },
        'sync-engine': {
          ZOHO_SANDBOX_URL: sandbox.origin,
          SYNC_WORKER_TICK_MS: '50',
          OUTBOUND_LINGER_MS: '50',
          ...options.syncEngineEnvironment,
        },
      },
      ...(options.logSinks ? { logSinks: options.logSinks } : {}),
      ...(options.externalServices ? { externalServices: options.externalServices } : {}),
    });
    stops.push(() => system.close());
    const parts: DemoSystemParts = {
      database,
      sandbox,
      system,
      graphqlUrl: `${system.gateway.url}/graphql`,
      demoOrgId: await sandboxDemoOrgId(sandbox),
    };
    await options.beforeIntegration?.(parts);
    const addDemoTenant = (tenantOptions: DemoTenantOptions = {}): Promise<DemoTenant> => setUpDemoTenant(parts, tenantOptions);
    const first = await addDemoTenant(options);
    return { ...parts, ...first, addDemoTenant, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function setUpDemoTenant({ sandbox, system, graphqlUrl }: DemoSystemParts, options: DemoTenantOptions): Promise<DemoTenant> {
  const tenantId = `tenant-${randomUUID()}`;
  const authorization = `Bearer ${await system.tokenFor({ tenantId, roles: ['admin'] })}`;
  const demo = await setUpDemoIntegration({
    graphqlUrl,
    authorization,
    sandboxOrigin: sandbox.origin,
    ...(options.zohoOrgName === undefined ? {} : { zohoOrgName: options.zohoOrgName }),
  });
  assert.ok(demo, 'a new tenant gets the demo integration');
  if (options.debounceSeconds !== undefined) {
    await setDebounceSeconds(graphqlUrl, authorization, demo.integration.id, options.debounceSeconds, (sql, parameters) =>
      system.dataSource('sync-engine').query(sql, parameters),
    );
  }
  return { tenantId, authorization, demo };
}
