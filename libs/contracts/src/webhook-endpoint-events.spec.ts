import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent, EventValidationError, parseEvent, Topics } from './index';

const INTEGRATION_ID = '5f0c9a4e-2b1d-4c3e-8f6a-7b8c9d0e1f2a';
const ENDPOINT_ID = '0b8e6c1e-4f7a-4a53-9a53-5b0f3f7d1c2a';

function disabledEvent(data: Record<string, unknown>) {
  return createEvent('webhook-endpoint.disabled', {
    source: 'sync-engine',
    tenantId: 'acme',
    integrationId: INTEGRATION_ID,
    subject: ENDPOINT_ID,
    correlationId: 'delivery-1',
    data: {
      endpointId: ENDPOINT_ID,
      url: 'https://partner.example.com:8443/hooks/crm',
      reason: 'every delivery attempt failed since 2026-12-05T10:00:00.000Z (10 in a row); the last: the endpoint answered HTTP 503',
      disabledAt: '2026-12-06T10:00:03.120Z',
      ...data,
    },
  });
}

function problems(action: () => unknown): Record<string, string> {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof EventValidationError, String(error));
    return Object.fromEntries(error.issues.map((issue) => [issue.field, issue.reason]));
  }
  assert.fail('expected an EventValidationError');
}

test('webhook-endpoint.disabled travels on the webhook endpoints topic with the endpoint, its URL, the reason and the instant', () => {
  const event = disabledEvent({});
  assert.equal(Topics.webhookEndpoints, 'crm-bridge.webhook-endpoints.v1');
  assert.deepEqual(parseEvent(JSON.parse(JSON.stringify(event)), Topics.webhookEndpoints), event);
  assert.match(
    problems(() => parseEvent(JSON.parse(JSON.stringify(event)), Topics.recordUpdates))['type'] ?? '',
    /belong on crm-bridge.webhook-endpoints.v1/,
  );
});

test('webhook-endpoint.disabled refuses a URL that carries credentials, a query or a fragment, and an empty reason', () => {
  for (const url of [
    'https://user:pw@partner.example.com/hooks',
    'https://partner.example.com/hooks?token=abc',
    'https://partner.example.com/#x',
  ]) {
    assert.deepEqual(
      problems(() => disabledEvent({ url })),
      { 'data.url': 'must carry no credentials, query or fragment' },
      url,
    );
  }
  assert.deepEqual(
    problems(() => disabledEvent({ endpointId: 'endpoint-1', reason: '', disabledAt: 'now', url: 'not a url' })),
    {
      'data.endpointId': 'must be a UUID',
      'data.url': 'must be a URL',
      'data.reason': 'must say why',
      'data.disabledAt': 'must be an ISO 8601 instant',
    },
  );
});
