import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DealEntity } from './deal.entity';
import { canonicalValuesOfDeal, dealFieldsWith, portalDealFieldsOf } from './deal-values';

const schema = {
  phases: [
    { name: 'Qualified', outcome: 'OPEN' as const },
    { name: 'Won', outcome: 'WON' as const },
  ],
  customFields: [
    { apiName: 'region', label: 'Region', type: 'MULTI_PICKLIST' as const, options: ['EMEA', 'APAC'] },
    { apiName: 'seats', label: 'Seats', type: 'INTEGER' as const, options: [] },
    { apiName: 'renewal', label: 'Renewal', type: 'BOOLEAN' as const, options: [] },
  ],
};
const fields = portalDealFieldsOf(schema);

function deal(overrides: Partial<DealEntity> = {}): DealEntity {
  return {
    id: 'deal-1',
    tenantId: 'tenant-1',
    integrationId: 'integration-1',
    zohoId: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    name: 'Acme renewal',
    phase: 'Qualified',
    pipeline: 'Standard',
    amount: '1200.50',
    currencyCode: 'EUR',
    closingDate: '2026-03-31',
    accountId: null,
    partnerId: 'partner-7',
    ownerId: null,
    customFields: [
      { apiName: 'region', value: 'EMEA;APAC' },
      { apiName: 'seats', value: '42' },
    ],
    syncStatus: 'PENDING',
    lastSyncError: null,
    ...overrides,
  };
}

test("a deal's stored values read as canonical values, field by field, with the phase among the schema's options", () => {
  assert.deepEqual(fields.find((field) => field.name === 'phase')?.picklistValues, ['Qualified', 'Won']);
  const { values, problems } = canonicalValuesOfDeal(deal(), fields);
  assert.deepEqual(problems, []);
  assert.deepEqual(values, {
    name: 'Acme renewal',
    amount: '1200.5',
    currency: 'EUR',
    closingDate: '2026-03-31',
    phase: 'Qualified',
    pipeline: 'Standard',
    account: null,
    partner: 'partner-7',
    owner: null,
    region: ['APAC', 'EMEA'],
    seats: 42,
    renewal: null,
  });
});

test('a stored value its type cannot read is a problem naming the field, and the other fields still read', () => {
  const { values, problems } = canonicalValuesOfDeal(deal({ customFields: [{ apiName: 'seats', value: 'many' }] }), fields);
  assert.deepEqual(
    problems.map((problem) => [problem.field, problem.code]),
    [['seats', 'INVALID_VALUE']],
  );
  assert.equal(values['name'], 'Acme renewal');
});

test('canonical values write over the fields they carry and leave the others, in the text form a deal stores', () => {
  const written = dealFieldsWith(deal(), { phase: 'Won', amount: '990', region: ['EMEA'], renewal: true, seats: null }, fields);
  assert.equal(written.phase, 'Won');
  assert.equal(written.amount, '990');
  assert.equal(written.name, 'Acme renewal');
  assert.equal(written.closingDate, '2026-03-31');
  assert.deepEqual(
    [...written.customFields].sort((a, b) => a.apiName.localeCompare(b.apiName)),
    [
      { apiName: 'region', value: 'EMEA' },
      { apiName: 'renewal', value: 'true' },
    ],
  );
  // And read back, they are the values written.
  const { values } = canonicalValuesOfDeal(deal({ ...written }), fields);
  assert.deepEqual(
    [values['phase'], values['amount'], values['region'], values['renewal'], values['seats']],
    ['Won', '990', ['EMEA'], true, null],
  );
});
