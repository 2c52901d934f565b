/* eslint-disable @typescript-eslint/no-unsafe-assignment -- contract tests read Zoho's untyped JSON bodies */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SandboxTestContext, type TestOrg } from '../testing/sandbox-test-context';

describe('limits and fault injection', () => {
  let ctx: SandboxTestContext;

  before(async () => {
    ctx = await SandboxTestContext.start();
  });
  after(() => ctx.stop());

  async function freshOrg(): Promise<TestOrg> {
    return ctx.newOrg('au');
  }

  test('credits: X-API-CREDITS-REMAINING from half the allowance, 429 when spent, back 24 h later', async () => {
    const org = await freshOrg();
    const zoho = await ctx.connect(org);
    assert.equal((await ctx.admin('PUT', `/orgs/${org.id}/limits`, { creditAllowance: 6 })).body.credits.limit, 6);
    const first = await ctx.api(zoho, 'GET', '/crm/v8/org');
    assert.equal(first.headers.get('x-api-credits-remaining'), null, 'not sent below half the allowance');
    await ctx.api(zoho, 'GET', '/crm/v8/org');
    const third = await ctx.api(zoho, 'GET', '/crm/v8/org');
    assert.equal(third.headers.get('x-api-credits-remaining'), '3');
    // A 25-record insert costs 3 credits (1 per 10 records).
    const insert = await ctx.api(zoho, 'POST', '/crm/v8/Leads', {
      data: Array.from({ length: 25 }, (_, index) => ({ Last_Name: `L${index}` })),
    });
    assert.equal(insert.status, 201);
    assert.equal(insert.headers.get('x-api-credits-remaining'), '0');
    const refused = await ctx.api(zoho, 'GET', '/crm/v8/org');
    assert.equal(refused.status, 429);
    assert.equal(refused.body.code, 'TOO_MANY_REQUESTS');
    assert.equal((await ctx.admin('GET', `/orgs/${org.id}`)).body.credits.used, 6, 'a refused call is not charged');

    await ctx.admin('POST', '/clock/advance', { seconds: 24 * 3600 });
    const renewed = await ctx.connect(org);
    assert.equal((await ctx.api(renewed, 'GET', '/crm/v8/org')).status, 200);
  });

  test('limits: a new edition and licence count are what /org reports and set the allowance; the count can be left out of /org', async () => {
    const org = await freshOrg();
    const zoho = await ctx.connect(org);
    const licenceDetails = async (): Promise<Record<string, unknown>> => {
      const { body } = await ctx.api(zoho, 'GET', '/crm/v8/org');
      return (body as { org: { license_details: Record<string, unknown> }[] }).org[0]!.license_details;
    };
    assert.deepEqual(
      [(await licenceDetails()).paid_type, (await licenceDetails()).users_license_purchased],
      ['enterprise', 10],
      'a new org: Enterprise with 10 licences',
    );
    const set = await ctx.admin('PUT', `/orgs/${org.id}/limits`, { edition: 'ultimate', userLicences: 200 });
    assert.deepEqual(
      [set.body.edition, set.body.userLicences, set.body.userLicencesReported, set.body.credits.limit],
      ['ultimate', 200, true, 50_000 + 2_000 * 200],
    );
    const reported = await licenceDetails();
    assert.deepEqual([reported.paid_type, reported.users_license_purchased, reported.paid], ['ultimate', 200, true]);

    const unreported = await ctx.admin('PUT', `/orgs/${org.id}/limits`, { userLicencesReported: false });
    assert.deepEqual([unreported.body.userLicencesReported, unreported.body.credits.limit], [false, 450_000]);
    const withoutCount = await licenceDetails();
    assert.equal(withoutCount.paid_type, 'ultimate');
    assert.equal('users_license_purchased' in withoutCount, false);
    await ctx.admin('PUT', `/orgs/${org.id}/limits`, { userLicencesReported: true });
    assert.equal((await licenceDetails()).users_license_purchased, 200);
  });

  test('concurrency: calls over the org limit are refused at once with 429, not queued', async () => {
    const org = await freshOrg();
    const zoho = await ctx.connect(org);
    await ctx.admin('PUT', `/orgs/${org.id}/limits`, { concurrencyLimit: 3 });
    await ctx.admin('PUT', `/orgs/${org.id}/faults`, { latencyMs: 300 });
    const started = Date.now();
    const responses = await Promise.all(Array.from({ length: 5 }, () => ctx.api(zoho, 'GET', '/crm/v8/org')));
    assert.deepEqual(responses.map((response) => response.status).sort(), [200, 200, 200, 429, 429]);
    assert.ok(Date.now() - started >= 300, 'latency was injected');
    assert.equal((await ctx.api(zoho, 'GET', '/crm/v8/org')).status, 200, 'slots are released after each call');
  });

  test('heavy calls (writes of more than 10 records) share a sub-concurrency pool of 10', async () => {
    const org = await freshOrg();
    const zoho = await ctx.connect(org);
    await ctx.admin('PUT', `/orgs/${org.id}/limits`, { concurrencyLimit: 50 });
    await ctx.admin('PUT', `/orgs/${org.id}/faults`, { latencyMs: 300 });
    const batch = { data: Array.from({ length: 11 }, (_, index) => ({ Last_Name: `H${index}` })) };
    const heavy = Promise.all(Array.from({ length: 11 }, () => ctx.api(zoho, 'POST', '/crm/v8/Leads', batch)));
    const light = ctx.api(zoho, 'POST', '/crm/v8/Leads', { data: [{ Last_Name: 'light' }] });
    const statuses = (await heavy).map((response) => response.status).sort();
    assert.deepEqual(statuses, [...Array.from({ length: 10 }, () => 201), 429]);
    assert.equal((await light).status, 201);
  });

  test('injected errors by status, and jitter, per org only', async () => {
    const org = await freshOrg();
    const other = await freshOrg();
    const zoho = await ctx.connect(org);
    const otherZoho = await ctx.connect(other);
    const set = await ctx.admin('PUT', `/orgs/${org.id}/faults`, { errorRates: { '500': 1 } });
    assert.equal(set.status, 200);
    const failed = await ctx.api(zoho, 'GET', '/crm/v8/org');
    assert.deepEqual(
      { status: failed.status, body: failed.body },
      {
        status: 500,
        body: { code: 'INTERNAL_ERROR', details: {}, message: 'Internal server error occurred.', status: 'error' },
      },
    );
    assert.equal((await ctx.api(otherZoho, 'GET', '/crm/v8/org')).status, 200);
    await ctx.admin('PUT', `/orgs/${org.id}/faults`, { errorRates: { '429': 1 } });
    assert.equal((await ctx.api(zoho, 'GET', '/crm/v8/org')).status, 429);
    await ctx.admin('DELETE', `/orgs/${org.id}/faults`);
    assert.equal((await ctx.api(zoho, 'GET', '/crm/v8/org')).status, 200);
    const invalid = await ctx.admin('PUT', `/orgs/${org.id}/faults`, { errorRates: { '502': 0.5 } });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.error.field, 'errorRates');
  });

  test('jitter adds up to jitterMs; error rates are probabilities drawn per call', async () => {
    let nextRandom = 0.9;
    const seeded = await SandboxTestContext.start({ random: () => nextRandom });
    try {
      const org = await seeded.newOrg('au');
      const zoho = await seeded.connect(org);
      await seeded.admin('PUT', `/orgs/${org.id}/faults`, { jitterMs: 300, errorRates: { '503': 0.5 } });
      let started = Date.now();
      assert.equal((await seeded.api(zoho, 'GET', '/crm/v8/org')).status, 200, 'a draw of 0.9 is above the 0.5 error rate');
      assert.ok(Date.now() - started >= 250, 'a draw of 0.9 delays by 0.9 × 300 ms');
      nextRandom = 0.1;
      started = Date.now();
      const failed = await seeded.api(zoho, 'GET', '/crm/v8/org');
      assert.deepEqual({ status: failed.status, code: failed.body.code }, { status: 503, code: 'INTERNAL_ERROR' });
      assert.ok(Date.now() - started < 250, 'a draw of 0.1 delays by only 30 ms');
    } finally {
      await seeded.stop();
    }
  });

  test('token faults: forced expiry keeps refresh working; revocation kills both', async () => {
    const org = await freshOrg();
    const zoho = await ctx.connect(org);
    assert.equal((await ctx.admin('POST', `/orgs/${org.id}/tokens/expire`)).body.expired, 1);
    assert.equal((await ctx.api(zoho, 'GET', '/crm/v8/org')).body.code, 'INVALID_TOKEN');
    const refresh = () =>
      ctx.form(`${org.accountsServer}/oauth/v2/token`, {
        grant_type: 'refresh_token',
        client_id: zoho.clientId,
        client_secret: zoho.clientSecret,
        refresh_token: zoho.refreshToken,
      });
    const refreshed = await refresh();
    assert.equal((await ctx.api({ accessToken: refreshed.body.access_token, apiDomain: org.apiDomain }, 'GET', '/crm/v8/org')).status, 200);
    await ctx.admin('POST', `/orgs/${org.id}/tokens/revoke`);
    assert.equal((await ctx.api({ accessToken: refreshed.body.access_token, apiDomain: org.apiDomain }, 'GET', '/crm/v8/org')).status, 401);
    assert.deepEqual((await refresh()).body, { error: 'invalid_code' });
  });
});
