import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DealReconciliation } from '@crm-bridge/sync-domain';
import { outcomesOfInboundPlan } from './inbound-outcome';

const ids = { portalRecordId: 'p-1', zohoRecordId: '42' };
const plan = (parts: Partial<DealReconciliation>): DealReconciliation => ({
  outcome: 'SYNC',
  zoho: { kind: 'NONE' },
  portal: { kind: 'NONE' },
  snapshot: {},
  snapshotWithoutZohoWrite: {},
  snapshotWithoutPortalWrite: {},
  conflicts: [],
  notes: [],
  ...parts,
});

test('an echo records nothing; the portal write is counted by its kind', () => {
  assert.deepEqual(outcomesOfInboundPlan(plan({}), ids), []);
  assert.deepEqual(outcomesOfInboundPlan(plan({ portal: { kind: 'CREATE', values: { name: 'A' } } }), ids), [{ kind: 'created' }]);
  assert.deepEqual(outcomesOfInboundPlan(plan({ portal: { kind: 'DELETE' } }), ids), [{ kind: 'deleted' }]);
  // A Zoho write left for outbound is not inbound's to count.
  assert.deepEqual(outcomesOfInboundPlan(plan({ zoho: { kind: 'UPDATE', payload: { Amount: 1 } } }), ids), []);
});

test('an ignored deal is skipped with the reason; conflicts count once; unwritten fields are one issue naming the portal field', () => {
  const ignored = outcomesOfInboundPlan(
    plan({
      outcome: 'IGNORED',
      notes: [
        {
          code: 'PIPELINE_NOT_SELECTED',
          field: 'phase',
          zohoField: 'Stage',
          reason: "pipeline 'Enterprise' is not selected in the mapping",
        },
      ],
    }),
    ids,
  );
  assert.equal(ignored.length, 1);
  assert.equal(ignored[0]?.kind, 'skipped');
  assert.match(
    ignored[0]?.kind === 'skipped' ? ignored[0].issue.reason : '',
    /^Zoho deal 42 ignored: pipeline 'Enterprise' is not selected/,
  );

  const mixed = outcomesOfInboundPlan(
    plan({
      portal: { kind: 'UPDATE', values: { amount: '10.00' } },
      conflicts: [
        { field: 'name', base: 'A', portal: 'B', zoho: 'C' },
        { field: 'closingDate', base: null, portal: '2026-01-01', zoho: '2026-02-01' },
      ],
      notes: [{ code: 'STAGE_UNMAPPED', field: 'phase', zohoField: 'Stage', reason: "stage 'On Hold' has no portal phase" }],
    }),
    ids,
  );
  assert.deepEqual(
    mixed.map((outcome) => outcome.kind),
    ['updated', 'conflicts', 'skipped'],
  );
  const issue = mixed[2]?.kind === 'skipped' ? mixed[2].issue : null;
  assert.deepEqual(
    { field: issue?.field, direction: issue?.direction, portalRecordId: issue?.portalRecordId, zohoRecordId: issue?.zohoRecordId },
    { field: 'phase', direction: 'ZOHO_TO_PORTAL', portalRecordId: 'p-1', zohoRecordId: '42' },
  );
  assert.match(issue?.reason ?? '', /fields left unchanged: stage 'On Hold' has no portal phase/);
});
