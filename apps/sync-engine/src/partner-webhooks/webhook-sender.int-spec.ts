import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { WebhookSender, type HostResolver } from './webhook-sender';

/**
 * The sender's address check and pinning, with a resolver that changes its answers (what DNS
 * rebinding looks like from here). Production passes no resolver and gets the system's through
 * the same lookup; the worker's own int-spec shows that with `localhost`.
 */
describe('WebhookSender', () => {
  const received: string[] = [];
  let server: Server;
  let port: number;
  before(async () => {
    server = createServer((request, response) => {
      received.push(`${request.headers.host} ${request.url}`);
      request.resume().on('end', () => response.writeHead(204).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  /** Answers `answers[n]` to the n-th lookup (the last one from then on) and counts the lookups. */
  function changingResolver(...answers: string[][]): HostResolver & { calls: string[] } {
    const calls: string[] = [];
    const resolve = (hostname: string) => {
      calls.push(hostname);
      const addresses = answers[Math.min(calls.length, answers.length) - 1] ?? [];
      return Promise.resolve(addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })));
    };
    return Object.assign(resolve, { calls });
  }

  const post = (sender: WebhookSender, path: string) =>
    sender.post({ url: `http://rebind.invalid:${port}${path}`, headers: { 'content-type': 'application/json' }, body: '{}' });

  test('connects to the address it checked: the name is resolved once, and a later answer cannot redirect the request', async () => {
    // The first answer is allowed (loopback under DEVELOPMENT); every later one would be refused.
    const resolver = changingResolver(['127.0.0.1'], ['10.0.0.1']);
    const sender = new WebhookSender('DEVELOPMENT', 2_000, resolver);
    try {
      const outcome = await post(sender, '/pinned');
      // `.invalid` never resolves through the system: the request reached the receiver only through the checked address.
      assert.deepEqual(outcome, { kind: 'answered', statusCode: 204, responseBody: null });
      assert.deepEqual(resolver.calls, ['rebind.invalid']);
      assert.deepEqual(received, [`rebind.invalid:${port} /pinned`]);
    } finally {
      sender.close();
    }
  });

  test('refuses, sending nothing, when any address of the name is refused — naming the address and its class', async () => {
    const cases: [string[], string][] = [
      [['10.0.0.1'], 'not sent: rebind.invalid resolves to 10.0.0.1, a private address'],
      [['127.0.0.1', '169.254.169.254'], 'not sent: rebind.invalid resolves to 169.254.169.254, a link-local (cloud metadata) address'],
    ];
    for (const [addresses, reason] of cases) {
      const sender = new WebhookSender('DEVELOPMENT', 2_000, changingResolver(addresses));
      try {
        assert.deepEqual(await post(sender, '/refused'), { kind: 'refused', reason }, addresses.join(','));
      } finally {
        sender.close();
      }
    }
    const strict = new WebhookSender('STRICT', 2_000, changingResolver(['127.0.0.1']));
    try {
      assert.deepEqual(await post(strict, '/refused'), {
        kind: 'refused',
        reason: 'not sent: rebind.invalid resolves to 127.0.0.1, a loopback address',
      });
    } finally {
      strict.close();
    }
    assert.ok(!received.some((request) => request.endsWith('/refused')), received.join(', '));
  });

  test('a name that does not resolve fails the attempt with the resolver’s reason, not as a refusal', async () => {
    const sender = new WebhookSender('STRICT', 2_000);
    try {
      const outcome = await sender.post({ url: 'https://no-such-host.invalid/hook', headers: {}, body: '{}' });
      assert.equal(outcome.kind, 'failed');
      assert.match(outcome.kind === 'failed' ? outcome.reason : '', /ENOTFOUND|EAI_AGAIN/);
    } finally {
      sender.close();
    }
  });
});
