import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StructuredLogger } from './index';

function capture(level: 'debug' | 'info' = 'info') {
  const lines: string[] = [];
  const logger = new StructuredLogger('auth-connector', level, (line) => lines.push(line));
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const ZOHO_REFRESH_TOKEN = '1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLWJ5dGVz';

test('writes one JSON line with level, service and correlation fields', () => {
  const { logger, parsed } = capture();
  logger.child({ tenantId: 't-1' }).info('connected', { integrationId: 'i-1', correlationId: 'c-1' });
  const [entry] = parsed();
  assert.equal(entry?.['level'], 'info');
  assert.equal(entry?.['service'], 'auth-connector');
  assert.equal(entry?.['tenantId'], 't-1');
  assert.equal(entry?.['integrationId'], 'i-1');
  assert.equal(entry?.['msg'], 'connected');
});

test('redacts secrets under secret-named keys, however they are spelled', () => {
  const { logger, lines } = capture();
  logger.info('token refreshed', {
    refresh_token: 'plain-looking-value',
    accessToken: 'another-plain-value',
    headers: { Authorization: 'whatever', 'x-api-key': 'k-123' },
    client_secret: 'cs-456',
    nested: [{ password: 'hunter2' }],
  });
  const line = lines.join('\n');
  for (const secret of ['plain-looking-value', 'another-plain-value', 'whatever', 'k-123', 'cs-456', 'hunter2']) {
    assert.ok(!line.includes(secret), `${secret} leaked: ${line}`);
  }
});

test('redacts secret-looking values inside messages, errors and innocent keys', () => {
  const { logger, lines } = capture();
  logger.warn(`refresh failed for ${ZOHO_REFRESH_TOKEN}`, {
    note: `Bearer ${JWT}`,
    databaseUrl: 'postgres://app:s3cr3t-pw@db:5432/crm',
  });
  logger.error(new Error(`upstream said INVALID_TOKEN for ${JWT}`));
  const output = lines.join('\n');
  assert.ok(!output.includes(ZOHO_REFRESH_TOKEN));
  assert.ok(!output.includes(JWT));
  assert.ok(!output.includes('s3cr3t-pw'));
  assert.match(output, /postgres:\/\/app:\[REDACTED\]@db:5432\/crm/);
});

test('drops lines below the minimum level', () => {
  const { logger, lines } = capture('info');
  logger.debug('noisy');
  logger.info('kept');
  assert.equal(lines.length, 1);
});
