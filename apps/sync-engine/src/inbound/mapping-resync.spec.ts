import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MappingDefinition } from '@crm-bridge/sync-domain';
import { inboundResyncBetween } from './mapping-resync';

const v1: MappingDefinition = {
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
    {
      portalField: 'leadSource',
      zohoField: 'Lead_Source',
      direction: 'BOTH',
      valueMap: [{ portalValue: 'Web', zohoValue: 'Web Download' }],
    },
    { portalField: 'description', zohoField: 'Description', direction: 'PORTAL_TO_ZOHO', valueMap: [] },
  ],
  zohoDefaults: [],
  matchKey: { kind: 'EXTERNAL_ID', zohoField: 'Portal_Deal_Id' },
};

test('no mapping synced under yet: everything is read', () => {
  assert.deepEqual(inboundResyncBetween(null, v1), { kind: 'ALL', newlyMappedFields: [] });
});

test('a newly mapped field from Zoho re-reads linked deals and names the field', () => {
  const v2 = {
    ...v1,
    fieldMappings: [...v1.fieldMappings, { portalField: 'region', zohoField: 'Partner_Region', direction: 'BOTH' as const, valueMap: [] }],
  };
  assert.deepEqual(inboundResyncBetween(v1, v2), { kind: 'LINKED', newlyMappedFields: ['region'] });
  // A field turned from outbound-only to both ways is newly mapped from Zoho too.
  const v3 = {
    ...v1,
    fieldMappings: v1.fieldMappings.map((mapping) =>
      mapping.zohoField === 'Description' ? { ...mapping, direction: 'BOTH' as const } : mapping,
    ),
  };
  assert.deepEqual(inboundResyncBetween(v1, v3), { kind: 'LINKED', newlyMappedFields: ['description'] });
});

test('a changed value map or inbound stage re-reads linked deals; a newly selected pipeline reads everything', () => {
  const valueMap = {
    ...v1,
    fieldMappings: v1.fieldMappings.map((mapping) =>
      mapping.zohoField === 'Lead_Source' ? { ...mapping, valueMap: [{ portalValue: 'Web', zohoValue: 'Web Site' }] } : mapping,
    ),
  };
  assert.deepEqual(inboundResyncBetween(v1, valueMap), { kind: 'LINKED', newlyMappedFields: [] });
  const stage = {
    ...v1,
    stageMappings: [{ ...v1.stageMappings[0]!, inbound: [{ zohoStage: 'Qualification', portalPhase: 'Registered' }] }],
  };
  assert.equal(inboundResyncBetween(v1, stage).kind, 'LINKED');
  const pipeline = { ...v1, stageMappings: [...v1.stageMappings, { ...v1.stageMappings[0]!, zohoPipeline: 'Partner Channel' }] };
  assert.equal(inboundResyncBetween(v1, pipeline).kind, 'ALL');
});

test('outbound-only changes, defaults and a dropped field mapping re-read nothing', () => {
  const outbound = {
    ...v1,
    stageMappings: [{ ...v1.stageMappings[0]!, outbound: [{ portalPhase: 'Qualified', zohoStage: 'Needs Analysis' }] }],
    zohoDefaults: [{ zohoField: 'Type', value: 'New Business' }],
    fieldMappings: v1.fieldMappings.filter((mapping) => mapping.zohoField !== 'Lead_Source'),
  };
  assert.deepEqual(inboundResyncBetween(v1, outbound), { kind: 'NONE', newlyMappedFields: [] });
});
