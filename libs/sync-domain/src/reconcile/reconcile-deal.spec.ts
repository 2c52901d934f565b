import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ApplyContext } from '../apply/apply-mapping';
import type { MappingDefinition } from '../mapping/mapping-definition';
import type { CanonicalValues } from '../normalise/canonical-value';
import { conflictableDealFields, reconcileDeal, type DealSyncWays } from './reconcile-deal';

const DEFINITION: MappingDefinition = {
  stageMappings: [
    {
      zohoPipeline: 'Standard',
      inbound: [
        { zohoStage: 'Qualification', portalPhase: 'Qualified' },
        { zohoStage: 'Needs Analysis', portalPhase: 'Qualified' },
        { zohoStage: 'Negotiation/Review', portalPhase: 'Negotiating' },
        { zohoStage: 'Closed Won', portalPhase: 'Won' },
      ],
      outbound: [
        { portalPhase: 'Qualified', zohoStage: 'Qualification' },
        { portalPhase: 'Negotiating', zohoStage: 'Negotiation/Review' },
        { portalPhase: 'Won', zohoStage: 'Closed Won' },
      ],
      onCreate: { strategy: 'STATIC', zohoStage: 'Qualification' },
    },
    {
      zohoPipeline: 'Partner Channel',
      inbound: [
        { zohoStage: 'Registered', portalPhase: 'Registered' },
        { zohoStage: 'Deal Won', portalPhase: 'Won' },
      ],
      outbound: [
        { portalPhase: 'Registered', zohoStage: 'Registered' },
        { portalPhase: 'Won', zohoStage: 'Deal Won' },
      ],
      onCreate: { strategy: 'INFER' },
    },
    {
      zohoPipeline: 'Enterprise',
      inbound: [{ zohoStage: 'Discovery', portalPhase: 'Qualified' }],
      outbound: [{ portalPhase: 'Qualified', zohoStage: 'Discovery' }],
      onCreate: { strategy: 'MANUAL', stages: [{ portalPhase: 'Negotiating', zohoStage: 'Discovery' }] },
    },
  ],
  fieldMappings: [
    { portalField: 'name', zohoField: 'Deal_Name', direction: 'BOTH', valueMap: [] },
    { portalField: 'amount', zohoField: 'Amount', direction: 'BOTH', valueMap: [] },
    { portalField: 'closingDate', zohoField: 'Closing_Date', direction: 'BOTH', valueMap: [] },
    { portalField: 'note', zohoField: 'Description', direction: 'PORTAL_TO_ZOHO', valueMap: [] },
    { portalField: 'score', zohoField: 'Score', direction: 'ZOHO_TO_PORTAL', valueMap: [] },
  ],
  zohoDefaults: [{ zohoField: 'Type', value: 'New Business' }],
  matchKey: { kind: 'EXTERNAL_ID', zohoField: 'Portal_Deal_Id' },
};

const CONTEXT: ApplyContext = {
  timeZone: 'Europe/Berlin',
  portalFields: [
    { name: 'name', type: 'TEXT', maxLength: null, picklistValues: [] },
    { name: 'amount', type: 'DECIMAL', maxLength: null, picklistValues: [] },
    { name: 'closingDate', type: 'DATE', maxLength: null, picklistValues: [] },
    { name: 'phase', type: 'PICKLIST', maxLength: null, picklistValues: ['Qualified', 'Negotiating', 'Registered', 'Won'] },
    { name: 'pipeline', type: 'TEXT', maxLength: null, picklistValues: [] },
    { name: 'note', type: 'TEXT', maxLength: null, picklistValues: [] },
    { name: 'score', type: 'INTEGER', maxLength: null, picklistValues: [] },
  ],
};

const BOTH_WAYS: DealSyncWays = { toZoho: true, toPortal: true };
const PORTAL_ID = '7d3b6a1e-0c5f-4a57-9a55-3f1f1b2f8c01';

