import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent, EventValidationError, parseEvent, Topics } from './index';

const INTEGRATION_ID = '5f0c9a4e-2b1d-4c3e-8f6a-7b8c9d0e1f2a';
const DEAL_ID = '0b8e6c1e-4f7a-4a53-9a53-5b0f3f7d1c2a';
const CONFLICT_ID = '7d1c2a0b-8e6c-4e4f-9a53-5b0f3f7d1c2b';
const envelope = { source: 'sync-engine', tenantId: 'acme', integrationId: INTEGRATION_ID, correlationId: 'req-1' };

function problems(action: () => unknown): Record<string, string> {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof EventValidationError, String(error));
    return Object.fromEntries(error.issues.map((issue) => [issue.field, issue.reason]));
  }
  assert.fail('expected an EventValidationError');
}

test('a conflict detection carries base, portal and Zoho values per field, each a canonical value, with instants', () => {
  const event = createEvent('conflict.detected', {
    ...envelope,
    subject: DEAL_ID,
    data: {
      module: 'DEALS',
      portalRecordId: DEAL_ID,
      zohoRecordId: '4150868000000224005',
      detectedAt: '2026-12-06T10:00:03.120Z',
      fields: [
        {
          field: 'amount',
          baseValue: '1000.00',
          portalValue: '1200.00',
          zohoValue: '1500.00',
          portalChangedAt: '2026-12-06T10:00:01.000Z',
          zohoChangedAt: '2026-12-06T10:00:02.000+01:00',
        },
        {
          field: 'tags',
          baseValue: null,
          portalValue: ['a'],
          zohoValue: ['b'],
          portalChangedAt: '2026-12-06T10:00:01Z',
          zohoChangedAt: '2026-12-06T10:00:02Z',
        },
      ],
    },
  });
  assert.deepEqual(parseEvent(JSON.parse(JSON.stringify(event)), Topics.conflicts), event);
  assert.deepEqual(
    problems(() =>
      createEvent('conflict.detected', {
        ...envelope,
        subject: DEAL_ID,
        data: {
          module: 'DEALS',
          portalRecordId: DEAL_ID,
          zohoRecordId: '',
          detectedAt: 'yesterday',
          fields: [
            {
              field: 'amount',
              baseValue: { id: 'x' },
              portalValue: '1',
              zohoValue: '2',
              portalChangedAt: 'now',
              zohoChangedAt: '2026-12-06T10:00:02Z',
            },
          ],
        } as never,
      }),
    ),
    {
      'data.zohoRecordId': 'must be a non-empty Zoho record id',
      'data.detectedAt': 'must be an ISO 8601 instant',
      'data.fields.0.baseValue': 'must be a string, a finite number, a boolean, null or a list of strings',
      'data.fields.0.portalChangedAt': 'must be an ISO 8601 instant',
    },
  );
});

test('a conflict clearing names the record, its fields and one reason from the vocabulary', () => {
  const data = {
    module: 'DEALS' as const,
    portalRecordId: DEAL_ID,
    zohoRecordId: '4150868000000224005',
    fields: ['amount', 'phase'],
    reason: 'CONVERGED' as const,
    clearedAt: '2026-12-06T10:05:00.000Z',
  };
  const event = createEvent('conflict.cleared', { ...envelope, subject: DEAL_ID, data });
  assert.deepEqual(parseEvent(JSON.parse(JSON.stringify(event)), Topics.conflicts), event);
  assert.deepEqual(
    problems(() =>
      createEvent('conflict.cleared', {
        ...envelope,
        subject: DEAL_ID,
        data: { ...data, fields: [], reason: 'FORGOTTEN', clearedAt: 'just now' } as never,
      }),
    ),
    {
      'data.fields': 'must name at least one field',
      'data.reason': 'must be one of CONVERGED, RECORD_DELETED, FIELD_UNMAPPED',
      'data.clearedAt': 'must be an ISO 8601 instant',
    },
  );
});

