import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiCreditLedger, creditAllowance } from './api-credit-ledger';

describe('ApiCreditLedger', () => {
  test('allowances follow the edition table with its caps', () => {
    assert.equal(creditAllowance('free', 50), 5_000);
    assert.equal(creditAllowance('standard', 10), 52_500);
    assert.equal(creditAllowance('standard', 1_000), 100_000);
    assert.equal(creditAllowance('enterprise', 100), 150_000);
    assert.equal(creditAllowance('ultimate', 10), 70_000);
  });

  test('refuses a call that would go over without charging it, and releases credits 24 h after spending', () => {
    const ledger = new ApiCreditLedger(10);
    const start = 1_000_000;
    assert.deepEqual(ledger.charge(4, start), { accepted: true, remaining: 6, reportRemaining: false });
    assert.deepEqual(ledger.charge(4, start + 3600_000), { accepted: true, remaining: 2, reportRemaining: true });
    assert.equal(ledger.charge(3, start + 3600_000).accepted, false);
    assert.equal(ledger.used(start + 3600_000), 8);
    // The first 4 credits come back exactly 24 h after they were spent, the next 4 an hour later.
    assert.equal(ledger.used(start + 24 * 3600_000), 4);
    assert.equal(ledger.charge(6, start + 24 * 3600_000).accepted, true);
  });
});
