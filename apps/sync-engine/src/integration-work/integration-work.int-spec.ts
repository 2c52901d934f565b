import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createEvent, type IntegrationSettings } from '@crm-bridge/contracts';
import { EventPublisher } from '@crm-bridge/kafka';
import { eventually, newTenantId } from '@crm-bridge/testing';
import { SyncConnectionEntity } from '../sync-integration/sync-connection.entity';
import { SyncIntegrationEntity } from '../sync-integration/sync-integration.entity';
import { SyncEngineTestContext } from '../sync-engine.test-context';
import { IntegrationLeaseRepository } from './integration-lease.repository';
import { IntegrationWorkEntity } from './integration-work.entity';

function settingsOf(connectionId: string, overrides: Partial<IntegrationSettings> = {}): IntegrationSettings {
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
    timeZone: 'Europe/Berlin',
    ...overrides,
  };
}

describe('sync-engine keeps integration settings and connections, and leases integration work', () => {
  // No worker ticks during these tests: they drive the leases themselves.
  const ctx = SyncEngineTestContext.forSuiteWith({ environment: { SYNC_WORKER_TICK_MS: '60000' } });
  let publisher: EventPublisher;

  before(async () => {
    publisher = new EventPublisher(ctx.kafka.kafka);
    await publisher.connect();
  });
  after(() => publisher.disconnect());

  const settingsChanged = (tenantId: string, integrationId: string, settings: IntegrationSettings, occurredAt: string) => ({
    ...createEvent('integration.settings-changed', {
      source: 'mapping-config',
      tenantId,
      integrationId,
      subject: integrationId,
      correlationId: 'req-settings',
      data: { ...settings, created: false },
    }),
    occurredAt,
  });
  const workOf = (integrationId: string) => ctx.service.dataSource.getRepository(IntegrationWorkEntity).findOneBy({ integrationId });
  const integrationOf = (integrationId: string) => ctx.service.dataSource.getRepository(SyncIntegrationEntity).findOneBy({ integrationId });

  test('saved settings are kept and wake the integration; an older save arriving late changes nothing', async () => {
    const tenantId = newTenantId();
    const integrationId = randomUUID();
    const connectionId = randomUUID();
    await publisher.publish([
      settingsChanged(tenantId, integrationId, settingsOf(connectionId, { syncIntervalMinutes: 30 }), '2026-12-06T10:00:02.000Z'),
      settingsChanged(tenantId, integrationId, settingsOf(connectionId, { syncIntervalMinutes: 5 }), '2026-12-06T10:00:01.000Z'),
    ]);
    const marker = randomUUID();
    await publisher.publish([settingsChanged(tenantId, marker, settingsOf(connectionId), '2026-12-06T10:00:03.000Z')]);
    await eventually(async () => assert.ok(await integrationOf(marker)));

    const integration = await integrationOf(integrationId);
    assert.equal(integration?.tenantId, tenantId);
    assert.equal(integration?.connectionId, connectionId);
    assert.equal(integration?.settings.syncIntervalMinutes, 30);
    const work = await workOf(integrationId);
    assert.equal(work?.tenantId, tenantId);
    assert.ok(work?.nextWorkAt && work.nextWorkAt.getTime() <= Date.now());
  });

  test("a connection's state follows auth-connector's events and wakes its integrations", async () => {
    const tenantId = newTenantId();
    const integrationId = randomUUID();
    const connectionId = randomUUID();
    const connectionEvent = <TData>(type: 'connection.connected' | 'connection.needs-reauth', data: TData) =>
      createEvent(type, {
        source: 'auth-connector',
        tenantId,
        integrationId: connectionId,
        subject: connectionId,
        correlationId: 'req-connection',
        data: data as never,
      });
    await publisher.publish([settingsChanged(tenantId, integrationId, settingsOf(connectionId), new Date().toISOString())]);
    await eventually(async () => assert.ok(await integrationOf(integrationId)));
    const leases = ctx.service.app.get(IntegrationLeaseRepository);
    // Take the wake away, so the connection's own wake is what the test sees.
    const [claimed] = (await leases.claimDue('test-owner', 60_000, 100)).filter((row) => row.integrationId === integrationId);
    assert.ok(claimed);
    await leases.release('test-owner', claimed, null);
    assert.equal((await workOf(integrationId))?.nextWorkAt, null);

    await publisher.publish([
      connectionEvent('connection.connected', {
        connectionId,
        dataCentre: 'EU',
        apiDomain: 'https://www.zohoapis.eu',
        zohoOrgId: 'org-1',
        zohoOrgTimeZone: 'Europe/Berlin',
        grantedScopes: ['ZohoCRM.modules.ALL'],
        zohoOrgEdition: 'Enterprise',
        apiVersion: 'V8',
        readStrategy: 'AUTOMATIC',
      }),
      connectionEvent('connection.needs-reauth', {
        connectionId,
        zohoOrgId: 'org-1',
        errorCode: 'invalid_code',
        reason: 'the grant was revoked',
      }),
    ]);
    const connections = ctx.service.dataSource.getRepository(SyncConnectionEntity);
    await eventually(async () => assert.equal((await connections.findOneBy({ connectionId }))?.state, 'NEEDS_REAUTH'));
    const connection = await connections.findOneBy({ connectionId });
    assert.deepEqual(
      [connection?.tenantId, connection?.dataCentre, connection?.edition, connection?.stateReason],
      [tenantId, 'EU', 'Enterprise', 'the grant was revoked'],
    );
    assert.ok((await workOf(integrationId))?.nextWorkAt);
  });

  test('one owner at a time: a held lease is not claimed again, a lost one cannot be renewed, and a wake during work survives the release', async () => {
    const tenantId = newTenantId();
    const integrationId = randomUUID();
    await publisher.publish([settingsChanged(tenantId, integrationId, settingsOf(randomUUID()), new Date().toISOString())]);
    await eventually(async () => assert.ok(await workOf(integrationId)));
    const leases = ctx.service.app.get(IntegrationLeaseRepository);
    const mine = <TClaim extends { integrationId: string }>(claims: TClaim[]) =>
      claims.filter((row) => row.integrationId === integrationId);

    const [claimedByA] = mine(await leases.claimDue('instance-a', 60_000, 100));
    assert.ok(claimedByA);
    assert.deepEqual(mine(await leases.claimDue('instance-b', 60_000, 100)), []);

    // A wake while A works: A's computed "nothing due" must not erase it.
    await publisher.publish([settingsChanged(tenantId, integrationId, settingsOf(randomUUID()), new Date().toISOString())]);
    await eventually(async () => assert.notEqual((await workOf(integrationId))?.wakeCount, claimedByA.wakeCount));
    await leases.release('instance-a', claimedByA, null);
    const afterRelease = await workOf(integrationId);
    assert.equal(afterRelease?.leaseOwner, null);
    assert.ok(afterRelease?.nextWorkAt);

    // A lease that ran out is B's to claim, and A can no longer renew or release it.
    const [claimedAgainByA] = mine(await leases.claimDue('instance-a', 1, 100));
    assert.ok(claimedAgainByA);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const [claimedByB] = mine(await leases.claimDue('instance-b', 60_000, 100));
    assert.ok(claimedByB);
    assert.equal(await leases.renew('instance-a', integrationId, 60_000), false);
    await leases.release('instance-a', claimedAgainByA, null);
    assert.equal((await workOf(integrationId))?.leaseOwner, 'instance-b');
    assert.equal(await leases.renew('instance-b', integrationId, 60_000), true);
  });
});
