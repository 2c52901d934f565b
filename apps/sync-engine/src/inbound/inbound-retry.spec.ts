import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { INBOUND_MAX_ATTEMPTS, inboundRetryAt, inboundRetryInWords } from './inbound-retry';

const config = { SYNC_RETRY_INITIAL_MS: 5_000, SYNC_RETRY_MAX_MS: 3_600_000 };
const now = new Date(Date.UTC(2026, 11, 1));
const top = () => 0.999_999;

describe('inboundRetryAt', () => {
  test('a failed deal is tried again after the sync back-off, doubling per failure in a row', () => {
    assert.deepEqual(inboundRetryAt(1, config, now, top), new Date(now.getTime() + 5_000));
    assert.deepEqual(inboundRetryAt(3, config, now, top), new Date(now.getTime() + 20_000));
  });

  test(`sync gives up at the ${INBOUND_MAX_ATTEMPTS}th failure in a row`, () => {
    assert.ok(inboundRetryAt(INBOUND_MAX_ATTEMPTS - 1, config, now, top));
    assert.equal(inboundRetryAt(INBOUND_MAX_ATTEMPTS, config, now, top), null);
    assert.equal(inboundRetryAt(INBOUND_MAX_ATTEMPTS + 3, config, now, top), null);
  });
});

describe('inboundRetryInWords', () => {
  test('says which attempt it was and when the next comes, in seconds, minutes or hours', () => {
    assert.equal(inboundRetryInWords(1, new Date(now.getTime() + 4_600), now), 'attempt 1 of 10; it is tried again in 5 s');
    assert.equal(inboundRetryInWords(6, new Date(now.getTime() + 160_000), now), 'attempt 6 of 10; it is tried again in 3 min');
    assert.equal(inboundRetryInWords(9, new Date(now.getTime() + 3_600_000 * 3), now), 'attempt 9 of 10; it is tried again in 3 h');
  });

  test('says that sync gave up, and what tries the deal again', () => {
    assert.equal(inboundRetryInWords(10, null, now), 'gave up after 10 attempts; it is tried again when Zoho changes it or on a full sync');
  });
});
