import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { SandboxTestContext } from '../testing/sandbox-test-context';
import { ZohoSandbox } from '../zoho-sandbox.server';
import { SnapshotFormatError } from './sandbox-snapshot';

describe('snapshot file', () => {
  const directory = mkdtempSync(join(tmpdir(), 'zoho-sandbox-snapshot-'));
  after(() => rmSync(directory, { recursive: true, force: true }));

  test('a restarted sandbox keeps orgs, metadata, records, tokens and channels, and never reissues an id', async () => {
    const snapshotFile = join(directory, 'sandbox.json');
    const first = await SandboxTestContext.start({ snapshotFile });
    const org = await first.newOrg('eu', { companyName: 'Persistent GmbH' });
    const zoho = await first.connect(org, ['ZohoCRM.modules.ALL', 'ZohoCRM.org.ALL', 'ZohoCRM.notifications.ALL']);
    await first.admin('POST', `/orgs/${org.id}/modules/Deals/fields`, { apiName: 'Portal_Id', dataType: 'text', unique: true });
    const [dealId] = await first.seed(org, 'Deals', [
      { Deal_Name: 'Kept', Pipeline: 'Standard', Stage: 'Qualification', Portal_Id: 'P-9' },
    ]);
    await first.api(zoho, 'POST', '/crm/v8/actions/watch', {
      watch: [{ channel_id: 77, events: ['Deals.all'], notify_url: 'http://127.0.0.1:9/never' }],
    });
    await first.admin('POST', '/clock/advance', { seconds: 600 });
    await first.stop();
    assert.equal(first.sandbox.restored, false);

    const second = await SandboxTestContext.start({ snapshotFile });
    try {
      assert.equal(second.sandbox.restored, true);
      const apiDomain = second.sandbox.urls('eu').apiDomain;
      const connection = { accessToken: zoho.accessToken, apiDomain };
      assert.equal((await second.api(connection, 'GET', '/crm/v8/org')).body.org[0].company_name, 'Persistent GmbH');
      const deal = await second.api(connection, 'GET', `/crm/v8/Deals/${dealId as string}?fields=Deal_Name,Portal_Id`);
      assert.deepEqual(deal.body.data[0], { Deal_Name: 'Kept', Portal_Id: 'P-9', id: dealId });
      assert.equal((await second.api(connection, 'GET', '/crm/v8/actions/watch?channel_id=77')).status, 200);
      const refreshed = await second.form(`${second.sandbox.urls('eu').accountsServer}/oauth/v2/token`, {
        grant_type: 'refresh_token',
        client_id: zoho.clientId,
        client_secret: zoho.clientSecret,
        refresh_token: zoho.refreshToken,
      });
      assert.equal(typeof refreshed.body.access_token, 'string');
      const inserted = await second.api(connection, 'POST', '/crm/v8/Deals', {
        data: [{ Deal_Name: 'New', Pipeline: 'Standard', Stage: 'Qualification' }],
      });
      assert.ok(BigInt(inserted.body.data[0].details.id as string) > BigInt(dealId as string));
      // The clock kept its advance: the access token minted 10 minutes "ago" expires 50 minutes later.
      await second.admin('POST', '/clock/advance', { seconds: 3000 });
      assert.equal((await second.api(connection, 'GET', '/crm/v8/org')).status, 401);
    } finally {
      await second.stop();
    }
  });

  test('a file that is not a snapshot stops the start with a clear error', async () => {
    const broken = join(directory, 'broken.json');
    writeFileSync(broken, '{"hello":"world"}');
    await assert.rejects(
      ZohoSandbox.start({ port: 0, snapshotFile: broken }),
      (error: unknown) => error instanceof SnapshotFormatError && /not a version 1 sandbox snapshot/.test(error.message),
    );
  });
});
