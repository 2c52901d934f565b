import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { internalAddressOf, webhookUrlProblem } from './webhook-url';

describe('webhookUrlProblem', () => {
  test('accepts public https URLs under either policy', () => {
    for (const url of ['https://partner.example.com/hooks', 'https://partner.example.com:8443/a?b=c', 'https://93.184.216.34/hook']) {
      assert.equal(webhookUrlProblem(url, 'STRICT'), null, url);
      assert.equal(webhookUrlProblem(url, 'DEVELOPMENT'), null, url);
    }
  });

  test('refuses plain http, other schemes, credentials and what is not a URL', () => {
    assert.equal(webhookUrlProblem('http://partner.example.com/hooks', 'STRICT'), 'must use https');
    assert.equal(webhookUrlProblem('http://partner.example.com/hooks', 'DEVELOPMENT'), 'must use https');
    assert.equal(webhookUrlProblem('ftp://partner.example.com/hooks', 'STRICT'), 'must use https');
    assert.match(webhookUrlProblem('https://user:pw@partner.example.com/', 'STRICT') ?? '', /credentials/);
    assert.match(webhookUrlProblem('partner.example.com/hooks', 'STRICT') ?? '', /absolute URL/);
    assert.match(webhookUrlProblem(`https://partner.example.com/${'a'.repeat(2048)}`, 'STRICT') ?? '', /at most 2048/);
  });

  test('allows this machine only in DEVELOPMENT', () => {
    for (const url of ['http://localhost:3000/hook', 'http://127.0.0.1:9000/hook', 'http://[::1]/hook', 'https://localhost/hook']) {
      assert.match(webhookUrlProblem(url, 'STRICT') ?? '', /localhost/, url);
      assert.equal(webhookUrlProblem(url, 'DEVELOPMENT'), null, url);
    }
  });

  test('refuses internal network address literals under either policy', () => {
    for (const url of [
      'https://10.0.0.5/hook',
      'https://172.16.3.4/hook',
      'https://192.168.1.1/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://100.64.0.1/hook',
      'https://0.0.0.0/hook',
      'https://127.0.0.2/hook',
      'https://[fd00::1]/hook',
      'https://[fe80::1]/hook',
      'https://[::ffff:10.0.0.1]/hook',
    ]) {
      assert.match(webhookUrlProblem(url, 'STRICT') ?? '', /internal network address/, url);
      assert.match(webhookUrlProblem(url, 'DEVELOPMENT') ?? '', /internal network address/, url);
    }
  });
});

describe('internalAddressOf', () => {
  const resolvingTo =
    (...addresses: string[]) =>
    (hostname: string) => {
      assert.equal(hostname, 'partner.example.com');
      return Promise.resolve(addresses);
    };

  test('under STRICT finds an internal address a host name resolves to', async () => {
    assert.equal(
      await internalAddressOf('https://partner.example.com/hook', 'STRICT', resolvingTo('93.184.216.34', '10.0.0.7')),
      '10.0.0.7',
    );
    assert.equal(await internalAddressOf('https://partner.example.com/hook', 'STRICT', resolvingTo('fd12::1')), 'fd12::1');
    assert.equal(await internalAddressOf('https://partner.example.com/hook', 'STRICT', resolvingTo('93.184.216.34')), null);
  });

  test('resolves nothing for address literals or under DEVELOPMENT', async () => {
    const never = () => Promise.reject(new Error('must not resolve'));
    assert.equal(await internalAddressOf('https://93.184.216.34/hook', 'STRICT', never), null);
    assert.equal(await internalAddressOf('https://[2001:db8::1]/hook', 'STRICT', never), null);
    assert.equal(await internalAddressOf('http://localhost:3000/hook', 'DEVELOPMENT', never), null);
  });
});
