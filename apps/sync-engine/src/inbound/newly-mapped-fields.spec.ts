import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reconcileDeal, type MappingDefinition } from '@crm-bridge/sync-domain';
import { snapshotCoveringMappedFields } from './newly-mapped-fields';

const definition: MappingDefinition = {
  stageMappings: [
    {
      zohoPipeline: 'Standard',
      inbound: [{ zohoStage: 'Qualification', portalPhase: 'Qualified' }],
      outbound: [{ portalPhase: 'Qualified', zohoStage: 'Qualification' }],
      onCreate: { strategy: 'INFER' },
    },
  ],
  fieldMappings: [
    { portalField: 'name', zohoField: 'Deal_Name', direction: 'BOTH', valueMap: [] },
    { portalField: 'region', zohoField: 'Partner_Region', direction: 'BOTH', valueMap: [] },
  ],
  zohoDefaults: [],
  matchKey: { kind: 'ZOHO_ID' },
};
const context = {
  portalFields: [
    { name: 'name', type: 'TEXT' as const, maxLength: null, picklistValues: [] },
    { name: 'phase', type: 'PICKLIST' as const, maxLength: null, picklistValues: ['Qualified'] },
    { name: 'pipeline', type: 'TEXT' as const, maxLength: null, picklistValues: [] },
    { name: 'region', type: 'TEXT' as const, maxLength: null, picklistValues: [] },
  ],
  timeZone: 'UTC',
};
// Synced before `region` was mapped: the snapshot has no value for it.
const snapshot = { name: 'Acme', phase: 'Qualified', pipeline: 'Standard' };
const zoho = (region: string | null) => ({
  id: '1',
  Deal_Name: 'Acme',
  Stage: 'Qualification',
  Pipeline: 'Standard',
  Partner_Region: region,
});

test("a newly mapped field takes Zoho's value into the portal instead of calling it a conflict", () => {
  const portal = { name: 'Acme', phase: 'Qualified', pipeline: 'Standard', region: null };
  const seeded = snapshotCoveringMappedFields(definition, context, { snapshot, portal, zoho: zoho('EMEA') });
  assert.deepEqual(seeded, { ...snapshot, region: null });
  const plan = reconcileDeal(
    definition,
    context,
    { portal: { id: 'p', values: portal }, zoho: zoho('EMEA'), snapshot: seeded },
    { toZoho: true, toPortal: true },
  );
  assert.deepEqual(plan.conflicts, []);
  assert.deepEqual(plan.portal, { kind: 'UPDATE', values: { region: 'EMEA' } });
  // Unseeded, the same deal is a conflict.
  const unseeded = reconcileDeal(
    definition,
    context,
    { portal: { id: 'p', values: portal }, zoho: zoho('EMEA'), snapshot },
    { toZoho: true, toPortal: true },
  );
  assert.equal(unseeded.conflicts.length, 1);
});

test("when Zoho's field is empty the portal keeps its value, to be written to Zoho", () => {
  const portal = { name: 'Acme', phase: 'Qualified', pipeline: 'Standard', region: 'APAC' };
  const seeded = snapshotCoveringMappedFields(definition, context, { snapshot, portal, zoho: zoho(null) });
  const plan = reconcileDeal(
    definition,
    context,
    { portal: { id: 'p', values: portal }, zoho: zoho(null), snapshot: seeded },
    { toZoho: true, toPortal: true },
  );
  assert.deepEqual(plan.portal, { kind: 'NONE' });
  assert.deepEqual(plan.conflicts, []);
  assert.equal(plan.zoho.kind, 'UPDATE');
});

test('a snapshot covering every mapped field, or a deal missing on a side, is left as it is', () => {
  const full = { ...snapshot, region: 'EMEA' };
  assert.equal(snapshotCoveringMappedFields(definition, context, { snapshot: full, portal: full, zoho: zoho('EMEA') }), full);
  assert.equal(snapshotCoveringMappedFields(definition, context, { snapshot, portal: null, zoho: zoho('EMEA') }), snapshot);
});
