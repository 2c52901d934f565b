import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ZohoNetworkError } from '../errors/zoho-errors';
import { ZohoRateLimiter } from '../limits/zoho-rate-limiter';
import { retryAfterMs, ZohoHttpClient } from './zoho-http-client';

describe('Retry-After', () => {
  test('seconds, HTTP dates and reset headers are honoured; nothing means the client decides', () => {
    assert.equal(retryAfterMs(new Headers({ 'retry-after': '7' })), 7_000);
    const now = Date.parse('2024-05-01T10:00:00Z');
    assert.equal(retryAfterMs(new Headers({ 'retry-after': 'Wed, 01 May 2024 10:00:30 GMT' }), now), 30_000);
    assert.equal(retryAfterMs(new Headers({ 'x-rate-limit-reset': '12' })), 12_000);
    assert.equal(retryAfterMs(new Headers()), null);
  });
});

describe('token provider failures', () => {
  function clientWhoseTokensFail(failure: () => Error) {
    let attempts = 0;
    const http = new ZohoHttpClient({
      tokens: {
        accessToken: () => {
          attempts += 1;
          return Promise.reject(failure());
        },
        invalidate: () => undefined,
      },
      limiter: new ZohoRateLimiter(() => ({ edition: 'enterprise' })),
      retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const call = () => http.call({ orgRef: 'org', operation: 'metadata.org', method: 'GET', path: '/crm/v8/org', credits: 1 });
    return { call, attempts: () => attempts };
  }

  test("the provider's own error reaches the caller unchanged and is not retried as a network error", async () => {
    class NeedsReauth extends Error {}
    const failing = clientWhoseTokensFail(() => new NeedsReauth('connection needs a new consent'));
    await assert.rejects(failing.call(), (error: unknown) => error instanceof NeedsReauth);
    assert.equal(failing.attempts(), 1);
  });

  test('a Zoho error of the provider (token endpoint unreachable) keeps its retries', async () => {
    const failing = clientWhoseTokensFail(() => new ZohoNetworkError({ code: 'NETWORK_ERROR', httpStatus: null, message: 'down' }));
    await assert.rejects(failing.call(), (error: unknown) => error instanceof ZohoNetworkError);
    assert.equal(failing.attempts(), 3);
  });
});
