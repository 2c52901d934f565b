import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Topics } from '@crm-bridge/contracts';
import { eventually, postGraphql, TopicRecorder, type ZohoSandboxProcess } from '@crm-bridge/testing';
import { startDemoSystem, type DemoSystem } from './support/demo-system';
import type { LocalSystem } from './support/local-system';

interface ChannelRow {
  channel_id: string;
  notify_url: string;
  token_hash: string | null;
  pending_token_hash: string | null;
  previous_token_hash: string | null;
  expires_at: Date | null;
  enabled_at: Date | null;
  renewed_at: Date | null;
  last_error: string | null;
}

interface SandboxChannel {
  channelId: string;
  events: string[];
  notifyUrl: string;
  token: string;
  expiresAt: string;
}

interface SandboxDelivery {
  channelId: string;
  payload: { ids: string[]; operation: string };
  status: number | null;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
// Short lifetimes so renewal happens within the test; checks every second so a lost channel is noticed at once.
const CHANNEL_TIMING = { ZOHO_CHANNEL_LIFETIME_SECONDS: '8', ZOHO_CHANNEL_RENEW_BEFORE_SECONDS: '4', ZOHO_CHANNEL_CHECK_SECONDS: '1' };

describe('Zoho notification channels for Deals, against the sandbox', () => {
  let running: DemoSystem;
  let sandbox: ZohoSandboxProcess;
  let system: LocalSystem;
  let recorder: TopicRecorder;
  let graphqlUrl: string;
  let authorization: string;
  let integrationId: string;
  let orgId: string;
  let endpoint: string;

  before(async () => {
    running = await startDemoSystem({
      syncEngineEnvironment: CHANNEL_TIMING,
      beforeIntegration: async (parts) => {
        recorder = await new TopicRecorder(parts.system.kafka.kafka, [Topics.zohoNotifications]).start();
      },
    });
    ({ sandbox, system, graphqlUrl, authorization, demoOrgId: orgId } = running);
    endpoint = `${system.services['sync-engine'].url}/zoho/notifications`;
    integrationId = running.demo.integration.id;
  });

  after(async () => {
    await recorder?.stop();
    await running?.stop();
  });

  const channelRow = async (): Promise<ChannelRow | undefined> => {
    const rows = await system
      .dataSource('sync-engine')
      .query<ChannelRow[]>(`SELECT * FROM sync_engine.notification_channels WHERE integration_id = $1`, [integrationId]);
    return rows[0];
  };
  const sandboxState = () =>
    sandbox.admin<{ channels: SandboxChannel[]; deliveries: SandboxDelivery[] }>('GET', `/orgs/${orgId}/notifications`);
  const queuedIds = async (): Promise<string[]> => {
    const rows = await system
      .dataSource('sync-engine')
      .query<{ zoho_record_id: string }[]>(
        `SELECT zoho_record_id FROM sync_engine.notified_zoho_records WHERE integration_id = $1 AND module = 'DEALS'`,
        [integrationId],
      );
    return rows.map((row) => row.zoho_record_id);
  };
  const liveChannel = async (): Promise<{ row: ChannelRow; zoho: SandboxChannel }> => {
    const row = await channelRow();
    assert.ok(row?.expires_at, 'sync-engine has an enabled channel');
    const zoho = (await sandboxState()).channels.find((channel) => channel.channelId === row.channel_id);
    assert.ok(zoho, `the sandbox has channel ${row.channel_id}`);
    return { row, zoho };
  };
  const post = (body: unknown): Promise<Response> =>
    fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  test('after the demo integration is set up, a Deals channel is live in Zoho pointing at the endpoint, its token kept only hashed', async () => {
    const { row, zoho } = await eventually(liveChannel, { timeoutMs: 20_000 });
    assert.deepEqual(zoho.events, ['Deals.all']);
    assert.equal(zoho.notifyUrl, endpoint);
    assert.equal(row.notify_url, endpoint);
    assert.ok(
      [row.token_hash, row.pending_token_hash, row.previous_token_hash].includes(sha256(zoho.token)),
      'the token Zoho holds is one whose hash sync-engine keeps',
    );
    assert.ok(!JSON.stringify(row).includes(zoho.token), 'the token is stored nowhere in clear');
  });

  test('a Deals edit made in Zoho is delivered to the endpoint, published and its id queued for inbound sync', async () => {
    const created = await sandbox.admin<{ results: { record: { id: string } }[] }>('POST', `/orgs/${orgId}/modules/Deals/records`, {
      records: [{ Deal_Name: 'Notified deal', Pipeline: 'Standard', Stage: 'Qualification' }],
    });
    const dealId = created.results[0]?.record.id ?? '';
    assert.ok(dealId);
    await sandbox.admin('PATCH', `/orgs/${orgId}/modules/Deals/records/${dealId}`, { values: { Stage: 'Needs Analysis' } });
    await eventually(
      async () => {
        const deliveries = (await sandboxState()).deliveries.filter((delivery) => delivery.payload.ids.includes(dealId));
        assert.deepEqual(
          deliveries.map((delivery) => [delivery.payload.operation, delivery.status]),
          [
            ['insert', 200],
            ['update', 200],
          ],
        );
        // Queued for inbound sync — or already fetched and applied by it (the row goes with the apply).
        const linked = await system
          .dataSource('sync-engine')
          .query<unknown[]>(`SELECT 1 FROM sync_engine.record_links WHERE integration_id = $1 AND zoho_record_id = $2`, [
            integrationId,
            dealId,
          ]);
        assert.ok((await queuedIds()).includes(dealId) || linked.length === 1, 'the notified id was queued for inbound sync');
      },
      { timeoutMs: 20_000 },
    );
    // Events travel as CloudEvents in binary mode: the envelope in ce_* headers, the data as the value.
    // The outbox relay publishes them a moment after the endpoint answered: wait for both.
    await eventually(() => {
      const events = recorder
        .on(Topics.zohoNotifications)
        .map((record) => ({
          headers: record.headers,
          data: JSON.parse(record.value ?? '{}') as { zohoRecordIds: string[]; operation: string },
        }))
        .filter((event) => event.data.zohoRecordIds.includes(dealId));
      assert.deepEqual(
        events.map((event) => [event.headers['ce_type'], event.headers['ce_integrationid'], event.data.operation]),
        [
          ['zoho.notification-received', integrationId, 'CREATED'],
          ['zoho.notification-received', integrationId, 'UPDATED'],
        ],
      );
    });
    const [keyed] = recorder.on(Topics.zohoNotifications);
    assert.equal(keyed?.key, integrationId, 'keyed by integration');
  });

  test('a forged token, an unknown channel and a malformed body are refused and queue nothing', async () => {
    const { row } = await liveChannel();
    const notification = {
      server_time: Date.now(),
      query_params: {},
      module: 'Deals',
      ids: ['9990000000000001'],
      affected_fields: [],
      operation: 'update',
      channel_id: row.channel_id,
      token: 'forged-token',
    };
    const published = recorder.on(Topics.zohoNotifications).length;
    const forged = await post(notification);
    assert.equal(forged.status, 403);
    assert.deepEqual(await forged.json(), {
      code: 'NOTIFICATION_REFUSED',
      message: 'the notification names no channel of ours or carries the wrong token',
    });
    assert.equal((await post({ ...notification, channel_id: '123456789012345678' })).status, 403);
    const malformed = await post({ ...notification, ids: 'all of them' });
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as { field: string }).field, 'ids');
    assert.equal((await post([notification])).status, 400);
    const oversized = await post({ ...notification, padding: 'x'.repeat(100_000) });
    assert.equal(oversized.status, 413, 'a body far larger than any notification is refused unread');
    // Give a wrongly accepted notification time to travel through Kafka before asserting nothing came.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.ok(!(await queuedIds()).includes('9990000000000001'));
    assert.equal(recorder.on(Topics.zohoNotifications).length, published, 'nothing published');
  });

