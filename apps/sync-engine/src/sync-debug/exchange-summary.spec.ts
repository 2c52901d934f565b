import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ZohoExchange } from '@crm-bridge/zoho-client';
import { MAX_BODY_SUMMARY_BYTES, summarizeBody, summarizeExchange } from './exchange-summary';

const ACCESS_TOKEN = `1000.${'c3'.repeat(16)}.${'d4'.repeat(16)}`;

function exchange(overrides: Partial<ZohoExchange> = {}): ZohoExchange {
  return {
    orgRef: 'tenant/connection',
    operation: 'records.upsert',
    method: 'POST',
    path: '/crm/v8/Deals/upsert',
    query: {},
    status: 200,
    durationMs: 42,
    errorCode: null,
    credits: 1,
    requestBody: undefined,
    responseBody: null,
    ...overrides,
  };
}

test('a body keeps its shape and first two records; the rest is counted', () => {
  const records = Array.from({ length: 100 }, (_, index) => ({ Deal_Name: `Deal ${index}`, Amount: index }));
  assert.equal(
    summarizeBody({ data: records, trigger: [], info: { more_records: false } }),
    JSON.stringify({
      data: [{ Deal_Name: 'Deal 0', Amount: 0 }, { Deal_Name: 'Deal 1', Amount: 1 }, '… 98 more of 100'],
      trigger: [],
      info: { more_records: false },
    }),
  );
});

test('secrets and personal data are redacted, under their keys and inside text', () => {
  const summary = summarizeBody({
    data: [{ Email: 'ann@example.com', Phone: '+49 30 1234567', Description: 'Mail bob@example.org', access_token: ACCESS_TOKEN }],
    note: `Zoho-oauthtoken ${ACCESS_TOKEN}`,
  });
  for (const secret of ['ann@example.com', '+49 30 1234567', 'bob@example.org', ACCESS_TOKEN]) {
    assert.ok(!summary?.includes(secret), `${secret} is kept in ${summary}`);
  }
  assert.match(summary ?? '', /"Description":"Mail \[REDACTED\]"/);
});

test('long strings are cut after redaction, so an address near the cut is never half kept', () => {
  const address = 'someone.with.a.long.name@example.com';
  const summary = summarizeBody({ Description: `${'x'.repeat(190)} ${address}` }) ?? '';
  assert.ok(!summary.includes('someone.with'), summary);
  assert.ok(summary.includes('…[truncated]') || summary.includes('[REDACTED]'));
  const long = summarizeBody({ Description: 'y'.repeat(1_000) }) ?? '';
  assert.equal(long, JSON.stringify({ Description: `${'y'.repeat(200)}…[truncated]` }));
});

test('a summary never exceeds its byte limit, multi-byte characters included', () => {
  const wide = Object.fromEntries(Array.from({ length: 200 }, (_, index) => [`Field_${index}`, 'Grüße €'.repeat(20)]));
  const summary = summarizeBody({ data: [wide] }) ?? '';
  assert.ok(Buffer.byteLength(summary) <= MAX_BODY_SUMMARY_BYTES, `${Buffer.byteLength(summary)} bytes`);
  assert.ok(summary.endsWith('…[truncated]'));
  assert.ok(!summary.includes('\uFFFD'));
});

test('no body, no summary; text bodies are kept as (redacted) text', () => {
  assert.equal(summarizeBody(undefined), null);
  assert.equal(summarizeBody(null), null);
  assert.equal(summarizeBody('[form data]'), '"[form data]"');
});

test("an exchange's summary: query redacted, Zoho's code from the call or else from the first refused record", () => {
  const refusedRecord = summarizeExchange(
    exchange({
      query: { criteria: '(Email:equals:ann@example.com)', fields: 'Deal_Name' },
      responseBody: {
        data: [
          { status: 'success', code: 'SUCCESS' },
          { status: 'error', code: 'MANDATORY_NOT_FOUND' },
        ],
      },
    }),
  );
  assert.equal(refusedRecord.zohoErrorCode, 'MANDATORY_NOT_FOUND');
  assert.equal(refusedRecord.query, JSON.stringify({ criteria: '(Email:equals:[REDACTED])', fields: 'Deal_Name' }));
  assert.equal(summarizeExchange(exchange({ status: 429, errorCode: 'TOO_MANY_REQUESTS' })).zohoErrorCode, 'TOO_MANY_REQUESTS');
  assert.equal(summarizeExchange(exchange()).zohoErrorCode, null);
});
