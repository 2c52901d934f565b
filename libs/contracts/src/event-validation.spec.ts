import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent, EventValidationError, parseEvent, Topics, type CrmBridgeEvent } from './index';

const INTEGRATION_ID = '5f0c9a4e-2b1d-4c3e-8f6a-7b8c9d0e1f2a';
const RECORD_ID = '0b8e6c1e-4f7a-4a53-9a53-5b0f3f7d1c2a';

function portalRecordChanged() {
  return createEvent('portal-record.changed', {
    source: 'sync-engine',
    tenantId: 'acme',
    integrationId: INTEGRATION_ID,
    subject: RECORD_ID,
    correlationId: 'req-1',
    data: { module: 'DEALS', portalRecordId: RECORD_ID, operation: 'UPDATED', changedFields: ['amount'], values: { amount: '10.00' } },
  });
}

function issuesOf(action: () => unknown): Record<string, string> {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof EventValidationError, String(error));
    return Object.fromEntries(error.issues.map((issue) => [issue.field, issue.reason]));
  }
  assert.fail('expected an EventValidationError');
}

test('createEvent fills id, time and schema version, and the union narrows on type', () => {
  const event: CrmBridgeEvent = portalRecordChanged();
  assert.match(event.eventId, /^[0-9a-f-]{36}$/);
  assert.equal(event.schemaVersion, 1);
  assert.ok(!Number.isNaN(Date.parse(event.occurredAt)));
  if (event.type === 'portal-record.changed') {
    assert.deepEqual(event.data.changedFields, ['amount']);
  }
  assert.deepEqual(parseEvent(JSON.parse(JSON.stringify(event)), Topics.portalRecordChanges), event);
});

test('names every bad envelope and data field', () => {
  const event = portalRecordChanged();
  const issues = issuesOf(() =>
    parseEvent({
      ...event,
      integrationId: 'not-a-uuid',
      occurredAt: 'yesterday',
      data: { ...event.data, module: 'TASKS', changedFields: [7] },
    }),
  );
  assert.equal(issues['integrationId'], 'must be a UUID');
  assert.equal(issues['occurredAt'], 'must be an ISO 8601 instant');
  assert.match(issues['data.module'] ?? '', /DEALS/);
  assert.match(issues['data.changedFields.0'] ?? '', /string/);
});

test('refuses unknown types, newer schema versions and events on the wrong topic', () => {
  const event = portalRecordChanged();
  assert.match(issuesOf(() => parseEvent({ ...event, type: 'deal.exploded' }))['type'] ?? '', /must be one of .*mapping\.published/);
  assert.match(issuesOf(() => parseEvent({ ...event, schemaVersion: 2 }))['schemaVersion'] ?? '', /newer than 1/);
  assert.match(issuesOf(() => parseEvent(event, Topics.mappings))['type'] ?? '', /belong on crm-bridge\.portal-record-changes\.v1/);
  assert.throws(() => parseEvent({ ...event, data: undefined }), /data: Required/);
});

test('createEvent refuses a producer bug where the event is made', () => {
  assert.throws(
    () =>
      createEvent('mapping.published', {
        source: 'mapping-config',
        tenantId: 'acme',
        integrationId: INTEGRATION_ID,
        subject: RECORD_ID,
        correlationId: 'req-2',
        data: {
          mappingVersionId: RECORD_ID,
          version: 0,
          publishedByUserId: 'u-1',
          definition: {
            stageMappings: [{ zohoPipeline: 'Standard (Standard)', inbound: [], outbound: [], onCreate: { strategy: 'INFER' } }],
            fieldMappings: [],
            zohoDefaults: [],
            matchKey: { kind: 'ZOHO_ID' },
          },
        },
      }),
    /data\.version: must be at least 1/,
  );
});

function mappingPublishedWith(definition: unknown) {
  return () =>
    createEvent('mapping.published', {
      source: 'mapping-config',
      tenantId: 'acme',
      integrationId: INTEGRATION_ID,
      subject: RECORD_ID,
      correlationId: 'req-3',
      data: { mappingVersionId: RECORD_ID, version: 1, publishedByUserId: 'u-1', definition: definition as never },
    });
}

