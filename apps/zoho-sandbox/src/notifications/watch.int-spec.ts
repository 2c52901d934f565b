/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- contract tests read Zoho's untyped JSON bodies */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { eventually } from '@crm-bridge/testing';
import { SandboxTestContext, type TestConnection, type TestOrg } from '../testing/sandbox-test-context';

interface Received {
  path: string;
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- notification payloads are asserted field by field
}

describe('notifications API (actions/watch)', () => {
  let ctx: SandboxTestContext;
  let org: TestOrg;
  let zoho: TestConnection;
  let receiver: Server;
  let receiverUrl: string;
  const received: Received[] = [];

  before(async () => {
    receiver = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        received.push({ path: request.url ?? '', body: JSON.parse(text) as Record<string, unknown> });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    ctx = await SandboxTestContext.start();
    org = await ctx.newOrg('ca');
    zoho = await ctx.connect(org, ['ZohoCRM.modules.ALL', 'ZohoCRM.notifications.ALL']);
  });
  after(async () => {
    await ctx.stop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  const subscribe = (watch: Record<string, unknown>[], method = 'POST') => ctx.api(zoho, method, '/crm/v8/actions/watch', { watch });
  const receivedOn = (path: string): Received[] => received.filter((entry) => entry.path === path);

  test('subscribe answers 201 with per-module event details; API and admin writes are POSTed to notify_url', async () => {
    const response = await subscribe([
      { channel_id: 1000000068001, events: ['Deals.all', 'Contacts.create'], notify_url: `${receiverUrl}/deals`, token: 'verify-me' },
    ]);
    assert.equal(response.status, 201);
    const [element] = response.body.watch;
    assert.equal(element.code, 'SUCCESS');
    assert.equal(element.message, 'Successfully subscribed for actions-watch of the given module');
    assert.deepEqual(
      element.details.events.map((event: { resource_name: string }) => event.resource_name),
      ['Deals', 'Contacts'],
    );
    assert.equal(element.details.events[0].channel_id, '1000000068001');
    assert.equal(element.details.events[0].resource_uri, `${org.apiDomain}/crm/v8/Deals`);

    const inserted = await ctx.api(zoho, 'POST', '/crm/v8/Deals', {
      data: [
        { Deal_Name: 'N1', Pipeline: 'Standard', Stage: 'Qualification' },
        { Deal_Name: 'N2', Pipeline: 'Standard', Stage: 'Qualification' },
      ],
    });
    const ids = inserted.body.data.map((element: { details: { id: string } }) => element.details.id);
    const insert = await eventually(() => {
      const [notification] = receivedOn('/deals');
      assert.ok(notification);
      return notification.body;
    });
    assert.deepEqual(
      { ...insert, server_time: 0 },
      {
        server_time: 0,
        query_params: {},
        module: 'Deals',
        resource_uri: `${org.apiDomain}/crm/v8/Deals`,
        ids,
        affected_fields: [],
        operation: 'insert',
        channel_id: '1000000068001',
        token: 'verify-me',
      },
    );
    assert.equal(typeof insert.server_time, 'number');

    // A salesperson edits the deal in Zoho (admin API): an edit notification with the changed fields.
    await ctx.admin('PATCH', `/orgs/${org.id}/modules/Deals/records/${ids[0] as string}`, { values: { Stage: 'Closed Won' } });
    const edit = await eventually(() => {
      const notification = receivedOn('/deals').find((entry) => entry.body['operation'] === 'update');
      assert.ok(notification);
      return notification.body;
    });
    assert.deepEqual(edit.ids, [ids[0]]);
    assert.deepEqual(edit.affected_fields, [{ [ids[0] as string]: ['Stage', 'Probability'] }]);

    await ctx.api(zoho, 'DELETE', `/crm/v8/Deals?ids=${ids[1] as string}`);
    await eventually(() =>
      assert.ok(receivedOn('/deals').some((entry) => entry.body['operation'] === 'delete' && entry.body['ids'][0] === ids[1])),
    );
    // Leads are not watched by this channel.
    await ctx.api(zoho, 'POST', '/crm/v8/Leads', { data: [{ Last_Name: 'Unwatched' }] });
    const deliveries = (await ctx.admin('GET', `/orgs/${org.id}/notifications`)).body.deliveries as { payload: { module: string } }[];
    assert.ok(deliveries.every((delivery) => delivery.payload.module === 'Deals'));
  });

  test('return_affected_field_values adds the new values; PATCH with _delete_events unsubscribes events', async () => {
    await subscribe([
      {
        channel_id: '2002',
        events: ['Accounts.edit', 'Accounts.create'],
        notify_url: `${receiverUrl}/accounts`,
        return_affected_field_values: true,
      },
    ]);
    const [id] = await ctx.seed(org, 'Accounts', [{ Account_Name: 'Watched' }]);
    await ctx.api(zoho, 'PUT', `/crm/v8/Accounts/${id as string}`, { data: [{ Phone: '123' }] });
    const edit = await eventually(() => {
      const notification = receivedOn('/accounts').find((entry) => entry.body['operation'] === 'update');
      assert.ok(notification);
      return notification.body;
    });
    assert.deepEqual(edit.affected_values, [{ record_id: id, values: { Phone: '123' } }]);

    const patched = await ctx.api(zoho, 'PATCH', '/crm/v8/actions/watch', {
      watch: [{ channel_id: '2002', events: ['Accounts.create'], _delete_events: true }],
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.watch[0].message, 'Successfully removed the subscribe details');
    const listed = await ctx.api(zoho, 'GET', '/crm/v8/actions/watch?channel_id=2002');
    assert.deepEqual(listed.body.watch[0].events, ['Accounts.edit']);

    // PUT replaces every detail: what is not given (the token, the edit event) is gone.
    const replaced = await ctx.api(zoho, 'PUT', '/crm/v8/actions/watch', {
      watch: [{ channel_id: '2002', events: ['Accounts.delete'], notify_url: `${receiverUrl}/replaced` }],
    });
    assert.equal(replaced.body.watch[0].message, 'Successfully updated the subscribe details');
    const afterPut = (await ctx.api(zoho, 'GET', '/crm/v8/actions/watch?channel_id=2002')).body.watch[0];
    assert.deepEqual(
      [afterPut.events, afterPut.notify_url, afterPut.return_affected_field_values],
      [['Accounts.delete'], `${receiverUrl}/replaced`, false],
    );
  });

  test('validation errors per watch object; disable; unknown channels are NOT_SUBSCRIBED', async () => {
    const response = await subscribe([
      { events: ['Deals.all'], notify_url: `${receiverUrl}/x` },
      { channel_id: 3003, events: ['Widgets.all'], notify_url: `${receiverUrl}/x` },
      { channel_id: 3004, events: ['Deals.all'], notify_url: 'ftp://example.com' },
      { channel_id: 3005, events: ['Deals.all'], notify_url: `${receiverUrl}/x`, token: 'x'.repeat(51) },
      { channel_id: 3006, events: ['Deals.edit'], notify_url: `${receiverUrl}/x` },
    ]);
    assert.equal(response.status, 207);
    const [noId, badEvent, badUrl, longToken, ok] = response.body.watch;
    assert.deepEqual(noId, {
      code: 'MANDATORY_NOT_FOUND',
      details: { api_name: 'channel_id', json_path: '$.watch[0].channel_id' },
      message: 'required field not found',
      status: 'error',
    });
    assert.equal(badEvent.details.api_name, 'events');
    assert.equal(badUrl.details.api_name, 'notify_url');
    assert.equal(longToken.details.maximum_length, 50);
    assert.equal(ok.code, 'SUCCESS');

    const disabled = await ctx.api(zoho, 'DELETE', '/crm/v8/actions/watch?channel_ids=3006,9999');
    assert.equal(disabled.status, 207);
    assert.equal(disabled.body.watch[0].message, 'Successfully un-subscribed from actions-watch');
    assert.equal(disabled.body.watch[1].code, 'NOT_SUBSCRIBED');
    assert.equal((await subscribe([{ channel_id: 9999, events: ['Deals.all'] }], 'PUT')).body.watch[0].code, 'NOT_SUBSCRIBED');
    assert.equal((await ctx.api(zoho, 'DELETE', '/crm/v8/actions/watch')).body.code, 'REQUIRED_PARAM_MISSING');
  });

  test('channels expire: one hour by default, and an expiry beyond a week falls back to one hour', async () => {
    const tooFar = new Date(Date.now() + 30 * 24 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    const response = await subscribe([
      { channel_id: 4004, events: ['Leads.create'], notify_url: `${receiverUrl}/leads`, channel_expiry: tooFar },
    ]);
    assert.equal(response.status, 201);
    const expiry = Date.parse(response.body.watch[0].details.events[0].channel_expiry);
    assert.ok(expiry - Date.now() <= 3600_000 + 5_000, 'fell back to one hour');
    await ctx.admin('POST', '/clock/advance', { seconds: 3601 });
    const renewed = await ctx.connect(org, ['ZohoCRM.modules.ALL', 'ZohoCRM.notifications.ALL']);
    assert.equal((await ctx.api(renewed, 'GET', '/crm/v8/actions/watch?channel_id=4004')).status, 204);
    await ctx.api(renewed, 'POST', '/crm/v8/Leads', { data: [{ Last_Name: 'After expiry' }] });
    const deliveries = (await ctx.admin('GET', `/orgs/${org.id}/notifications`)).body.deliveries as { channelId: string }[];
    assert.ok(!deliveries.some((delivery) => delivery.channelId === '4004'));
  });

  test('the admin API can make Zoho lose a channel: it is gone from the list and gets no deliveries', async () => {
    // A fresh connection: the test before moved the clock past the first one's access token.
    const reconnected = await ctx.connect(org, ['ZohoCRM.modules.ALL', 'ZohoCRM.notifications.ALL']);
    const subscribed = await ctx.api(reconnected, 'POST', '/crm/v8/actions/watch', {
      watch: [{ channel_id: 5005, events: ['Leads.all'], notify_url: `${receiverUrl}/lost`, token: 'lost-token' }],
    });
    assert.equal(subscribed.status, 201);
    const lost = await ctx.admin('DELETE', `/orgs/${org.id}/notifications/channels/5005`);
    assert.equal(lost.status, 204);
    assert.equal((await ctx.admin('DELETE', `/orgs/${org.id}/notifications/channels/5005`)).status, 404, 'already gone');
    assert.equal((await ctx.api(reconnected, 'GET', '/crm/v8/actions/watch?channel_id=5005')).status, 204);
    await ctx.api(reconnected, 'POST', '/crm/v8/Leads', { data: [{ Last_Name: 'After loss' }] });
    const deliveries = (await ctx.admin('GET', `/orgs/${org.id}/notifications`)).body.deliveries as { channelId: string }[];
    assert.ok(!deliveries.some((delivery) => delivery.channelId === '5005'));
    assert.deepEqual(receivedOn('/lost'), []);
  });
});
