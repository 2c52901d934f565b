import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { connectSandboxOrg, ZohoSandboxProcess } from '@crm-bridge/testing';
import { ZohoCreditBudgetError, ZohoDeadlineError, ZohoNetworkError, ZohoRateLimitError, ZohoServerError } from '../errors/zoho-errors';
import { ZohoClient } from '../zoho-client';

/** The value of one counter series in a registry's exposition text (0 when absent). */
async function counter(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  const series = metric?.values.find((value) => Object.entries(labels).every(([key, expected]) => value.labels[key] === expected));
  return series?.value ?? 0;
}

describe('limits, retries and deadlines against the sandbox', () => {
  let sandbox: ZohoSandboxProcess;

  before(async () => {
    sandbox = await ZohoSandboxProcess.start();
  });
  after(() => sandbox.stop());

  test('edition-aware concurrency: 25 slow calls on a Free org (5 slots) queue in the client and draw no 429', async () => {
    const org = await sandbox.createOrg({ location: 'us', edition: 'free' });
    const registry = new Registry();
    const connected = await connectSandboxOrg(sandbox, org, { limits: { edition: 'free' }, metricsRegistry: registry });
    await sandbox.setFaults(org, { latencyMs: 150 });
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 25 }, () => connected.zoho.records.get(connected.orgRef, 'Leads', '1234567890123456789')),
    );
    assert.equal(results.length, 25);
    assert.equal(await counter(registry, 'crm_bridge_zoho_api_errors_total', { code: 'TOO_MANY_REQUESTS' }), 0);
    // 25 calls through 5 slots at 150 ms each take at least 5 rounds.
    assert.ok(Date.now() - started >= 5 * 150 - 50, `took ${Date.now() - started} ms`);
  });

  test('heavy calls use the pool of 10: 15 concurrent 11-record inserts on an Enterprise org draw no 429', async () => {
    const org = await sandbox.createOrg({ location: 'us', edition: 'enterprise' });
    const registry = new Registry();
    const connected = await connectSandboxOrg(sandbox, org, { metricsRegistry: registry });
    await sandbox.setFaults(org, { latencyMs: 200 });
    const batches = await Promise.all(
      Array.from({ length: 15 }, (_, batch) =>
        connected.zoho.records.insert(
          connected.orgRef,
          'Leads',
          Array.from({ length: 11 }, (_, index) => ({ Last_Name: `Heavy ${batch}-${index}` })),
        ),
      ),
    );
    assert.equal(batches.flat().filter((outcome) => outcome.status === 'success').length, 165);
    assert.equal(await counter(registry, 'crm_bridge_zoho_api_errors_total', { code: 'TOO_MANY_REQUESTS' }), 0);
  });

  test('every call Zoho charged is reported with its org and credits; a refused (429) call is not', async () => {
    const org = await sandbox.createOrg({ location: 'us' });
    const charged: [string, number][] = [];
    const connected = await connectSandboxOrg(sandbox, org, {
      orgRef: 'org-charged',
      onCharged: (orgRef, credits) => charged.push([orgRef, credits]),
      retry: { maxRateLimitRetries: 0 },
    });
    await connected.zoho.records.get(connected.orgRef, 'Leads', '1234567890123456789');
    await connected.zoho.records.insert(connected.orgRef, 'Leads', [{ Last_Name: 'Charged' }]);
    assert.deepEqual(charged, [
      ['org-charged', 1],
      ['org-charged', 1],
    ]);
    await sandbox.setFaults(org, { errorRates: { '429': 1 } });
    await assert.rejects(connected.zoho.records.get(connected.orgRef, 'Leads', '1234567890123456789'), ZohoRateLimitError);
    assert.equal(charged.length, 2);
  });

  test('a 429 storm: calls back off and succeed; a permanent 429 ends in a typed error after bounded retries', async () => {
    const org = await sandbox.createOrg({ location: 'eu' });
    const registry = new Registry();
    const connected = await connectSandboxOrg(sandbox, org, {
      metricsRegistry: registry,
      retry: { maxRateLimitRetries: 12, baseDelayMs: 20, maxDelayMs: 200 },
    });
    // A call fails only if 13 draws in a row hit the 30 % rate (≈ 2 in 10 million).
    await sandbox.setFaults(org, { errorRates: { '429': 0.3 } });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => connected.zoho.records.get(connected.orgRef, 'Leads', '1234567890123456789')),
    );
    assert.deepEqual(
      results,
      Array.from({ length: 20 }, () => null),
    );
    assert.ok((await counter(registry, 'crm_bridge_zoho_api_retries_total', { reason: 'rate-limit' })) > 0, 'some calls were retried');

    await sandbox.setFaults(org, { errorRates: { '429': 1 } });
    const before = await counter(registry, 'crm_bridge_zoho_api_errors_total', { operation: 'records.get', code: 'TOO_MANY_REQUESTS' });
    await assert.rejects(connected.zoho.records.get(connected.orgRef, 'Leads', '1234567890123456789'), (error: unknown) => {
      assert.ok(error instanceof ZohoRateLimitError);
      assert.equal(error.code, 'TOO_MANY_REQUESTS');
      assert.equal(error.httpStatus, 429);
      return true;
    });
    // The first attempt plus 12 retries.
    assert.equal(
      (await counter(registry, 'crm_bridge_zoho_api_errors_total', { operation: 'records.get', code: 'TOO_MANY_REQUESTS' })) - before,
      13,
    );
  });

  test('credit budget: the client stops at its share of the day, counting what others spent via X-API-CREDITS-REMAINING', async () => {
    const org = await sandbox.createOrg({ location: 'jp' });
    await sandbox.setLimits(org, { creditAllowance: 30 });
    // Another integration on the same org spends 20 credits first.
    const other = await connectSandboxOrg(sandbox, org, {
      orgRef: 'someone-else',
      limits: { edition: 'enterprise', dailyCredits: 30, stopAtShare: 1 },
    });
    for (let call = 0; call < 20; call += 1) {
      await other.zoho.records.get(other.orgRef, 'Leads', '1234567890123456789');
    }
    const ours = await connectSandboxOrg(sandbox, org, { limits: { edition: 'enterprise', dailyCredits: 30, stopAtShare: 0.9 } });
    let calls = 0;
    await assert.rejects(
      (async () => {
        for (;;) {
          await ours.zoho.records.get(ours.orgRef, 'Leads', '1234567890123456789');
          calls += 1;
        }
      })(),
      (error: unknown) => {
        assert.ok(error instanceof ZohoCreditBudgetError, String(error));
        assert.equal(error.code, 'CREDIT_BUDGET_EXHAUSTED');
        return true;
      },
    );
    // Budget 27 of 30: after the first answer reports 9 left (21 used), six more credits fit.
    assert.equal(calls, 7);
    assert.equal((await sandbox.orgState(org)).credits.used, 27);
    assert.deepEqual(ours.zoho.limiter.usage(ours.orgRef), { allowance: 30, budget: 27, used: 27 });
  });

  test('credits spent at Zoho by others: the 429 carries X-API-CREDITS-REMAINING 0 and the client stops with a budget error', async () => {
    const org = await sandbox.createOrg({ location: 'sa' });
    await sandbox.setLimits(org, { creditAllowance: 3 });
    const other = await connectSandboxOrg(sandbox, org, {
      orgRef: 'someone-else',
      limits: { edition: 'enterprise', dailyCredits: 3, stopAtShare: 1 },
    });
    for (let call = 0; call < 3; call += 1) {
      await other.zoho.records.get(other.orgRef, 'Leads', '1234567890123456789');
    }
    // Our ledger is empty and our configured allowance large: only Zoho's answer can tell us.
    const ours = await connectSandboxOrg(sandbox, org, { limits: { edition: 'enterprise' } });
    await assert.rejects(ours.zoho.records.get(ours.orgRef, 'Leads', '1234567890123456789'), (error: unknown) => {
      assert.ok(error instanceof ZohoCreditBudgetError, String(error));
      return true;
    });
    assert.equal((await sandbox.orgState(org)).credits.used, 3);
  });

  test('5xx: idempotent calls are retried with jitter, non-idempotent inserts are not', async () => {
    const org = await sandbox.createOrg({ location: 'cn' });
    const registry = new Registry();
    const connected = await connectSandboxOrg(sandbox, org, { metricsRegistry: registry, retry: { maxRetries: 3, baseDelayMs: 10 } });
    await sandbox.setFaults(org, { errorRates: { '500': 1 } });
    await assert.rejects(connected.zoho.records.get(connected.orgRef, 'Leads', '1234567890123456789'), ZohoServerError);
    assert.equal(await counter(registry, 'crm_bridge_zoho_api_retries_total', { operation: 'records.get', reason: 'server' }), 3);
    await assert.rejects(connected.zoho.records.insert(connected.orgRef, 'Leads', [{ Last_Name: 'Once' }]), ZohoServerError);
    assert.equal(await counter(registry, 'crm_bridge_zoho_api_retries_total', { operation: 'records.insert', reason: 'server' }), 0);
    assert.equal(await counter(registry, 'crm_bridge_zoho_api_errors_total', { operation: 'records.insert', code: 'INTERNAL_ERROR' }), 1);

    // With 10 retries a call fails only if 11 draws in a row hit the 30 % error rate (≈ 2 in a million).
    const patient = await connectSandboxOrg(sandbox, org, { retry: { maxRetries: 10, baseDelayMs: 5, maxDelayMs: 20 } });
    await sandbox.setFaults(org, { errorRates: { '503': 0.3 } });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => patient.zoho.records.get(patient.orgRef, 'Leads', '1234567890123456789')),
    );
    assert.equal(results.length, 10);
  });

  test('network errors: idempotent calls are retried, inserts are not, and both end in ZohoNetworkError', async () => {
    const registry = new Registry();
    // Nothing listens on port 1: every connection is refused.
    const zoho = new ZohoClient({
      tokens: { accessToken: () => Promise.resolve({ token: 'unused', apiDomain: 'http://127.0.0.1:1' }), invalidate: () => undefined },
      limitsFor: () => ({ edition: 'enterprise' }),
      metricsRegistry: registry,
      retry: { maxRetries: 2, baseDelayMs: 5 },
    });
    await assert.rejects(zoho.records.get('org', 'Leads', '1234567890123456789'), ZohoNetworkError);
    assert.equal(await counter(registry, 'crm_bridge_zoho_api_retries_total', { operation: 'records.get', reason: 'network' }), 2);
    await assert.rejects(zoho.records.insert('org', 'Leads', [{ Last_Name: 'x' }]), ZohoNetworkError);
    assert.equal(await counter(registry, 'crm_bridge_zoho_api_retries_total', { operation: 'records.insert', reason: 'network' }), 0);
    assert.equal(zoho.limiter.usage('org').used, 0, 'calls Zoho never saw cost no credits');
  });

  test('every call has a deadline: a slow Zoho ends in ZohoDeadlineError at the deadline, not later', async () => {
    const org = await sandbox.createOrg({ location: 'us' });
    const connected = await connectSandboxOrg(sandbox, org);
    await sandbox.setFaults(org, { latencyMs: 3_000 });
    const started = Date.now();
    await assert.rejects(
      connected.zoho.records.get(connected.orgRef, 'Leads', '1234567890123456789', { signal: AbortSignal.timeout(300) }),
      ZohoDeadlineError,
    );
    assert.ok(Date.now() - started < 2_000, `gave up after ${Date.now() - started} ms`);
  });
});