const portalDeal = (values: CanonicalValues) => ({
  id: PORTAL_ID,
  values: { name: 'Acme renewal', amount: '1200', closingDate: '2026-03-31', phase: 'Qualified', pipeline: null, note: null, ...values },
});
const zohoDeal = (values: Record<string, unknown> = {}) => ({
  id: 'z-1',
  Deal_Name: 'Acme renewal',
  Amount: 1200,
  Closing_Date: '2026-03-31',
  Stage: 'Qualification',
  Pipeline: 'Standard',
  Score: 7,
  Description: 'ignored inbound',
  Portal_Deal_Id: PORTAL_ID,
  ...values,
});
/** What both sides had at the last sync of the deals above. */
const SNAPSHOT: CanonicalValues = {
  name: 'Acme renewal',
  amount: '1200',
  closingDate: '2026-03-31',
  phase: 'Qualified',
  pipeline: 'Standard',
  note: null,
  score: 7,
};

describe('a deal on one side only', () => {
  test('a new portal deal is created in Zoho with its mapped fields, defaults, the portal id, its pipeline and the STATIC first stage', () => {
    const result = reconcileDeal(DEFINITION, CONTEXT, { portal: portalDeal({ phase: 'Won' }), zoho: null, snapshot: null }, BOTH_WAYS);
    assert.equal(result.outcome, 'SYNC');
    assert.deepEqual(result.zoho, {
      kind: 'CREATE',
      payload: {
        Deal_Name: 'Acme renewal',
        Amount: 1200,
        Closing_Date: '2026-03-31',
        Description: null,
        Type: 'New Business',
        Portal_Deal_Id: PORTAL_ID,
        Pipeline: 'Standard',
        Stage: 'Qualification',
      },
    });
    assert.deepEqual(result.portal, { kind: 'NONE' });
    // Zoho will read the deal back at Qualification (phase Qualified): the snapshot keeps that stage as Zoho's reading.
    assert.deepEqual(result.snapshot, {
      name: 'Acme renewal',
      amount: '1200',
      closingDate: '2026-03-31',
      note: null,
      phase: 'Won',
      pipeline: 'Standard',
      'zoho:phase': 'Qualification',
    });
  });

  test('a STATIC first stage read back is no Zoho change: the portal phase stays; a later move on either side syncs and settles the reading', () => {
    const created = reconcileDeal(DEFINITION, CONTEXT, { portal: portalDeal({ phase: 'Won' }), zoho: null, snapshot: null }, BOTH_WAYS);
    const asCreated = {
      portal: portalDeal({ phase: 'Won' }),
      zoho: zohoDeal({ Stage: 'Qualification' }),
      snapshot: created.snapshot,
    };
    const readBack = reconcileDeal(DEFINITION, CONTEXT, asCreated, BOTH_WAYS);
    // Only the field Zoho alone fills (Score) comes in; the phase stays Won.
    assert.deepEqual(
      [readBack.zoho, readBack.portal, readBack.conflicts],
      [{ kind: 'NONE' }, { kind: 'UPDATE', values: { score: 7 } }, []],
    );
    assert.equal(readBack.snapshot?.['zoho:phase'], 'Qualification');

    const movedInZoho = reconcileDeal(DEFINITION, CONTEXT, { ...asCreated, zoho: zohoDeal({ Stage: 'Negotiation/Review' }) }, BOTH_WAYS);
    assert.deepEqual(movedInZoho.portal, { kind: 'UPDATE', values: { phase: 'Negotiating', score: 7 } });
    assert.equal(movedInZoho.snapshot?.['phase'], 'Negotiating');
    assert.equal(movedInZoho.snapshot && 'zoho:phase' in movedInZoho.snapshot, false);

    const movedInPortal = reconcileDeal(DEFINITION, CONTEXT, { ...asCreated, portal: portalDeal({ phase: 'Negotiating' }) }, BOTH_WAYS);
    assert.deepEqual(movedInPortal.zoho, {
      kind: 'UPDATE',
      payload: { Portal_Deal_Id: PORTAL_ID, Stage: 'Negotiation/Review', Pipeline: 'Standard' },
    });
    assert.equal(movedInPortal.snapshot && 'zoho:phase' in movedInPortal.snapshot, false);
    // Written to Zoho only (outbound): the reading is renewed with what Zoho will read back.
    assert.equal(movedInPortal.snapshotWithoutPortalWrite?.['phase'], 'Negotiating');
    // Not written to Zoho yet (inbound): the old reading stays, so Zoho's unchanged stage is still no change.
    assert.equal(movedInPortal.snapshotWithoutZohoWrite?.['zoho:phase'], 'Qualification');
  });

  test('a Zoho move from a STATIC first stage to another stage of the same phase is a Zoho change: the portal takes the phase', () => {
    // Created in phase Won at Qualification (Zoho reads it as Qualified); a Zoho user moves it to
    // Needs Analysis, which also reads as Qualified: the user moved the deal, so the portal follows.
    const created = reconcileDeal(DEFINITION, CONTEXT, { portal: portalDeal({ phase: 'Won' }), zoho: null, snapshot: null }, BOTH_WAYS);
    const moved = reconcileDeal(
      DEFINITION,
      CONTEXT,
      { portal: portalDeal({ phase: 'Won' }), zoho: zohoDeal({ Stage: 'Needs Analysis' }), snapshot: created.snapshot },
      BOTH_WAYS,
    );
    assert.deepEqual(
      [moved.zoho, moved.portal, moved.conflicts],
      [{ kind: 'NONE' }, { kind: 'UPDATE', values: { phase: 'Qualified', score: 7 } }, []],
    );
    assert.equal(moved.snapshotWithoutZohoWrite?.['phase'], 'Qualified');
    assert.equal(moved.snapshotWithoutZohoWrite && 'zoho:phase' in moved.snapshotWithoutZohoWrite, false);

    // A snapshot written when readings kept the phase (not the stage) still reads the unmoved deal as no change.
    const keptAsPhase = { ...created.snapshot, 'zoho:phase': 'Qualified' };
    const unmoved = reconcileDeal(
      DEFINITION,
      CONTEXT,
      { portal: portalDeal({ phase: 'Won' }), zoho: zohoDeal({ Stage: 'Qualification' }), snapshot: keptAsPhase },
      BOTH_WAYS,
    );
    assert.deepEqual([unmoved.zoho, unmoved.portal], [{ kind: 'NONE' }, { kind: 'UPDATE', values: { score: 7 } }]);
  });

  test('INFER takes the stage the phase maps to; MANUAL its own table; a phase neither gives a stage is skipped with the reason', () => {
    const inferred = reconcileDeal(
      DEFINITION,
      CONTEXT,
      { portal: portalDeal({ phase: 'Won', pipeline: 'Partner Channel' }), zoho: null, snapshot: null },
      BOTH_WAYS,
    );
    assert.equal(inferred.zoho.kind === 'CREATE' && inferred.zoho.payload['Stage'], 'Deal Won');
    const manual = reconcileDeal(
      DEFINITION,
      CONTEXT,
      { portal: portalDeal({ phase: 'Negotiating', pipeline: 'Enterprise' }), zoho: null, snapshot: null },
      BOTH_WAYS,
    );
    assert.equal(manual.zoho.kind === 'CREATE' && manual.zoho.payload['Stage'], 'Discovery');
    const skipped = reconcileDeal(
      DEFINITION,
      CONTEXT,
      { portal: portalDeal({ phase: 'Qualified', pipeline: 'Enterprise' }), zoho: null, snapshot: null },
      BOTH_WAYS,
    );
    assert.equal(skipped.outcome, 'SKIPPED');
    assert.deepEqual(skipped.zoho, { kind: 'NONE' });
    assert.deepEqual(
      skipped.notes.map((note) => [note.code, note.field, note.zohoField]),
      [['NEW_DEAL_STAGE_UNKNOWN', 'phase', 'Stage']],
    );
    assert.match(skipped.notes[0]?.reason ?? '', /pipeline 'Enterprise' gives a new deal in portal phase 'Qualified' no Zoho stage/);
  });

  test('a portal deal in a pipeline the mapping does not select is ignored, and nothing is created', () => {
    const result = reconcileDeal(
      DEFINITION,
      CONTEXT,
      { portal: portalDeal({ pipeline: 'Retail' }), zoho: null, snapshot: null },
      BOTH_WAYS,
    );
    assert.equal(result.outcome, 'IGNORED');
    assert.deepEqual([result.zoho.kind, result.portal.kind], ['NONE', 'NONE']);
  });

  test('a value Zoho cannot take is left out of the create and of the snapshot, so it is tried again, and the note names both fields', () => {
    const result = reconcileDeal(DEFINITION, CONTEXT, { portal: portalDeal({ amount: 'lots' }), zoho: null, snapshot: null }, BOTH_WAYS);
    assert.equal(result.zoho.kind, 'CREATE');
    assert.equal(result.zoho.kind === 'CREATE' && 'Amount' in result.zoho.payload, false);
    assert.equal(result.snapshot && 'amount' in result.snapshot, false);
    assert.deepEqual(
      result.notes.map((note) => [note.field, note.zohoField, note.code]),
      [['amount', 'Amount', 'INVALID_VALUE']],
    );
  });

  test('a new Zoho deal becomes a portal deal with its phase and pipeline; an unmapped stage or no name skips it with the reason', () => {
    const created = reconcileDeal(
      DEFINITION,
      CONTEXT,
      { portal: null, zoho: zohoDeal({ Stage: 'Deal Won', Pipeline: 'Partner Channel' }), snapshot: null },
      BOTH_WAYS,
    );
    assert.deepEqual(created.portal, {
      kind: 'CREATE',
      values: { name: 'Acme renewal', amount: '1200', closingDate: '2026-03-31', score: 7, pipeline: 'Partner Channel', phase: 'Won' },
    });
    assert.deepEqual(created.zoho, { kind: 'NONE' });
    assert.deepEqual(created.snapshot, created.portal.kind === 'CREATE' ? created.portal.values : null);

    const unmappedStage = reconcileDeal(
      DEFINITION,
      CONTEXT,
      { portal: null, zoho: zohoDeal({ Stage: 'Proposal' }), snapshot: null },
      BOTH_WAYS,
    );
    assert.equal(unmappedStage.outcome, 'SKIPPED');
    assert.match(
      unmappedStage.notes.at(-1)?.reason ?? '',
      /Zoho stage 'Proposal' of pipeline 'Standard' .*a new portal deal needs a phase/,
    );

    const nameless = reconcileDeal(DEFINITION, CONTEXT, { portal: null, zoho: zohoDeal({ Deal_Name: null }), snapshot: null }, BOTH_WAYS);
    assert.equal(nameless.outcome, 'SKIPPED');
    assert.equal(nameless.notes.at(-1)?.code, 'MANDATORY_NOT_MAPPED');
  });

  test('a Zoho deal in a pipeline the mapping does not select is ignored', () => {
    const result = reconcileDeal(
      DEFINITION,
      CONTEXT,
      { portal: null, zoho: zohoDeal({ Pipeline: 'Retail', Stage: 'Open' }), snapshot: null },
      BOTH_WAYS,
    );
    assert.equal(result.outcome, 'IGNORED');
    assert.equal(result.notes[0]?.code, 'PIPELINE_NOT_SELECTED');
  });

  test('only the ways the integration syncs are written', () => {
    const portalOnly = reconcileDeal(
      DEFINITION,
      CONTEXT,
      { portal: portalDeal({}), zoho: null, snapshot: null },
      { toZoho: false, toPortal: true },
    );
    assert.deepEqual([portalOnly.zoho.kind, portalOnly.snapshot], ['NONE', null]);
    const zohoOnly = reconcileDeal(
      DEFINITION,
      CONTEXT,
      { portal: null, zoho: zohoDeal(), snapshot: null },
      { toZoho: true, toPortal: false },
    );
    assert.deepEqual([zohoOnly.portal.kind, zohoOnly.snapshot], ['NONE', null]);
  });
});