test('a conflict resolution names the value kept and who or which policy kept it', () => {
  const data = {
    conflictId: CONFLICT_ID,
    module: 'DEALS' as const,
    portalRecordId: DEAL_ID,
    zohoRecordId: '4150868000000224005',
    field: 'amount',
    resolution: 'ZOHO_VALUE' as const,
    resolvedValue: '1500.00',
    zohoValue: '1500.00',
    policy: 'ZOHO_WINS' as const,
    resolvedBy: 'policy:ZOHO_WINS',
    resolvedAt: '2026-12-06T10:00:03.500Z',
  };
  const event = createEvent('conflict.resolved', { ...envelope, source: 'conflict-resolver', subject: CONFLICT_ID, data });
  assert.deepEqual(parseEvent(JSON.parse(JSON.stringify(event)), Topics.conflicts), event);
  assert.deepEqual(
    problems(() =>
      createEvent('conflict.resolved', {
        ...envelope,
        subject: CONFLICT_ID,
        data: { ...data, resolution: 'SPLIT_THE_DIFFERENCE', policy: 'COIN_TOSS' } as never,
      }),
    ),
    {
      'data.resolution': 'must be one of PORTAL_VALUE, ZOHO_VALUE, CUSTOM_VALUE',
      'data.policy': 'must be one of ZOHO_WINS, PORTAL_WINS, LATEST_CHANGE_WINS, MANUAL_REVIEW',
    },
  );
});

test('a deal update says what changed, from where, and the deal’s pipeline, phase and partner', () => {
  const event = createEvent('deal.updated', {
    ...envelope,
    subject: DEAL_ID,
    data: {
      dealId: DEAL_ID,
      operation: 'UPDATED',
      origin: 'ZOHO',
      pipeline: 'Standard',
      phase: 'Negotiation',
      partnerId: null,
      changes: [{ field: 'phase', oldValue: 'Proposal', newValue: 'Negotiation' }],
      updatedAt: '2026-12-06T10:00:03.120Z',
    },
  });
  assert.deepEqual(parseEvent(JSON.parse(JSON.stringify(event)), Topics.recordUpdates), event);
  assert.deepEqual(
    problems(() =>
      createEvent('deal.updated', {
        ...envelope,
        subject: DEAL_ID,
        data: { ...event.data, origin: 'SOMEWHERE', phase: '', changes: [{ field: '', oldValue: 1, newValue: 2 }] } as never,
      }),
    ),
    {
      'data.origin': 'must be one of PORTAL, ZOHO, CONFLICT_RESOLUTION',
      'data.phase': 'must be a non-empty phase',
      'data.changes.0.field': 'must be a non-empty field name',
    },
  );
});

test('a record field value is a string, a finite number, a boolean, null or a list of strings — nothing else', () => {
  const accepted = ['Proposal', '', 1250.5, 0, true, false, null, [], ['EMEA', 'APAC']];
  const refused = [Number.NaN, Number.POSITIVE_INFINITY, ['EMEA', 3], { id: 'x' }, undefined];
  const changeWith = (newValue: unknown) =>
    createEvent('deal.updated', {
      ...envelope,
      subject: DEAL_ID,
      data: {
        dealId: DEAL_ID,
        operation: 'UPDATED',
        origin: 'ZOHO',
        pipeline: null,
        phase: 'Proposal',
        partnerId: null,
        changes: [{ field: 'region', oldValue: null, newValue: newValue as never }],
        updatedAt: '2026-12-06T10:00:03.120Z',
      },
    });
  for (const value of accepted) {
    assert.deepEqual(changeWith(value).data.changes[0]?.newValue, value);
  }
  for (const value of refused) {
    assert.deepEqual(
      problems(() => changeWith(value)),
      {
        'data.changes.0.newValue': 'must be a string, a finite number, a boolean, null or a list of strings',
      },
    );
  }
});

