import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { connectSandboxOrg, eventually, ZohoSandboxProcess, type ConnectedSandboxOrg, type SandboxOrgHandle } from '@crm-bridge/testing';
import { ZohoNotificationRejectedError, ZohoValidationError } from '../errors/zoho-errors';
import { verifyZohoNotification, type ZohoNotification } from './zoho-notifications-client';

describe('metadata, notifications and bulk write against the sandbox', () => {
  let sandbox: ZohoSandboxProcess;
  let org: SandboxOrgHandle;
  let connected: ConnectedSandboxOrg;
  let receiver: Server;
  let receiverUrl: string;
  const verified: ZohoNotification[] = [];
  const rejected: string[] = [];
  const channelTokens = new Map([['1000000068001', 'channel-secret-1']]);

  before(async () => {
    // A notify URL that verifies like a real receiver: unknown channel or wrong token → 403.
    receiver = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        try {
          verified.push(verifyZohoNotification(JSON.parse(text), (channelId) => channelTokens.get(channelId)));
          response.writeHead(200).end();
        } catch (error) {
          rejected.push(error instanceof ZohoNotificationRejectedError ? (error.field ?? '') : String(error));
          response.writeHead(403).end();
        }
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/zoho/notify`;
    sandbox = await ZohoSandboxProcess.start();
    org = await sandbox.createOrg({ location: 'eu', timeZone: 'Europe/Berlin' });
    connected = await connectSandboxOrg(sandbox, org, { timeZone: 'Europe/Berlin' });
  });
  after(async () => {
    await sandbox.stop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  test('metadata is cached per org with a TTL; invalidate forces a fresh read', async () => {
    const credits = async (): Promise<number> => (await sandbox.orgState(org)).credits.used;
    const start = await credits();
    const [first, second] = await Promise.all([
      connected.zoho.metadata.org(connected.orgRef),
      connected.zoho.metadata.org(connected.orgRef),
    ]);
    assert.equal(first.time_zone, 'Europe/Berlin');
    assert.equal(second, first, 'concurrent readers share one call');
    assert.equal(await credits(), start + 1);
    const fields = await connected.zoho.metadata.fields(connected.orgRef, 'Deals');
    assert.ok(fields.some((field) => field.api_name === 'Stage' && field.data_type === 'picklist'));
    await connected.zoho.metadata.fields(connected.orgRef, 'Deals');
    assert.equal(await credits(), start + 2, 'the second fields read came from the cache');
    connected.zoho.metadata.invalidate(connected.orgRef, 'fields');
    await connected.zoho.metadata.fields(connected.orgRef, 'Deals');
    await connected.zoho.metadata.org(connected.orgRef);
    assert.equal(await credits(), start + 3, 'only the invalidated kind was read again');

    const modules = await connected.zoho.metadata.modules(connected.orgRef);
    assert.ok(modules.some((module) => module.api_name === 'Deals'));
    const [layout] = await connected.zoho.metadata.layouts(connected.orgRef, 'Deals');
    assert.ok(layout);
    const pipelines = await connected.zoho.metadata.pipelines(connected.orgRef, layout.id);
    assert.ok(pipelines[0]?.maps.some((stage) => stage.actual_value === 'Qualification'));
    const user = await connected.zoho.metadata.currentUser(connected.orgRef);
    assert.equal(user.id, org.primaryUserId);
  });

  test('notifications: enable, receive and verify a real POST, renew before expiry, disable', async () => {
    const expiresAt = Date.now() + 2 * 3600_000;
    const [enabled] = await connected.zoho.notifications.enable(connected.orgRef, [
      { channelId: '1000000068001', events: ['Leads.all'], notifyUrl: receiverUrl, token: 'channel-secret-1', expiresAt },
    ]);
    assert.equal(enabled?.channelId, '1000000068001');
    assert.ok(Math.abs((enabled?.expiresAt ?? 0) - expiresAt) < 2_000, 'Zoho granted the expiry asked for (seconds precision)');

    const [created] = await connected.zoho.records.insert(connected.orgRef, 'Leads', [{ Last_Name: 'Watched' }]);
    const id = (created as { id: string }).id;
    await eventually(() => assert.ok(verified.some((notification) => notification.ids.includes(id))));
    const notification = verified.find((candidate) => candidate.ids.includes(id)) as ZohoNotification;
    assert.deepEqual(
      { module: notification.module, operation: notification.operation, channelId: notification.channelId },
      {
        module: 'Leads',
        operation: 'insert',
        channelId: '1000000068001',
      },
    );

    assert.equal(
      await connected.zoho.notifications.renewIfDue(connected.orgRef, {
        channelId: '1000000068001',
        events: ['Leads.all'],
        notifyUrl: receiverUrl,
        token: 'channel-secret-1',
        expiresAt,
      }),
      null,
      'two hours left is not due',
    );
    const renewed = await connected.zoho.notifications.renewIfDue(
      connected.orgRef,
      { channelId: '1000000068001', events: ['Leads.all'], notifyUrl: receiverUrl, token: 'channel-secret-1', expiresAt },
      { renewBeforeMs: 3 * 3600_000, lifetimeMs: 24 * 3600_000 },
    );
    assert.ok(renewed && renewed.expiresAt > expiresAt + 20 * 3600_000, 'renewed for another day');

    const listed = await connected.zoho.notifications.channels(connected.orgRef, { module: 'Leads' });
    assert.deepEqual(
      listed.map((channel) => ({ ...channel, expiresAt: Math.abs(channel.expiresAt - (renewed?.expiresAt ?? 0)) < 2_000 })),
      [{ channelId: '1000000068001', events: ['Leads.all'], notifyUrl: receiverUrl, expiresAt: true }],
      'the renewed channel is listed with its new expiry',
    );
    assert.deepEqual(await connected.zoho.notifications.channels(connected.orgRef, { channelId: '1000000068099' }), [], '204: none');

    // A channel whose token the receiver does not know is refused by the receiver.
    await connected.zoho.notifications.enable(connected.orgRef, [
      { channelId: '1000000068002', events: ['Contacts.create'], notifyUrl: receiverUrl, token: 'forged', expiresAt },
    ]);
    await connected.zoho.records.insert(connected.orgRef, 'Contacts', [{ Last_Name: 'Unwatched' }]);
    await eventually(() => assert.ok(rejected.includes('channel_id')));

    // Zoho refuses a channel element (HTTP 400 with watch[]): a typed error naming the field.
    await assert.rejects(
      connected.zoho.notifications.enable(connected.orgRef, [
        { channelId: '1000000068003', events: ['Leads.all'], notifyUrl: 'ftp://files.example/notify', token: 't', expiresAt },
      ]),
      (error: unknown) => error instanceof ZohoValidationError && error.code === 'INVALID_DATA' && error.field === 'notify_url',
    );

    await connected.zoho.notifications.disable(connected.orgRef, ['1000000068001', '1000000068002']);
    const seen = verified.length;
    await connected.zoho.records.insert(connected.orgRef, 'Leads', [{ Last_Name: 'After disable' }]);
    const deliveries = await sandbox.admin<{ deliveries?: unknown[]; channels?: unknown[] }>('GET', `/orgs/${org.id}/notifications`);
    assert.deepEqual(deliveries.channels ?? [], [], 'no live channels');
    assert.equal(verified.length, seen);
  });

  test('bulk write: upsert 300 rows by a unique field through upload + job, one outcome per row', async () => {
    await sandbox.addField(org, 'Accounts', { apiName: 'Partner_Number', dataType: 'text', unique: true });
    const rows = Array.from({ length: 300 }, (_, index) => ({
      Account_Name: index === 150 ? '' : `Bulk Account ${index}`,
      Partner_Number: `PN-${index}`,
    }));
    const outcomes = await connected.zoho.bulk.write(connected.orgRef, rows, {
      module: 'Accounts',
      operation: 'upsert',
      findBy: 'Partner_Number',
      pollIntervalMs: 100,
    });
    assert.equal(outcomes.length, 300);
    assert.equal(outcomes.filter((outcome) => outcome.status === 'success').length, 299);
    const failed = outcomes.find((outcome) => outcome.status === 'error');
    assert.equal(failed?.index, 150);
    // Bulk read with JSON criteria reads back just what matches.
    const matched: string[] = [];
    for await (const row of connected.zoho.bulk.read(connected.orgRef, {
      module: 'Accounts',
      fields: ['Account_Name', 'Partner_Number'],
      criteria: {
        group_operator: 'or',
        group: [
          { field: { api_name: 'Partner_Number' }, comparator: 'equal', value: 'PN-5' },
          { field: { api_name: 'Partner_Number' }, comparator: 'equal', value: 'PN-7' },
        ],
      },
      pollIntervalMs: 100,
    })) {
      matched.push(`${row['Partner_Number']}=${row['Account_Name']}`);
    }
    assert.deepEqual(matched.sort(), ['PN-5=Bulk Account 5', 'PN-7=Bulk Account 7']);

    const again = await connected.zoho.bulk.write(connected.orgRef, [{ Account_Name: 'Renamed 0', Partner_Number: 'PN-0' }], {
      module: 'Accounts',
      operation: 'upsert',
      findBy: 'Partner_Number',
      pollIntervalMs: 100,
    });
    assert.deepEqual(
      again.map((outcome) => (outcome.status === 'success' ? [outcome.action, outcome.id] : outcome.message)),
      [['updated', (outcomes[0] as { id: string }).id]],
    );
  });
});
