import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ZohoCreditBudgetError, ZohoDeadlineError } from '../errors/zoho-errors';
import {
  coqlCredits,
  writeCredits,
  ZOHO_DEFAULT_USER_LICENCES,
  zohoConcurrencyLimit,
  zohoCreditAllowance,
  zohoEditionNamed,
  zohoEditionOf,
} from './zoho-credit-costs';
import { ZohoRateLimiter, type ZohoOrgLimits } from './zoho-rate-limiter';

const never = new AbortController().signal;

describe('Zoho limits', () => {
  test('credit table: allowances with caps, writes 1 per 10 records, COQL by LIMIT', () => {
    assert.equal(zohoCreditAllowance('free', 50), 5_000);
    assert.equal(zohoCreditAllowance('standard', 10), 52_500);
    assert.equal(zohoCreditAllowance('enterprise', 100), 150_000);
    assert.equal(zohoCreditAllowance('standard', 1_000), 100_000);
    assert.deepEqual([writeCredits(1), writeCredits(10), writeCredits(11), writeCredits(100)], [1, 1, 2, 10]);
    assert.deepEqual([coqlCredits(200), coqlCredits(201), coqlCredits(1_000), coqlCredits(2_000)], [1, 2, 2, 3]);
    assert.deepEqual(
      (['free', 'standard', 'professional', 'enterprise', 'ultimate'] as const).map(zohoConcurrencyLimit),
      [5, 10, 15, 20, 25],
    );
  });

  test('the budget stops a call at the configured share and refunds refused calls', async () => {
    let now = 0;
    const limiter = new ZohoRateLimiter(
      () => ({ edition: 'free', dailyCredits: 100, stopAtShare: 0.5 }),
      () => now,
    );
    for (let call = 0; call < 4; call += 1) {
      (await limiter.acquire('org', { credits: 10, heavy: false, signal: never })).release();
    }
    const refused = await limiter.acquire('org', { credits: 10, heavy: false, signal: never });
    refused.refund();
    refused.release();
    assert.equal(limiter.usage('org').used, 40);
    (await limiter.acquire('org', { credits: 10, heavy: false, signal: never })).release();
    assert.deepEqual(limiter.usage('org'), { allowance: 100, budget: 50, used: 50 });
    await assert.rejects(limiter.acquire('org', { credits: 1, heavy: false, signal: never }), ZohoCreditBudgetError);
    // Rolling 24 h: the credits come back a day after they were spent.
    now = 24 * 3600_000;
    (await limiter.acquire('org', { credits: 1, heavy: false, signal: never })).release();
    assert.equal(limiter.usage('org').used, 1);
  });

  test('concurrency: calls beyond the edition’s slots wait; heavy calls also wait for the pool of 10', async () => {
    const limiter = new ZohoRateLimiter(() => ({ edition: 'free' }));
    const permits = await Promise.all(Array.from({ length: 5 }, () => limiter.acquire('org', { credits: 1, heavy: false, signal: never })));
    let sixthStarted = false;
    const sixth = limiter.acquire('org', { credits: 1, heavy: false, signal: never }).then((permit) => {
      sixthStarted = true;
      return permit;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(sixthStarted, false);
    assert.deepEqual(limiter.inFlight('org'), { general: 5, heavy: 0 });
    permits[0]?.release();
    (await sixth).release();
    assert.equal(sixthStarted, true);

    const enterprise = new ZohoRateLimiter(() => ({ edition: 'enterprise' }));
    const heavy = await Promise.all(
      Array.from({ length: 10 }, () => enterprise.acquire('org', { credits: 1, heavy: true, signal: never })),
    );
    const light = await enterprise.acquire('org', { credits: 1, heavy: false, signal: never });
    assert.deepEqual(enterprise.inFlight('org'), { general: 11, heavy: 10 });
    // AbortSignal.timeout's timer does not keep the process alive; a plain timer does.
    const deadline = new AbortController();
    setTimeout(() => deadline.abort(), 30);
    await assert.rejects(enterprise.acquire('org', { credits: 1, heavy: true, signal: deadline.signal }), ZohoDeadlineError);
    for (const permit of [...heavy, light]) {
      permit.release();
    }
    for (const permit of permits.slice(1)) {
      permit.release();
    }
  });

  test('an org whose edition or licences change is held to its new limits at its next call; the credits it spent still count', async () => {
    let limits: ZohoOrgLimits = { edition: 'free' };
    const limiter = new ZohoRateLimiter(() => limits);
    const permits = await Promise.all(
      Array.from({ length: 5 }, () => limiter.acquire('org', { credits: 100, heavy: false, signal: never })),
    );
    assert.deepEqual(limiter.usage('org'), { allowance: 5_000, budget: 4_500, used: 500 });
    let sixthStarted = false;
    const sixth = limiter.acquire('org', { credits: 1, heavy: false, signal: never }).then((permit) => {
      sixthStarted = true;
      return permit;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(sixthStarted, false, "Free's 5 slots are taken");

    // Connected again: Enterprise with 200 licences, 20 slots.
    limits = { edition: 'enterprise', userLicences: 200 };
    assert.deepEqual(limiter.usage('org'), { allowance: 250_000, budget: 225_000, used: 501 });
    (await sixth).release();
    assert.equal(sixthStarted, true, 'the waiting call got one of the new slots');
    for (const permit of permits) {
      permit.release();
    }
  });

  test('a pause after a 429 holds every call of the org', async () => {
    const limiter = new ZohoRateLimiter(() => ({ edition: 'enterprise' }));
    limiter.pause('org', Date.now() + 80);
    const started = Date.now();
    (await limiter.acquire('org', { credits: 1, heavy: false, signal: never })).release();
    assert.ok(Date.now() - started >= 70);
    (await limiter.acquire('other-org', { credits: 1, heavy: false, signal: never })).release();
  });

  test('the edition comes from the org record; unknown editions get the tightest limits', () => {
    assert.deepEqual(zohoEditionOf({ license_details: { paid_type: 'Enterprise', users_license_purchased: 40 } }), {
      edition: 'enterprise',
      userLicences: 40,
    });
    // No licence count (or a nonsensical one): left out, so the limiter's default applies.
    assert.deepEqual(zohoEditionOf({ license_details: { paid_type: 'Zoho One' } }), { edition: 'enterprise' });
    assert.deepEqual(zohoEditionOf({ license_details: { paid_type: 'zoho_one', users_license_purchased: 0 } }), { edition: 'enterprise' });
    assert.deepEqual(zohoEditionOf({ license_details: { paid_type: 'Standard', users_license_purchased: 2.5 } }), { edition: 'standard' });
    assert.deepEqual(zohoEditionOf({ license_details: { paid_type: 'CRM Plus', users_license_purchased: 3 } }), {
      edition: 'ultimate',
      userLicences: 3,
    });
    assert.deepEqual(zohoEditionOf({}), { edition: 'free' });
    assert.deepEqual(zohoEditionOf({ license_details: null }), { edition: 'free' });
    assert.equal(zohoEditionOf({ license_details: { paid_type: 'galactic' } }, 'standard').edition, 'standard');
  });

  test('a stored paid type is read with the same aliases; an org without a licence count is reckoned at 10 licences', () => {
    assert.deepEqual(
      ['Enterprise', 'ZOHO ONE', 'crm-plus', 'Starter', 'professional', 'galactic', null].map((paidType) => zohoEditionNamed(paidType)),
      ['enterprise', 'enterprise', 'ultimate', 'standard', 'professional', 'free', 'free'],
    );
    const limiter = new ZohoRateLimiter((orgRef) =>
      orgRef === 'counted' ? { edition: 'enterprise', userLicences: 200 } : { edition: 'enterprise' },
    );
    assert.equal(limiter.usage('counted').allowance, 250_000);
    assert.equal(limiter.usage('uncounted').allowance, zohoCreditAllowance('enterprise', ZOHO_DEFAULT_USER_LICENCES));
    assert.equal(limiter.usage('uncounted').allowance, 60_000);
  });

  test('stopAtShare outside (0, 1] is refused', () => {
    const limiter = new ZohoRateLimiter(() => ({ edition: 'free', stopAtShare: 1.5 }));
    assert.throws(() => limiter.usage('org'), RangeError);
  });
});
