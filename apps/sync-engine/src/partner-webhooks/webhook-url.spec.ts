import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addressRefusal, redactedWebhookUrl, webhookUrlProblem } from './webhook-url';

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

describe('addressRefusal', () => {
  test('under STRICT refuses every internal address, naming the address and its class', () => {
    const cases: [string, string][] = [
      ['127.0.0.1', 'partner.example.com resolves to 127.0.0.1, a loopback address'],
      ['10.1.2.3', 'partner.example.com resolves to 10.1.2.3, a private address'],
      ['172.20.0.1', 'partner.example.com resolves to 172.20.0.1, a private address'],
      ['192.168.0.9', 'partner.example.com resolves to 192.168.0.9, a private address'],
      ['169.254.169.254', 'partner.example.com resolves to 169.254.169.254, a link-local (cloud metadata) address'],
      ['169.254.1.1', 'partner.example.com resolves to 169.254.1.1, a link-local address'],
      ['100.64.0.1', 'partner.example.com resolves to 100.64.0.1, a carrier-grade NAT (shared) address'],
      ['0.0.0.0', 'partner.example.com resolves to 0.0.0.0, an unspecified ("this network") address'],
      ['239.1.1.1', 'partner.example.com resolves to 239.1.1.1, a multicast or reserved address'],
      ['::1', 'partner.example.com resolves to ::1, a loopback address'],
      ['fd12::1', 'partner.example.com resolves to fd12::1, a private (unique local) address'],
      ['fe80::1', 'partner.example.com resolves to fe80::1, a link-local address'],
      ['::ffff:10.0.0.1', 'partner.example.com resolves to ::ffff:10.0.0.1, a private address'],
      ['::ffff:a00:1', 'partner.example.com resolves to ::ffff:a00:1, a private address'],
      ['::ffff:7f00:1', 'partner.example.com resolves to ::ffff:7f00:1, a loopback address'],
    ];
    for (const [address, reason] of cases) {
      assert.equal(addressRefusal('partner.example.com', address, 'STRICT'), reason, address);
    }
    assert.equal(addressRefusal('10.1.2.3', '10.1.2.3', 'STRICT'), '10.1.2.3 is a private address', 'a literal is named once');
  });

  test('allows public addresses under either policy, and loopback only under DEVELOPMENT', () => {
    for (const address of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '172.32.0.1', '100.128.0.1']) {
      assert.equal(addressRefusal('partner.example.com', address, 'STRICT'), null, address);
      assert.equal(addressRefusal('partner.example.com', address, 'DEVELOPMENT'), null, address);
    }
    for (const address of ['127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1']) {
      assert.equal(addressRefusal('localhost', address, 'DEVELOPMENT'), null, address);
    }
    assert.equal(
      addressRefusal('partner.example.com', '169.254.169.254', 'DEVELOPMENT'),
      'partner.example.com resolves to 169.254.169.254, a link-local (cloud metadata) address',
    );
    assert.equal(
      addressRefusal('partner.example.com', '10.0.0.1', 'DEVELOPMENT'),
      'partner.example.com resolves to 10.0.0.1, a private address',
    );
  });
});

describe('redactedWebhookUrl', () => {
  test('keeps scheme, host, port and path, and drops credentials, query and fragment', () => {
    assert.equal(
      redactedWebhookUrl('https://user:pw@partner.example.com:8443/hooks/crm?token=abc#x'),
      'https://partner.example.com:8443/hooks/crm',
    );
    assert.equal(redactedWebhookUrl('https://[::1]/hook'), 'https://[::1]/hook');
    assert.equal(redactedWebhookUrl('not a url'), '[unparsable URL]');
  });
});
