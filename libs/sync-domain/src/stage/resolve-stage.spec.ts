import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MappingDefinition, OnCreateStage } from '../mapping/mapping-definition';
import { resolveInboundPhase, resolveNewDealStage, resolveOutboundStage } from './resolve-stage';

const definitionWith = (onCreate: OnCreateStage): MappingDefinition => ({
  stageMappings: [
    {
      zohoPipeline: 'Standard (Standard)',
      inbound: [
        { zohoStage: 'Qualification', portalPhase: 'New' },
        { zohoStage: 'Closed Won', portalPhase: 'Won' },
      ],
      outbound: [
        { portalPhase: 'New', zohoStage: 'Qualification' },
        { portalPhase: 'Won', zohoStage: 'Closed Won' },
      ],
      onCreate,
    },
    {
      zohoPipeline: 'Renewals (Standard)',
      inbound: [{ zohoStage: 'Renewed', portalPhase: 'Won' }],
      outbound: [{ portalPhase: 'Won', zohoStage: 'Renewed' }],
      onCreate: { strategy: 'STATIC', zohoStage: 'Renewal Due' },
    },
  ],
  fieldMappings: [],
  zohoDefaults: [],
  matchKey: { kind: 'ZOHO_ID' },
});

const INFER = definitionWith({ strategy: 'INFER' });

describe('Zoho stage → portal phase', () => {
  test('through the inbound map of the deal’s own pipeline', () => {
    assert.deepEqual(resolveInboundPhase(INFER, { zohoPipeline: 'Standard (Standard)', zohoStage: 'Closed Won' }), {
      kind: 'MAPPED',
      portalPhase: 'Won',
    });
    assert.deepEqual(resolveInboundPhase(INFER, { zohoPipeline: 'Renewals (Standard)', zohoStage: 'Renewed' }), {
      kind: 'MAPPED',
      portalPhase: 'Won',
    });
    // Renewals' stage means nothing in Standard.
    assert.equal(resolveInboundPhase(INFER, { zohoPipeline: 'Standard (Standard)', zohoStage: 'Renewed' }).kind, 'UNCHANGED');
  });

  test('an unmapped stage leaves the phase unchanged and says which stage', () => {
    const result = resolveInboundPhase(INFER, { zohoPipeline: 'Standard (Standard)', zohoStage: 'Negotiation' });
    assert.equal(result.kind, 'UNCHANGED');
    assert.match(result.kind === 'UNCHANGED' ? result.reason : '', /Negotiation/);
  });

  test('a deal in a pipeline the mapping does not select is ignored with a reason', () => {
    assert.deepEqual(resolveInboundPhase(INFER, { zohoPipeline: 'Partners (Standard)', zohoStage: 'Closed Won' }), {
      kind: 'IGNORED',
      code: 'PIPELINE_NOT_SELECTED',
      reason: "pipeline 'Partners (Standard)' is not selected in the mapping",
    });
  });
});

describe('portal phase → Zoho stage', () => {
  test('through the outbound map; an unmapped phase leaves the stage unchanged', () => {
    assert.deepEqual(resolveOutboundStage(INFER, { zohoPipeline: 'Renewals (Standard)', portalPhase: 'Won' }), {
      kind: 'MAPPED',
      zohoStage: 'Renewed',
    });
    assert.equal(resolveOutboundStage(INFER, { zohoPipeline: 'Standard (Standard)', portalPhase: 'Lost' }).kind, 'UNCHANGED');
    assert.equal(resolveOutboundStage(INFER, { zohoPipeline: 'Partners (Standard)', portalPhase: 'Won' }).kind, 'IGNORED');
  });
});

describe('a new deal’s first stage', () => {
  test('STATIC: one stage whatever the phase', () => {
    const definition = definitionWith({ strategy: 'STATIC', zohoStage: 'Needs Analysis' });
    assert.deepEqual(resolveNewDealStage(definition, { zohoPipeline: 'Standard (Standard)', portalPhase: 'Won' }), {
      kind: 'MAPPED',
      zohoStage: 'Needs Analysis',
    });
  });

  test('INFER: the stage the phase maps to outbound, or skipped when it maps to none', () => {
    assert.deepEqual(resolveNewDealStage(INFER, { zohoPipeline: 'Standard (Standard)', portalPhase: 'New' }), {
      kind: 'MAPPED',
      zohoStage: 'Qualification',
    });
    const skipped = resolveNewDealStage(INFER, { zohoPipeline: 'Standard (Standard)', portalPhase: 'Lost' });
    assert.equal(skipped.kind, 'SKIPPED');
    assert.equal(skipped.kind === 'SKIPPED' && skipped.code, 'NEW_DEAL_STAGE_UNKNOWN');
  });

  test('MANUAL: the strategy’s own table, not the outbound map', () => {
    const definition = definitionWith({ strategy: 'MANUAL', stages: [{ portalPhase: 'New', zohoStage: 'Needs Analysis' }] });
    assert.deepEqual(resolveNewDealStage(definition, { zohoPipeline: 'Standard (Standard)', portalPhase: 'New' }), {
      kind: 'MAPPED',
      zohoStage: 'Needs Analysis',
    });
    assert.equal(resolveNewDealStage(definition, { zohoPipeline: 'Standard (Standard)', portalPhase: 'Won' }).kind, 'SKIPPED');
  });

  test('each pipeline has its own strategy; an unselected pipeline is ignored', () => {
    assert.deepEqual(resolveNewDealStage(INFER, { zohoPipeline: 'Renewals (Standard)', portalPhase: 'New' }), {
      kind: 'MAPPED',
      zohoStage: 'Renewal Due',
    });
    assert.equal(resolveNewDealStage(INFER, { zohoPipeline: 'Partners (Standard)', portalPhase: 'New' }).kind, 'IGNORED');
  });
});
