import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigValidationError, loadConfig, z } from '@crm-bridge/config';
import { partnerWebhooksConfig } from './partner-webhooks.config';

const KEYS = { TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`, TOKEN_ENCRYPTION_KEY_ID: 'k1' };
const load = (environment: Record<string, string>) =>
  loadConfig('sync-engine', z.object(partnerWebhooksConfig), { ...KEYS, ...environment });

test('WEBHOOK_DELIVERY_RETENTION_DAYS defaults to 30 days and takes a whole number of days from 1 to 3650', () => {
  assert.equal(load({}).WEBHOOK_DELIVERY_RETENTION_DAYS, 30);
  assert.equal(load({ WEBHOOK_DELIVERY_RETENTION_DAYS: '7' }).WEBHOOK_DELIVERY_RETENTION_DAYS, 7);
  const refusals: [string, string][] = [
    ['0', 'must be at least 1'],
    ['3651', 'must be at most 3650'],
    ['1.5', 'must be a whole number of days'],
    ['a month', 'must be a number of days'],
  ];
  for (const [value, reason] of refusals) {
    assert.throws(
      () => load({ WEBHOOK_DELIVERY_RETENTION_DAYS: value }),
      (error: unknown) =>
        error instanceof ConfigValidationError &&
        error.issues.some((issue) => issue.variable === 'WEBHOOK_DELIVERY_RETENTION_DAYS' && issue.reason === reason),
      value,
    );
  }
});