  test('a channel renews before it expires, with Zoho given a fresh token', async () => {
    const before = await liveChannel();
    const renewed = await eventually(
      async () => {
        const { row, zoho } = await liveChannel();
        assert.ok(row.renewed_at && row.expires_at && before.row.expires_at && row.expires_at > before.row.expires_at, 'renewed');
        return { row, zoho };
      },
      { timeoutMs: 20_000 },
    );
    assert.equal(renewed.row.channel_id, before.row.channel_id, 'the same channel');
    assert.notEqual(renewed.zoho.token, before.zoho.token);
    assert.ok(new Date(renewed.zoho.expiresAt).getTime() > Date.now(), 'still live in Zoho');
  });

  test('a channel Zoho lost is re-created', async () => {
    const { row } = await liveChannel();
    const lostAt = new Date();
    await sandbox.admin('DELETE', `/orgs/${orgId}/notifications/channels/${row.channel_id}`);
    await eventually(
      async () => {
        const { row: recreated, zoho } = await liveChannel();
        assert.ok(recreated.enabled_at && recreated.enabled_at > lostAt, 'enabled anew after the loss');
        assert.equal(recreated.last_error, null);
        assert.equal(zoho.notifyUrl, endpoint);
        assert.deepEqual(zoho.events, ['Deals.all']);
      },
      { timeoutMs: 20_000 },
    );
  });

  test('disabling the integration disables the channel in Zoho and forgets it', async () => {
    const answer = await postGraphql(
      graphqlUrl,
      `mutation($input: UpdateIntegrationSettingsInput!) { updateIntegrationSettings(input: $input) { integration { id enabled } } }`,
      { headers: { authorization }, variables: { input: { integrationId, enabled: false } } },
    );
    assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
    await eventually(
      async () => {
        assert.equal(await channelRow(), undefined);
        assert.deepEqual((await sandboxState()).channels, []);
      },
      { timeoutMs: 20_000 },
    );
  });
});
