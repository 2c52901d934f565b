import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expiresInMs, ZohoOAuthClient } from '../auth/zoho-oauth-client';
import { ZohoArgumentError, ZohoOAuthError } from '../errors/zoho-errors';
import { ZOHO_DATA_CENTRES } from '@crm-bridge/contracts';
import { ZohoDataCentreDirectory } from './zoho-data-centres';

describe('data centres and OAuth URLs', () => {
  test('every DC has its accounts, API and upload host', () => {
    const directory = new ZohoDataCentreDirectory();
    assert.deepEqual([...ZOHO_DATA_CENTRES], ['US', 'EU', 'IN', 'AU', 'JP', 'CN', 'CA', 'SA']);
    assert.deepEqual(directory.of('CA'), {
      accountsServer: 'https://accounts.zohocloud.ca',
      apiDomain: 'https://www.zohoapis.ca',
      uploadBase: 'https://upload.zohocloud.ca',
    });
    assert.equal(directory.of('AU').apiDomain, 'https://www.zohoapis.com.au');
    assert.equal(directory.dataCentreOfApiDomain('https://www.zohoapis.eu/'), 'EU');
    assert.equal(directory.dataCentreOfAccountsServer('https://accounts.zoho.com.au/'), 'AU');
    assert.equal(directory.dataCentreOfAccountsServer('https://accounts.zoho.evil.example'), null);
    assert.equal(directory.uploadBaseFor('https://www.zohoapis.sa'), 'https://files.zoho.sa');
    assert.throws(
      () => directory.uploadBaseFor('https://www.zohoapis.uk'),
      (error: unknown) => error instanceof ZohoArgumentError && error.field === 'apiDomain',
    );
  });

  test('base URLs are overridable and validated', () => {
    const sandbox = ZohoDataCentreDirectory.forSandbox('http://127.0.0.1:4010/');
    assert.deepEqual(sandbox.of('EU'), {
      accountsServer: 'http://127.0.0.1:4010/dc/eu/accounts',
      apiDomain: 'http://127.0.0.1:4010/dc/eu',
      uploadBase: 'http://127.0.0.1:4010/dc/eu/content',
    });
    assert.throws(
      () => new ZohoDataCentreDirectory({ JP: { apiDomain: 'not a url' } }),
      (error: unknown) => error instanceof ZohoArgumentError && error.field === 'dataCentres.JP.apiDomain',
    );
  });

  test('the authorization URL asks for offline access with consent, comma-separated scopes and state', () => {
    const oauth = new ZohoOAuthClient({ dataCentres: new ZohoDataCentreDirectory() });
    const url = new URL(
      oauth.authorizationUrl({
        dataCentre: 'IN',
        clientId: '1000.ABC',
        redirectUri: 'https://portal.example/cb',
        scopes: ['ZohoCRM.modules.ALL', 'ZohoCRM.settings.ALL'],
        state: 's-1',
      }),
    );
    assert.equal(url.origin, 'https://accounts.zoho.in');
    assert.equal(url.pathname, '/oauth/v2/auth');
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      client_id: '1000.ABC',
      response_type: 'code',
      redirect_uri: 'https://portal.example/cb',
      scope: 'ZohoCRM.modules.ALL,ZohoCRM.settings.ALL',
      access_type: 'offline',
      prompt: 'consent',
      state: 's-1',
    });
    assert.throws(
      () => oauth.authorizationUrl({ dataCentre: 'IN', clientId: 'x', redirectUri: 'https://p/cb', scopes: [], state: 's' }),
      ZohoArgumentError,
    );
  });

  test('the callback’s accounts-server wins over the DC guess; its error becomes a typed error', () => {
    const oauth = new ZohoOAuthClient({ dataCentres: new ZohoDataCentreDirectory() });
    const callback = oauth.parseAuthorizationCallback(
      'https://portal.example/cb?code=1000.abc&location=eu&accounts-server=https%3A%2F%2Faccounts.zoho.eu&state=s-1',
    );
    assert.deepEqual(callback, { code: '1000.abc', state: 's-1', location: 'EU', accountsServer: 'https://accounts.zoho.eu' });
    assert.equal(oauth.parseAuthorizationCallback('https://p/cb?code=c&location=jp').accountsServer, 'https://accounts.zoho.jp');
    assert.throws(
      () => oauth.parseAuthorizationCallback('https://p/cb?error=access_denied&state=s'),
      (error: unknown) => error instanceof ZohoOAuthError && error.code === 'access_denied',
    );
    assert.throws(
      () => oauth.parseAuthorizationCallback('https://p/cb?state=s'),
      (error: unknown) => error instanceof ZohoArgumentError && error.field === 'code',
    );
  });

  test('token lifetimes: expires_in in seconds, or in milliseconds when the legacy expires_in_sec is present', () => {
    assert.equal(expiresInMs({ expires_in: 3600 }), 3_600_000);
    assert.equal(expiresInMs({ expires_in_sec: 3600, expires_in: 3_600_000 }), 3_600_000);
    assert.equal(expiresInMs({}), 3_600_000);
  });
});
