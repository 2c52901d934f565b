import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ConfigValidationError, loadConfig, z } from '@crm-bridge/config';
import { TokenVault } from './token-vault';
import { tokenEncryptionKeyIdVariable, tokenEncryptionKeysVariable } from './token-vault.config';

const tokenVaultConfig = { TOKEN_ENCRYPTION_KEYS: tokenEncryptionKeysVariable, TOKEN_ENCRYPTION_KEY_ID: tokenEncryptionKeyIdVariable };

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');

function vault(keys: string, keyId: string): TokenVault {
  const config = loadConfig('auth-connector', z.object(tokenVaultConfig), { TOKEN_ENCRYPTION_KEYS: keys, TOKEN_ENCRYPTION_KEY_ID: keyId });
  return new TokenVault(config, 'auth-connector');
}

function configIssues(environment: Record<string, string>): string[] {
  try {
    vault(environment['TOKEN_ENCRYPTION_KEYS'] ?? '', environment['TOKEN_ENCRYPTION_KEY_ID'] ?? '');
  } catch (error) {
    assert.ok(error instanceof ConfigValidationError, String(error));
    return error.issues.map((issue) => `${issue.variable}: ${issue.reason}`);
  }
  return [];
}

describe('TokenVault', () => {
  test('seals with the current key and opens what it sealed, under the same context only', () => {
    const tokens = vault(`a:${keyA}`, 'a');
    const sealed = tokens.seal('1000.refresh-token', 'tenant-1/refresh-token');
    assert.equal(sealed.keyId, 'a');
    assert.ok(!sealed.ciphertext.toString('latin1').includes('1000.refresh-token'));
    assert.equal(tokens.open(sealed, 'tenant-1/refresh-token'), '1000.refresh-token');
    // Same plaintext, fresh IV: no two ciphertexts alike.
    assert.notDeepEqual(tokens.seal('1000.refresh-token', 'tenant-1/refresh-token').ciphertext, sealed.ciphertext);
    assert.throws(() => tokens.open(sealed, 'tenant-2/refresh-token'), /unable to authenticate data/);
  });

  test('altered ciphertext does not open', () => {
    const tokens = vault(`a:${keyA}`, 'a');
    const sealed = tokens.seal('secret', 'c');
    const altered = Buffer.from(sealed.ciphertext);
    altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1;
    assert.throws(() => tokens.open({ ciphertext: altered, keyId: 'a' }, 'c'), /unable to authenticate data/);
  });

  test('after a rotation new values use the new key and old ones still open; a removed key is named', () => {
    const before = vault(`a:${keyA}`, 'a');
    const old = before.seal('old token', 'c');
    const rotated = vault(`a:${keyA},b:${keyB}`, 'b');
    assert.equal(rotated.seal('new token', 'c').keyId, 'b');
    assert.equal(rotated.open(old, 'c'), 'old token');
    const withoutA = vault(`b:${keyB}`, 'b');
    assert.throws(() => withoutA.open(old, 'c'), /key "a" is not in TOKEN_ENCRYPTION_KEYS/);
  });

  test('bad configuration stops the service naming the variable, never echoing a key', () => {
    assert.deepEqual(configIssues({ TOKEN_ENCRYPTION_KEYS: `a:${keyA}`, TOKEN_ENCRYPTION_KEY_ID: 'b' }), [
      'TOKEN_ENCRYPTION_KEY_ID: must be one of the key ids in TOKEN_ENCRYPTION_KEYS (a)',
    ]);
    const short = randomBytes(16).toString('base64');
    const issues = configIssues({ TOKEN_ENCRYPTION_KEYS: `a:${short}`, TOKEN_ENCRYPTION_KEY_ID: 'a' });
    assert.deepEqual(issues, ['TOKEN_ENCRYPTION_KEYS: key "a" must be 32 bytes, base64-encoded']);
    assert.deepEqual(configIssues({ TOKEN_ENCRYPTION_KEYS: keyA, TOKEN_ENCRYPTION_KEY_ID: 'a' }), [
      'TOKEN_ENCRYPTION_KEYS: each entry must be keyId:base64key, the key id made of letters, digits, ".", "_" or "-"',
    ]);
    assert.deepEqual(configIssues({ TOKEN_ENCRYPTION_KEYS: `a:${keyA},a:${keyB}`, TOKEN_ENCRYPTION_KEY_ID: 'a' }), [
      'TOKEN_ENCRYPTION_KEYS: key id "a" is listed twice',
    ]);
    assert.deepEqual(configIssues({ TOKEN_ENCRYPTION_KEY_ID: 'a' }), ['TOKEN_ENCRYPTION_KEYS: is required but not set']);
    assert.ok(issues.every((issue) => !issue.includes(short)));
  });
});
