import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connectSandboxOrg, ZohoSandboxProcess } from '@crm-bridge/testing';
import { ZohoRateLimitError } from '../errors/zoho-errors';
import type { ZohoExchange } from './zoho-http-client';

describe('onExchange: every attempt sent to Zoho, against the sandbox', () => {
  let sandbox: ZohoSandboxProcess;

  before(async () => {
    sandbox = await ZohoSandboxProcess.start();
  });
  after(() => sandbox.stop());

  test('reports each attempt with its path, status, credits and bodies, and never the token or the host', async () => {
    const org = await sandbox.createOrg({ location: 'us' });
    const exchanges: ZohoExchange[] = [];
    const connected = await connectSandboxOrg(sandbox, org, {
      orgRef: 'org-observed',
      onExchange: (exchange) => exchanges.push(exchange),
      retry: { maxRateLimitRetries: 1, baseDelayMs: 1, maxDelayMs: 5 },
    });
    const [created] = await connected.zoho.records.insert(connected.orgRef, 'Leads', [{ Last_Name: 'Observed' }]);
    assert.equal(created?.status, 'success');

    assert.equal(exchanges.length, 1);
    const [insert] = exchanges;
    assert.deepEqual(
      { ...insert, durationMs: typeof insert?.durationMs, responseBody: typeof insert?.responseBody },
      {
        orgRef: 'org-observed',
        operation: 'records.insert',
        method: 'POST',
        path: '/crm/v8/Leads',
        query: {},
        status: 201,
        durationMs: 'number',
        errorCode: null,
        credits: 1,
        requestBody: insert?.requestBody,
        responseBody: 'object',
      },
    );
    assert.deepEqual((insert?.requestBody as { data: unknown[] }).data, [{ Last_Name: 'Observed' }]);

    await sandbox.setFaults(org, { errorRates: { '429': 1 } });
    await assert.rejects(connected.zoho.records.get(connected.orgRef, 'Leads', '1234567890123456789'), ZohoRateLimitError);
    // The first attempt and its one retry, each refused and charged nothing.
    assert.deepEqual(
      exchanges.slice(1).map(({ operation, status, errorCode, credits }) => ({ operation, status, errorCode, credits })),
      [
        { operation: 'records.get', status: 429, errorCode: 'TOO_MANY_REQUESTS', credits: 0 },
        { operation: 'records.get', status: 429, errorCode: 'TOO_MANY_REQUESTS', credits: 0 },
      ],
    );

    const accessToken = (await connected.tokens.accessToken(connected.orgRef)).token;
    const reported = JSON.stringify(exchanges);
    assert.ok(!reported.includes(accessToken), 'the access token is never reported');
    assert.ok(!reported.includes(sandbox.origin.replace(/^https?:\/\//, '')), 'nor the API host');
  });

  test("a listener that throws changes nothing about the call's outcome", async () => {
    const org = await sandbox.createOrg({ location: 'us' });
    const connected = await connectSandboxOrg(sandbox, org, {
      onExchange: () => {
        throw new Error('listener broke');
      },
    });
    const [created] = await connected.zoho.records.insert(connected.orgRef, 'Leads', [{ Last_Name: 'Still fine' }]);
    assert.equal(created?.status, 'success');
  });
});