test('integration settings may give a module its own conflict policy; events from before module policies parse, a bad one names its path', () => {
  const settings = {
    created: false,
    connectionId: '2a0b8e6c-1e4f-4a53-9a53-5b0f3f7d1c2a',
    name: 'Partner portal',
    enabled: true,
    contactTargetModule: 'CONTACTS',
    conflictPolicy: 'ZOHO_WINS',
    syncIntervalMinutes: 60,
    debounceSeconds: 5,
    syncRecordsFrom: null,
    timeZone: 'Europe/Berlin',
  } as const;
  const withModules = (modules: unknown[]) =>
    createEvent('integration.settings-changed', {
      ...envelope,
      source: 'mapping-config',
      subject: INTEGRATION_ID,
      data: { ...settings, modules } as never,
    });
  const event = withModules([
    { module: 'DEALS', enabled: true, direction: 'BOTH', conflictPolicy: 'MANUAL_REVIEW' },
    { module: 'CONTACTS', enabled: true, direction: 'BOTH', conflictPolicy: null },
    { module: 'LEADS', enabled: false, direction: 'BOTH' },
  ]);
  assert.deepEqual(
    event.data.modules.map((module) => module.conflictPolicy),
    ['MANUAL_REVIEW', null, undefined],
  );
  assert.deepEqual(
    problems(() => withModules([{ module: 'DEALS', enabled: true, direction: 'BOTH', conflictPolicy: 'COIN_TOSS' }])),
    { 'data.modules.0.conflictPolicy': 'must be one of ZOHO_WINS, PORTAL_WINS, LATEST_CHANGE_WINS, MANUAL_REVIEW' },
  );
});

test('integration settings may carry their own registration collision rules; absent or null means the defaults, a bad one names its path', () => {
  const settings = {
    created: false,
    connectionId: '2a0b8e6c-1e4f-4a53-9a53-5b0f3f7d1c2a',
    name: 'Partner portal',
    enabled: true,
    modules: [{ module: 'DEALS', enabled: true, direction: 'BOTH' }],
    contactTargetModule: 'CONTACTS',
    conflictPolicy: 'ZOHO_WINS',
    syncIntervalMinutes: 60,
    debounceSeconds: 5,
    syncRecordsFrom: null,
    timeZone: 'Europe/Berlin',
  } as const;
  const withRules = (registrationCollisions?: unknown) =>
    createEvent('integration.settings-changed', {
      ...envelope,
      source: 'mapping-config',
      subject: INTEGRATION_ID,
      data: (registrationCollisions === undefined ? settings : { ...settings, registrationCollisions }) as never,
    });
  // Published before the rules existed, or by an integration that set none.
  assert.equal(withRules().data.registrationCollisions, undefined);
  assert.equal(withRules(null).data.registrationCollisions, null);
  assert.deepEqual(withRules({ enabled: false, windowDays: 1, similarityThreshold: 0.5 }).data.registrationCollisions, {
    enabled: false,
    windowDays: 1,
    similarityThreshold: 0.5,
  });
  assert.deepEqual(withRules({ enabled: true, windowDays: 365, similarityThreshold: 1 }).data.registrationCollisions?.windowDays, 365);
  assert.deepEqual(
    problems(() => withRules({ enabled: true, windowDays: 0, similarityThreshold: 0.49 })),
    {
      'data.registrationCollisions.windowDays': 'must be at least 1',
      'data.registrationCollisions.similarityThreshold': 'must be at least 0.5',
    },
  );
  assert.deepEqual(
    problems(() => withRules({ enabled: true, windowDays: 30.5, similarityThreshold: 1.01 })),
    {
      'data.registrationCollisions.windowDays': 'must be a whole number',
      'data.registrationCollisions.similarityThreshold': 'must be at most 1',
    },
  );
  assert.deepEqual(
    problems(() => withRules({ windowDays: 366, similarityThreshold: 0.8 })),
    {
      'data.registrationCollisions.enabled': 'Required',
      'data.registrationCollisions.windowDays': 'must be at most 365',
    },
  );
});
