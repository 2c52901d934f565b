import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ApplyContext } from '../apply/apply-mapping';
import type { MappingDefinition } from '../mapping/mapping-definition';
import type { CanonicalValues } from '../normalise/canonical-value';
import { reconcileDeal, type DealReconciliation, type DealSides } from './reconcile-deal';

const DEFINITION: MappingDefinition = {
  stageMappings: [
    {
      zohoPipeline: 'Standard',
      inbound: [
        { zohoStage: 'Qualification', portalPhase: 'Qualified' },
        { zohoStage: 'Negotiation/Review', portalPhase: 'Negotiating' },
        { zohoStage: 'Closed Won', portalPhase: 'Won' },
      ],
      outbound: [
        { portalPhase: 'Qualified', zohoStage: 'Qualification' },
        { portalPhase: 'Negotiating', zohoStage: 'Negotiation/Review' },
        { portalPhase: 'Won', zohoStage: 'Closed Won' },
      ],
      onCreate: { strategy: 'INFER' },
    },
  ],
  fieldMappings: [
    { portalField: 'name', zohoField: 'Deal_Name', direction: 'BOTH', valueMap: [] },
    { portalField: 'amount', zohoField: 'Amount', direction: 'BOTH', valueMap: [] },
    { portalField: 'closingDate', zohoField: 'Closing_Date', direction: 'BOTH', valueMap: [] },
  ],
  zohoDefaults: [],
  matchKey: { kind: 'EXTERNAL_ID', zohoField: 'Portal_Deal_Id' },
};

const CONTEXT: ApplyContext = {
  timeZone: 'Asia/Kolkata',
  portalFields: [
    { name: 'name', type: 'TEXT', maxLength: null, picklistValues: [] },
    { name: 'amount', type: 'DECIMAL', maxLength: null, picklistValues: [] },
    { name: 'closingDate', type: 'DATE', maxLength: null, picklistValues: [] },
    { name: 'phase', type: 'PICKLIST', maxLength: null, picklistValues: ['Qualified', 'Negotiating', 'Won'] },
    { name: 'pipeline', type: 'TEXT', maxLength: null, picklistValues: [] },
  ],
};

const PHASE_TO_STAGE: Record<string, string> = { Qualified: 'Qualification', Negotiating: 'Negotiation/Review', Won: 'Closed Won' };
const ID = '0b8e7a4c-2f1d-4c53-9d0e-5a6b7c8d9e0f';

// Few values, so the sides often make the same change or change a field back.
const name = fc.constantFrom('Acme', 'Acme renewal', 'Globex');
const amount = fc.constantFrom('100', '120.5', '99.99');
const closingDate = fc.constantFrom('2026-03-31', '2026-04-30', null);
const phase = fc.constantFrom('Qualified', 'Negotiating', 'Won');
const portalEdit = fc.record({ name, amount, closingDate, phase }, { requiredKeys: [] });
const zohoEdit = fc.record(
  { Deal_Name: name, Amount: amount.map(Number), Closing_Date: closingDate, Stage: phase.map((value) => PHASE_TO_STAGE[value]) },
  { requiredKeys: [] },
);

/** Does what a plan says to both sides, as outbound and inbound sync would. */
function execute(sides: DealSides, planned: DealReconciliation): DealSides {
  let { portal, zoho } = sides;
  if (planned.portal.kind === 'DELETE') {
    portal = null;
  } else if (planned.portal.kind !== 'NONE') {
    portal = { id: ID, values: { ...(portal?.values ?? {}), ...planned.portal.values } };
  }
  if (planned.zoho.kind === 'DELETE') {
    zoho = null;
  } else if (planned.zoho.kind !== 'NONE') {
    zoho = { id: 'z-1', ...(zoho ?? {}), ...planned.zoho.payload };
  }
  return { portal, zoho, snapshot: planned.snapshot };
}

const writes = (planned: DealReconciliation) => [planned.zoho.kind, planned.portal.kind];

test('after one reconciliation is carried out, the next plans nothing: no sync loop, and a linked pair agrees on every field but conflicts', () => {
  fc.assert(
    fc.property(portalEdit, zohoEdit, (portalChanges, zohoChanges) => {
      const base: CanonicalValues = { name: 'Acme', amount: '100', closingDate: '2026-03-31', phase: 'Qualified', pipeline: 'Standard' };
      const sides: DealSides = {
        portal: { id: ID, values: { ...base, ...portalChanges } },
        zoho: {
          id: 'z-1',
          Deal_Name: 'Acme',
          Amount: 100,
          Closing_Date: '2026-03-31',
          Stage: 'Qualification',
          Pipeline: 'Standard',
          Portal_Deal_Id: ID,
          ...zohoChanges,
        },
        snapshot: base,
      };
      const first = reconcileDeal(DEFINITION, CONTEXT, sides, { toZoho: true, toPortal: true });
      const after = execute(sides, first);
      const second = reconcileDeal(DEFINITION, CONTEXT, after, { toZoho: true, toPortal: true });
      assert.deepEqual(writes(second), ['NONE', 'NONE']);
      assert.deepEqual(second.conflicts, first.conflicts);
      // The snapshot is a fixpoint: it already records what both sides now agree on.
      assert.deepEqual(second.snapshot, first.snapshot);
      const conflicted = new Set(first.conflicts.map((conflict) => conflict.field));
      const zohoInPortalTerms = reconcileDeal(
        DEFINITION,
        CONTEXT,
        { portal: null, zoho: after.zoho, snapshot: null },
        { toZoho: false, toPortal: true },
      );
      const zohoValues = zohoInPortalTerms.portal.kind === 'CREATE' ? zohoInPortalTerms.portal.values : {};
      for (const field of Object.keys(base).filter((key) => !conflicted.has(key))) {
        assert.deepEqual(after.portal?.values[field] ?? null, zohoValues[field] ?? null, field);
        assert.deepEqual(first.snapshot?.[field] ?? null, after.portal?.values[field] ?? null, `snapshot of ${field}`);
      }
    }),
    { numRuns: 500 },
  );
});

test('a new deal on either side, once created on the other, is an echo the next time: nothing is written twice', () => {
  fc.assert(
    fc.property(portalEdit, fc.boolean(), (values, fromPortal) => {
      const portalValues = { name: 'Acme', amount: '100', closingDate: null, phase: 'Qualified', pipeline: null, ...values };
      const sides: DealSides = fromPortal
        ? { portal: { id: ID, values: portalValues }, zoho: null, snapshot: null }
        : {
            portal: null,
            zoho: {
              id: 'z-1',
              Deal_Name: portalValues.name,
              Amount: Number(portalValues.amount),
              Stage: PHASE_TO_STAGE[portalValues.phase],
              Pipeline: 'Standard',
            },
            snapshot: null,
          };
      const first = reconcileDeal(DEFINITION, CONTEXT, sides, { toZoho: true, toPortal: true });
      assert.equal(first.outcome, 'SYNC');
      const second = reconcileDeal(DEFINITION, CONTEXT, execute(sides, first), { toZoho: true, toPortal: true });
      assert.deepEqual(writes(second), ['NONE', 'NONE']);
    }),
    { numRuns: 300 },
  );
});
