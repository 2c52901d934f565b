import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ZohoArgumentError } from '../errors/zoho-errors';
import type { ZohoOAuthClient, ZohoTokenGrant } from './zoho-oauth-client';
import { RefreshTokenProvider } from './zoho-token-provider';

function fakeOAuth(): { oauth: ZohoOAuthClient; refreshes: () => number } {
  let count = 0;
  const oauth = {
    refresh: async (): Promise<ZohoTokenGrant> => {
      count += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return {
        accessToken: `token-${count}`,
        refreshToken: null,
        apiDomain: 'https://www.zohoapis.eu',
        expiresAt: Date.now() + 3600_000,
        scopes: [],
      };
    },
  } as unknown as ZohoOAuthClient;
  return { oauth, refreshes: () => count };
}

describe('RefreshTokenProvider', () => {
  test('concurrent callers share one refresh; invalidating a stale token is ignored', async () => {
    const { oauth, refreshes } = fakeOAuth();
    const provider = new RefreshTokenProvider(oauth);
    provider.connect('org', { clientId: 'c', clientSecret: 's', refreshToken: 'r', accountsServer: 'https://accounts.zoho.eu' });
    const tokens = await Promise.all(Array.from({ length: 20 }, () => provider.accessToken('org')));
    assert.equal(refreshes(), 1);
    assert.ok(tokens.every((token) => token.token === 'token-1' && token.apiDomain === 'https://www.zohoapis.eu'));
    provider.invalidate('org', 'token-0');
    assert.equal((await provider.accessToken('org')).token, 'token-1');
    provider.invalidate('org', 'token-1');
    assert.equal((await provider.accessToken('org')).token, 'token-2');
  });

  test('a token near expiry is refreshed before use; connections are validated', async () => {
    const { oauth, refreshes } = fakeOAuth();
    const provider = new RefreshTokenProvider(oauth, { refreshSkewMs: 60_000 });
    provider.connect(
      'org',
      { clientId: 'c', clientSecret: 's', refreshToken: 'r', accountsServer: 'https://a' },
      { token: 'old', apiDomain: 'https://x', expiresAt: Date.now() + 30_000 },
    );
    assert.equal((await provider.accessToken('org')).token, 'token-1');
    assert.equal(refreshes(), 1);
    assert.throws(
      () => provider.connect('bad', { clientId: '', clientSecret: 's', refreshToken: 'r', accountsServer: 'https://a' }),
      (error: unknown) => error instanceof ZohoArgumentError && error.field === 'clientId',
    );
    await assert.rejects(
      provider.accessToken('unknown'),
      (error: unknown) => error instanceof ZohoArgumentError && error.field === 'orgRef',
    );
  });
});
