import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createEvent, type IntegrationSettings } from '@crm-bridge/contracts';
import { EventPublisher } from '@crm-bridge/kafka';
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
  // A publisher only: auth-connector's connection events are what the test sends.
  let publisher: EventPublisher;
  before(async () => {
    publisher = new EventPublisher(ctx.kafka.kafka);
    await publisher.connect();
  });
  after(() => publisher.disconnect());

  function settingsOf(connectionId: string): IntegrationSettings {
    return {
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
  }

  /** An integration with a connection to an enterprise org that did not report its licences, woken so the worker passes over it. */
  async function connectedIntegration(tenantId: string): Promise<string> {
    const integrationId = randomUUID();
    const connectionId = randomUUID();
    const settings = settingsOf(connectionId);
    await ctx.store(SyncIntegrationEntity, { tenantId, integrationId, connectionId, settings, settingsSavedAt: new Date() });
    await ctx.store(SyncConnectionEntity, {
      tenantId,
      connectionId,
      state: 'CONNECTED',
      stateReason: null,
      zohoOrgId: `org-${connectionId}`,
      dataCentre: 'EU',
      edition: 'Enterprise',
      userLicences: null,
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
    // Enterprise: 50,000 + 1,000 per licence (10 when Zoho did not say) = 60,000; sync may spend 90 % of it.
    assert.deepEqual(
      [credits?.allowance, credits?.budget, credits?.used, credits?.remaining, credits?.spentLastDay, credits?.level, credits?.reason],
      [60_000, 54_000, 0, 54_000, 0, 'NORMAL', null],
    );
    assert.equal(await creditsOf(newTenantId(), integrationId), null);
  });

  test("auth-connector's licences set the org's allowance: Zoho One with 200 licences gets Enterprise's 50,000 + 200 × 1,000, and more when connected again with more", async () => {
    const tenantId = newTenantId();
    const integrationId = randomUUID();
    const connectionId = randomUUID();
    await ctx.store(SyncIntegrationEntity, {
      tenantId,
      integrationId,
      connectionId,
      settings: settingsOf(connectionId),
      settingsSavedAt: new Date(),
    });
    const connected = (zohoOrgUserLicences: number) =>
      createEvent('connection.connected', {
        source: 'auth-connector',
        tenantId,
        integrationId: connectionId,
        subject: connectionId,
        correlationId: 'req-licences',
        data: {
          connectionId,
          dataCentre: 'EU',
          apiDomain: 'https://www.zohoapis.eu',
          zohoOrgId: `org-${connectionId}`,
          zohoOrgTimeZone: 'Europe/Berlin',
          grantedScopes: ['ZohoCRM.modules.ALL'],
          // Zoho's paid type for Zoho One: zoho-client's aliases count it as Enterprise.
          zohoOrgEdition: 'Zoho One',
          zohoOrgUserLicences,
          apiVersion: 'V8',
          readStrategy: 'AUTOMATIC',
        },
      });
    await publisher.publish([connected(200)]);
    const connection = () => ctx.service.dataSource.getRepository(SyncConnectionEntity).findOneBy({ connectionId });
    await eventually(async () => assert.equal((await connection())?.userLicences, 200));
    // The connection's own wake makes the worker pass over the integration.
    await eventually(async () => assert.ok(await creditsOf(tenantId, integrationId)));
    const credits = await creditsOf(tenantId, integrationId);
    // Not 60,000 (10 licences by default): 200 licences. Sync may spend 90 % of it.
    assert.deepEqual([credits?.allowance, credits?.budget, credits?.remaining, credits?.level], [250_000, 225_000, 225_000, 'NORMAL']);

    // The org bought licences and was connected again: the running service budgets it anew, no restart.
    await publisher.publish([connected(300)]);
    await eventually(async () => assert.equal((await creditsOf(tenantId, integrationId))?.allowance, 350_000));
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