test('a published mapping carries a definition whose every bad field is named', () => {
  const issues = issuesOf(
    mappingPublishedWith({
      stageMappings: [{ zohoPipeline: ' ', inbound: [{ zohoStage: 'Closed Won' }], outbound: [], onCreate: { strategy: 'GUESS' } }],
      fieldMappings: [{ portalField: 'amount', zohoField: 'Amount', direction: 'SIDEWAYS', valueMap: [] }],
      zohoDefaults: [],
      matchKey: { kind: 'EXTERNAL_ID' },
      extra: true,
    }),
  );
  assert.equal(issues['data.definition.stageMappings.0.zohoPipeline'], 'must be a Zoho pipeline name');
  assert.equal(issues['data.definition.stageMappings.0.inbound.0.portalPhase'], 'is required');
  assert.equal(issues['data.definition.stageMappings.0.onCreate.strategy'], 'must be one of STATIC, INFER, MANUAL');
  assert.equal(issues['data.definition.fieldMappings.0.direction'], 'must be one of PORTAL_TO_ZOHO, ZOHO_TO_PORTAL, BOTH');
  assert.equal(issues['data.definition.matchKey.zohoField'], 'is required');
  assert.match(issues['data.definition'] ?? '', /extra/);
  const noPipeline = issuesOf(
    mappingPublishedWith({ stageMappings: [], fieldMappings: [], zohoDefaults: [], matchKey: { kind: 'ZOHO_ID' } }),
  );
  assert.equal(noPipeline['data.definition.stageMappings'], 'must select at least one Zoho pipeline');
  assert.match(issuesOf(mappingPublishedWith(undefined))['data.definition'] ?? '', /is required/);
});

test('sync-run.progressed travels on the sync runs topic and refuses negative counts', () => {
  const counts = { created: 3, updated: 1, deleted: 0, skipped: 1, failed: 0, conflicts: 0 };
  const event = createEvent('sync-run.progressed', {
    source: 'sync-engine',
    tenantId: 'acme',
    integrationId: INTEGRATION_ID,
    subject: RECORD_ID,
    correlationId: 'req-1',
    data: { syncRunId: RECORD_ID, done: 5, estimatedTotal: 7, counts, finished: false },
  });
  assert.deepEqual(parseEvent(JSON.parse(JSON.stringify(event)), Topics.syncRuns), event);
  const issues = issuesOf(() => parseEvent({ ...event, data: { ...event.data, done: -1, counts: { ...counts, created: 1.5 } } }));
  assert.equal(issues['data.done'], 'must not be negative');
  assert.equal(issues['data.counts.created'], 'must be a whole number');
});

test('portal-deal.submitted: the shape of the GraphQL deal inputs per operation, and nothing else', () => {
  const submitted = (data: unknown) => ({
    ...createEvent('portal-deal.submitted', {
      source: 'crm-portal',
      tenantId: 'acme',
      integrationId: INTEGRATION_ID,
      subject: 'req-1',
      correlationId: 'req-1',
      data: { requestId: 'req-1', operation: 'DELETE', input: { id: RECORD_ID } },
    }),
    data,
  });
  const create = {
    requestId: 'req-1',
    operation: 'CREATE',
    input: { name: 'Acme', phase: 'Won', amount: null, customFields: [{ apiName: 'seats', value: '4' }] },
  };
  assert.deepEqual(parseEvent(submitted(create)).data, create);
  // Field values are not judged here (sync-engine checks them against the portal deal schema and rejects), only their types.
  assert.deepEqual(parseEvent(submitted({ ...create, input: { ...create.input, amount: '12,50' } })).data, {
    ...create,
    input: { ...create.input, amount: '12,50' },
  });

  assert.match(
    issuesOf(() => parseEvent(submitted({ ...create, input: { ...create.input, amout: '5' } })))['data.input'] ?? '',
    /Unrecognized key.*amout/,
  );
  assert.equal(issuesOf(() => parseEvent(submitted({ ...create, input: { phase: 'Won' } })))['data.input.name'], 'is required');
  assert.equal(
    issuesOf(() => parseEvent(submitted({ ...create, input: { ...create.input, amount: 12.5 } })))['data.input.amount'],
    'must be a string',
  );
  assert.equal(
    issuesOf(() => parseEvent(submitted({ requestId: 'req-2', operation: 'UPDATE', input: { name: 'x' } })))['data.input.id'],
    'is required',
  );
  assert.match(
    issuesOf(() => parseEvent(submitted({ requestId: 'req-2', operation: 'UPSERT', input: {} })))['data.operation'] ?? '',
    /CREATE/,
  );
  assert.equal(
    issuesOf(() => parseEvent(submitted({ requestId: '', operation: 'DELETE', input: { id: RECORD_ID } })))['data.requestId'],
    'must be a non-empty request id',
  );
});

