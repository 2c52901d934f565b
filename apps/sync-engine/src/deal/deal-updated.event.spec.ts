import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { DealEntity } from './deal.entity';
import { dealUpdatedEvent } from './deal-updated.event';
import { portalDealFieldsOf } from './deal-values';

const fields = portalDealFieldsOf({
  phases: [{ name: 'Qualified' }, { name: 'Won' }],
  customFields: [
    { apiName: 'region', label: 'Region', type: 'MULTI_PICKLIST', options: ['EMEA', 'APAC'] },
    { apiName: 'seats', label: 'Seats', type: 'INTEGER', options: [] },
  ],
});
const source = { origin: 'ZOHO', fields, correlationId: 'sync-run-1' } as const;
const DEAL_ID = randomUUID();
const INTEGRATION_ID = randomUUID();

function deal(overrides: Partial<DealEntity> = {}): DealEntity {
  return {
    id: DEAL_ID,
    tenantId: 'tenant-1',
    integrationId: INTEGRATION_ID,
    zohoId: null,
    createdAt: new Date('2026-12-01T10:00:00.000Z'),
    updatedAt: new Date('2026-12-01T10:00:00.000Z'),
    name: 'Acme renewal',
    phase: 'Qualified',
    pipeline: 'Standard',
    amount: '1200.50',
    currencyCode: null,
    closingDate: null,
    accountId: null,
    partnerId: 'partner-7',
    ownerId: null,
    customFields: [{ apiName: 'region', value: 'EMEA;APAC' }],
    syncStatus: 'PENDING',
    lastSyncError: null,
    ...overrides,
  };
}

test('a creation lists every field with a value, canonical (a multi-select as a sorted list), old values null', () => {
  const event = dealUpdatedEvent({ before: null, after: deal() }, source);
  assert.equal(event?.type, 'deal.updated');
  assert.equal(event?.tenantId, 'tenant-1');
  assert.equal(event?.integrationId, INTEGRATION_ID);
  assert.equal(event?.subject, DEAL_ID);
  assert.equal(event?.correlationId, 'sync-run-1');
  assert.deepEqual(event?.data, {
    dealId: DEAL_ID,
    operation: 'CREATED',
    origin: 'ZOHO',
    pipeline: 'Standard',
    phase: 'Qualified',
    partnerId: 'partner-7',
    changes: [
      { field: 'name', oldValue: null, newValue: 'Acme renewal' },
      // Canonical decimals carry no trailing zeros.
      { field: 'amount', oldValue: null, newValue: '1200.5' },
      { field: 'phase', oldValue: null, newValue: 'Qualified' },
      { field: 'pipeline', oldValue: null, newValue: 'Standard' },
      { field: 'partner', oldValue: null, newValue: 'partner-7' },
      { field: 'region', oldValue: null, newValue: ['APAC', 'EMEA'] },
    ],
    updatedAt: '2026-12-01T10:00:00.000Z',
  });
});

test('an update lists exactly the fields whose canonical value changed, with the deal as it is after', () => {
  const before = deal();
  const after = deal({
    phase: 'Won',
    partnerId: null,
    // The same options in another order are the same multi-select: no change.
    customFields: [
      { apiName: 'region', value: 'APAC;EMEA' },
      { apiName: 'seats', value: '12' },
    ],
    updatedAt: new Date('2026-12-01T11:00:00.000Z'),
  });
  const event = dealUpdatedEvent({ before, after }, { ...source, origin: 'CONFLICT_RESOLUTION' });
  assert.deepEqual(event?.data, {
    dealId: DEAL_ID,
    operation: 'UPDATED',
    origin: 'CONFLICT_RESOLUTION',
    pipeline: 'Standard',
    phase: 'Won',
    partnerId: null,
    changes: [
      { field: 'phase', oldValue: 'Qualified', newValue: 'Won' },
      { field: 'partner', oldValue: 'partner-7', newValue: null },
      { field: 'seats', oldValue: null, newValue: 12 },
    ],
    updatedAt: '2026-12-01T11:00:00.000Z',
  });
});

test('a write that changes no field (an echo, only sync columns) is no event', () => {
  const before = deal();
  const after = deal({ zohoId: 'z-1', syncStatus: 'SYNCED', customFields: [{ apiName: 'region', value: 'APAC;EMEA' }] });
  assert.equal(dealUpdatedEvent({ before, after }, source), null);
  assert.equal(dealUpdatedEvent({ before: null, after: null }, source), null);
});

test('a deletion names no changes and carries pipeline, phase and partner as they were, at the deletion time', () => {
  const deletedAt = new Date('2026-12-02T09:30:00.000Z');
  const event = dealUpdatedEvent({ before: deal(), after: null }, { ...source, origin: 'PORTAL', deletedAt });
  assert.deepEqual(event?.data, {
    dealId: DEAL_ID,
    operation: 'DELETED',
    origin: 'PORTAL',
    pipeline: 'Standard',
    phase: 'Qualified',
    partnerId: 'partner-7',
    changes: [],
    updatedAt: '2026-12-02T09:30:00.000Z',
  });
});
