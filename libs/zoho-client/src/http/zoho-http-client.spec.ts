import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { retryAfterMs } from './zoho-http-client';

describe('Retry-After', () => {
  test('seconds, HTTP dates and reset headers are honoured; nothing means the client decides', () => {
    assert.equal(retryAfterMs(new Headers({ 'retry-after': '7' })), 7_000);
    const now = Date.parse('2024-05-01T10:00:00Z');
    assert.equal(retryAfterMs(new Headers({ 'retry-after': 'Wed, 01 May 2024 10:00:30 GMT' }), now), 30_000);
    assert.equal(retryAfterMs(new Headers({ 'x-rate-limit-reset': '12' })), 12_000);
    assert.equal(retryAfterMs(new Headers()), null);
  });
});
