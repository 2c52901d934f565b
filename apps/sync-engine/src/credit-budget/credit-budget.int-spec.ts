import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { IntegrationSettings } from '@crm-bridge/contracts';
import { eventually, newTenantId } from '@crm-bridge/testing';
import { IntegrationWorkEntity } from '../integration-work/integration-work.entity';
import { SyncConnectionEntity } from '../sync-integration/sync-connection.entity';
import { SyncIntegrationEntity } from '../sync-integration/sync-integration.entity';
import { SyncEngineTestContext } from '../sync-engine.test-context';
import { IntegrationCreditsEntity } from './integration-credits.entity';

const CREDITS = `query($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on Integration { id syncCredits { allowance budget used remaining spentLastDay forecastNextDay level reason observedAt } } } }`;

type Credits = {
  allowance: number;
  budget: number;
  used: number;
  remaining: number;
  spentLastDay: number;
  forecastNextDay: number;
  level: string;
  reason: string | null;
  observedAt: string | null;
};

describe("an integration's Zoho credit budget", () => {
  const ctx = SyncEngineTestContext.forSuiteWith({ environment: { SYNC_WORKER_TICK_MS: '50' } });

  /** An integration with a connection to an enterprise org, woken so the worker passes over it. */
  async function connectedIntegration(tenantId: string): Promise<string> {
    const integrationId = randomUUID();
    const connectionId = randomUUID();
    const settings: IntegrationSettings = {
      connectionId,
      name: 'Partner portal',
      enabled: true,
      modules: [{ module: 'DEALS', enabled: true, direction: 'BOTH' }],
      contactTargetModule: 'CONTACTS',
      conflictPolicy: 'LATEST_CHANGE_WINS',
      syncIntervalMinutes: 15,
      debounceSeconds: 0,
      syncRecordsFrom: null,
      timeZone: 'UTC',
    };
    await ctx.store(SyncIntegrationEntity, { tenantId, integrationId, connectionId, settings, settingsSavedAt: new Date() });
    await ctx.store(SyncConnectionEntity, {
      tenantId,
      connectionId,
      state: 'CONNECTED',
      stateReason: null,
      zohoOrgId: `org-${connectionId}`,
      dataCentre: 'EU',
      edition: 'Enterprise',
      apiVersion: 'V8',
      readStrategy: 'AUTOMATIC',
      lastEventAt: new Date(),
    });
    return integrationId;
  }

  const wake = (tenantId: string, integrationId: string) =>
    ctx.store(IntegrationWorkEntity, { tenantId, integrationId, nextWorkAt: new Date(), wakeCount: '1' });
  const creditsOf = async (tenantId: string, integrationId: string) =>
    (
      await ctx.query<{ _entities: { syncCredits: Credits | null }[] }>(tenantId, CREDITS, {
        representations: [{ __typename: 'Integration', id: integrationId }],
      })
    ).data?._entities[0]?.syncCredits ?? null;

  test("a worked integration shows its org's allowance and budget; another tenant sees nothing", async () => {
    const tenantId = newTenantId();
    const integrationId = await connectedIntegration(tenantId);
    assert.equal(await creditsOf(tenantId, integrationId), null);
    await wake(tenantId, integrationId);
    await eventually(async () => assert.ok(await creditsOf(tenantId, integrationId)));
    const credits = await creditsOf(tenantId, integrationId);
    // Enterprise: 50,000 + 1,000 per licence (10 by default) = 60,000; sync may spend 90 % of it.
    assert.deepEqual(
      [credits?.allowance, credits?.budget, credits?.used, credits?.remaining, credits?.spentLastDay, credits?.level, credits?.reason],
      [60_000, 54_000, 0, 54_000, 0, 'NORMAL', null],
    );
    assert.equal(await creditsOf(newTenantId(), integrationId), null);
  });

  test('an org seen close to its budget pauses the integration, and the integration says why', async () => {
    const tenantId = newTenantId();
    const integrationId = await connectedIntegration(tenantId);
    await ctx.store(IntegrationCreditsEntity, {
      tenantId,
      integrationId,
      spentByHour: { [new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString()]: 1_200 },
      allowance: 60_000,
      budget: 54_000,
      orgUsed: 52_000,
      observedAt: new Date(),
    });
    await wake(tenantId, integrationId);
    await eventually(async () => assert.equal((await creditsOf(tenantId, integrationId))?.level, 'PAUSED'));
    const credits = await creditsOf(tenantId, integrationId);
    assert.deepEqual([credits?.remaining, credits?.spentLastDay, credits?.forecastNextDay], [2_000, 1_200, 28_800]);
    assert.match(credits?.reason ?? '', /^2000 of 54000 budgeted Zoho credits left .*: syncing is paused until Zoho releases credits$/);
  });
});
