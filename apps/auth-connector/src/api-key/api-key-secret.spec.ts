import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { apiKeySecretMatches, formatApiKey, hashApiKeySecret, newApiKeySecret, parseApiKey } from './api-key-secret';

describe('API key secrets', () => {
  test('a formatted key parses back into its id and secret', () => {
    const keyId = randomUUID();
    const secret = newApiKeySecret();
    const key = formatApiKey(keyId, secret);
    assert.match(key, /^crmb_[0-9a-f-]{36}_[0-9a-f]{64}$/);
    assert.deepEqual(parseApiKey(key), { keyId, secret });
  });

  test('anything not shaped like a key is refused', () => {
    const keyId = randomUUID();
    const secret = newApiKeySecret();
    for (const presented of [
      '',
      'crmb_',
      `crmb_${keyId}`,
      `crmb_${keyId}_${secret.slice(1)}`,
      `crmb_${keyId}_${secret}0`,
      `xxxx_${keyId}_${secret}`,
      `crmb_${keyId.toUpperCase()}_${secret}`,
      ` crmb_${keyId}_${secret}`,
      `crmb_not-a-uuid_${secret}`,
    ]) {
      assert.equal(parseApiKey(presented), null, presented);
    }
  });

  test('secrets are random and only their own hash matches', () => {
    const secret = newApiKeySecret();
    assert.notEqual(secret, newApiKeySecret());
    const hash = hashApiKeySecret(secret);
    assert.match(hash, /^[0-9a-f]{64}$/);
    assert.ok(apiKeySecretMatches(secret, hash));
    assert.ok(!apiKeySecretMatches(newApiKeySecret(), hash));
    assert.ok(!apiKeySecretMatches(secret, 'abcd'));
  });
});