test('connection.connected: the org user licences are optional, so events published before them still parse, and must be a positive count', () => {
  const connected = createEvent('connection.connected', {
    source: 'auth-connector',
    tenantId: 'acme',
    integrationId: INTEGRATION_ID,
    subject: INTEGRATION_ID,
    correlationId: 'req-1',
    data: {
      connectionId: INTEGRATION_ID,
      dataCentre: 'EU',
      apiDomain: 'https://www.zohoapis.eu',
      zohoOrgId: '20001',
      zohoOrgTimeZone: 'Europe/Berlin',
      grantedScopes: ['ZohoCRM.modules.ALL'],
      zohoOrgEdition: 'enterprise',
      zohoOrgUserLicences: 200,
      apiVersion: 'V8',
      readStrategy: 'AUTOMATIC',
    },
  });
  const { zohoOrgUserLicences, ...publishedBefore } = connected.data;
  assert.equal(zohoOrgUserLicences, 200);
  assert.deepEqual(parseEvent(JSON.parse(JSON.stringify(connected)), Topics.connections).data, connected.data);
  const parsedBefore = parseEvent({ ...connected, data: publishedBefore }, Topics.connections);
  assert.equal(parsedBefore.type === 'connection.connected' && parsedBefore.data.zohoOrgUserLicences, undefined);
  const parsedUnreported = parseEvent({ ...connected, data: { ...publishedBefore, zohoOrgUserLicences: null } }, Topics.connections);
  assert.equal(parsedUnreported.type === 'connection.connected' && parsedUnreported.data.zohoOrgUserLicences, null);
  assert.equal(
    issuesOf(() => parseEvent({ ...connected, data: { ...publishedBefore, zohoOrgUserLicences: 0 } }))['data.zohoOrgUserLicences'],
    'must be at least 1',
  );
  assert.equal(
    issuesOf(() => parseEvent({ ...connected, data: { ...publishedBefore, zohoOrgUserLicences: 2.5 } }))['data.zohoOrgUserLicences'],
    'must be a whole number',
  );
});

test('api-key.revoked travels on the connections topic, keyed by the key id, and names its bad fields', () => {
  const revoked = createEvent('api-key.revoked', {
    source: 'auth-connector',
    tenantId: 'acme',
    integrationId: RECORD_ID,
    subject: RECORD_ID,
    correlationId: 'req-1',
    data: { keyId: RECORD_ID, revokedAt: '2026-12-06T22:10:00.000Z', revokedByUserId: 'admin-7' },
  });
  assert.deepEqual(parseEvent(JSON.parse(JSON.stringify(revoked)), Topics.connections), revoked);
  assert.match(issuesOf(() => parseEvent(revoked, Topics.recordUpdates))['type'] ?? '', /crm-bridge\.connections\.v1/);
  assert.deepEqual(
    issuesOf(() => parseEvent({ ...revoked, data: { keyId: 'k-1', revokedAt: 'just now', revokedByUserId: '' } })),
    {
      'data.keyId': 'must be a UUID',
      'data.revokedAt': 'must be an ISO 8601 instant',
      'data.revokedByUserId': 'must be a user id',
    },
  );
});