describe('a linked deal', () => {
  test('our own write coming back (both sides equal to the snapshot) plans nothing', () => {
    const result = reconcileDeal(DEFINITION, CONTEXT, { portal: portalDeal({}), zoho: zohoDeal(), snapshot: SNAPSHOT }, BOTH_WAYS);
    assert.deepEqual([result.outcome, result.zoho.kind, result.portal.kind, result.conflicts], ['SYNC', 'NONE', 'NONE', []]);
    assert.deepEqual(result.snapshot, SNAPSHOT);
  });

  test('a portal change is written to Zoho alone (with the match key), a Zoho change to the portal alone, both at once', () => {
    const result = reconcileDeal(
      DEFINITION,
      CONTEXT,
      { portal: portalDeal({ amount: '1500' }), zoho: zohoDeal({ Stage: 'Negotiation/Review', Score: 9 }), snapshot: SNAPSHOT },
      BOTH_WAYS,
    );
    assert.deepEqual(result.zoho, { kind: 'UPDATE', payload: { Amount: 1500, Portal_Deal_Id: PORTAL_ID } });
    assert.deepEqual(result.portal, { kind: 'UPDATE', values: { phase: 'Negotiating', score: 9 } });
    assert.deepEqual(result.snapshot, { ...SNAPSHOT, amount: '1500', phase: 'Negotiating', score: 9 });
    // Written to the portal only, Zoho's write still to come: the portal's amount is not in the snapshot yet.
    assert.deepEqual(result.snapshotWithoutZohoWrite, { ...SNAPSHOT, phase: 'Negotiating', score: 9 });
    assert.deepEqual(result.snapshotWithoutPortalWrite, { ...SNAPSHOT, amount: '1500' });
  });

  test("a phase change is written as the stage of the deal's pipeline; a phase with no stage there is noted and left for next time", () => {
    const moved = reconcileDeal(
      DEFINITION,
      CONTEXT,
      { portal: portalDeal({ phase: 'Won' }), zoho: zohoDeal(), snapshot: SNAPSHOT },
      BOTH_WAYS,
    );
    assert.deepEqual(moved.zoho, { kind: 'UPDATE', payload: { Portal_Deal_Id: PORTAL_ID, Stage: 'Closed Won', Pipeline: 'Standard' } });
    const unmapped = reconcileDeal(
      DEFINITION,
      CONTEXT,
      { portal: portalDeal({ phase: 'Registered' }), zoho: zohoDeal(), snapshot: SNAPSHOT },
      BOTH_WAYS,
    );
    assert.deepEqual(unmapped.zoho, { kind: 'NONE' });
    assert.equal(unmapped.snapshot?.['phase'], 'Qualified');
    assert.equal(unmapped.notes[0]?.code, 'PHASE_UNMAPPED');
  });

  test('the same field changed on both sides to different values is a conflict written on neither side; other fields still merge', () => {
    const result = reconcileDeal(
      DEFINITION,
      CONTEXT,
      { portal: portalDeal({ amount: '1500', closingDate: '2026-04-30' }), zoho: zohoDeal({ Amount: 1800 }), snapshot: SNAPSHOT },
      BOTH_WAYS,
    );
    assert.deepEqual(result.conflicts, [{ field: 'amount', base: '1200', portal: '1500', zoho: '1800' }]);
    assert.deepEqual(result.zoho, { kind: 'UPDATE', payload: { Closing_Date: '2026-04-30', Portal_Deal_Id: PORTAL_ID } });
    assert.deepEqual(result.portal, { kind: 'NONE' });
    assert.equal(result.snapshot?.['amount'], '1200');
  });

  test('only the phase, the pipeline and fields mapped both ways can conflict: a field changed on both sides stops conflicting once it is mapped one way or unmapped', () => {
    assert.deepEqual([...conflictableDealFields(DEFINITION)].sort(), ['amount', 'closingDate', 'name', 'phase', 'pipeline']);
    const bothChanged = {
      portal: portalDeal({ amount: '1500', note: 'portal note', score: 1 }),
      zoho: zohoDeal({ Amount: 1800, Description: 'Zoho note', Score: 2 }),
      snapshot: SNAPSHOT,
    };
    assert.deepEqual(
      reconcileDeal(DEFINITION, CONTEXT, bothChanged, BOTH_WAYS).conflicts.map((conflict) => conflict.field),
      ['amount'],
    );
    const withAmount = (direction: 'PORTAL_TO_ZOHO' | null): MappingDefinition => ({
      ...DEFINITION,
      fieldMappings: DEFINITION.fieldMappings.flatMap((mapping) =>
        mapping.portalField !== 'amount' ? [mapping] : direction ? [{ ...mapping, direction }] : [],
      ),
    });
    for (const definition of [withAmount('PORTAL_TO_ZOHO'), withAmount(null)]) {
      assert.equal(conflictableDealFields(definition).has('amount'), false);
      assert.deepEqual(reconcileDeal(definition, CONTEXT, bothChanged, BOTH_WAYS).conflicts, []);
    }
  });

  test('fields mapped one way only: a Zoho change to a portal-to-Zoho field and a portal change to a Zoho-to-portal field are not synced', () => {
    const result = reconcileDeal(
      DEFINITION,
      CONTEXT,
      { portal: portalDeal({ score: 99 }), zoho: zohoDeal({ Description: 'changed in Zoho' }), snapshot: SNAPSHOT },
      BOTH_WAYS,
    );
    assert.deepEqual([result.zoho.kind, result.portal.kind], ['NONE', 'NONE']);
  });

  test('a way the integration does not sync leaves the change unwritten and the snapshot at its base, so it syncs once the way is on', () => {
    const result = reconcileDeal(
      DEFINITION,
      CONTEXT,
      { portal: portalDeal({ amount: '1500' }), zoho: zohoDeal({ Score: 9 }), snapshot: SNAPSHOT },
      { toZoho: false, toPortal: true },
    );
    assert.deepEqual(result.zoho, { kind: 'NONE' });
    assert.deepEqual(result.portal, { kind: 'UPDATE', values: { score: 9 } });
    assert.equal(result.snapshot?.['amount'], '1200');
  });

  test('deleted on one side: deleted on the other and the link ends; unless that way is off, when only the link ends', () => {
    const portalGone = reconcileDeal(DEFINITION, CONTEXT, { portal: null, zoho: zohoDeal(), snapshot: SNAPSHOT }, BOTH_WAYS);
    assert.deepEqual([portalGone.zoho.kind, portalGone.portal.kind, portalGone.snapshot], ['DELETE', 'NONE', null]);
    const zohoGone = reconcileDeal(DEFINITION, CONTEXT, { portal: portalDeal({}), zoho: null, snapshot: SNAPSHOT }, BOTH_WAYS);
    assert.deepEqual([zohoGone.zoho.kind, zohoGone.portal.kind, zohoGone.snapshot], ['NONE', 'DELETE', null]);
    const notToZoho = reconcileDeal(
      DEFINITION,
      CONTEXT,
      { portal: null, zoho: zohoDeal(), snapshot: SNAPSHOT },
      { toZoho: false, toPortal: true },
    );
    assert.deepEqual([notToZoho.zoho.kind, notToZoho.snapshot], ['NONE', null]);
  });

  test('a linked deal moved in Zoho to a pipeline the mapping does not select is ignored and keeps its snapshot', () => {
    const result = reconcileDeal(
      DEFINITION,
      CONTEXT,
      { portal: portalDeal({}), zoho: zohoDeal({ Pipeline: 'Retail', Stage: 'Open' }), snapshot: SNAPSHOT },
      BOTH_WAYS,
    );
    assert.deepEqual([result.outcome, result.zoho.kind, result.portal.kind, result.snapshot], ['IGNORED', 'NONE', 'NONE', SNAPSHOT]);
  });

  test("Zoho's pipeline answered as { name, id } reads as its name", () => {
    const result = reconcileDeal(
      DEFINITION,
      CONTEXT,
      { portal: portalDeal({}), zoho: zohoDeal({ Pipeline: { name: 'Standard', id: '111' } }), snapshot: SNAPSHOT },
      BOTH_WAYS,
    );
    assert.deepEqual([result.zoho.kind, result.portal.kind], ['NONE', 'NONE']);
  });
});
