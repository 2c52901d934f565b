import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MappingDefinition } from './mapping-definition';
import { diffMappingDefinitions } from './diff-mapping-definitions';

const V1: MappingDefinition = {
  stageMappings: [
    {
      zohoPipeline: 'Standard (Standard)',
      inbound: [
        { zohoStage: 'Closed Won', portalPhase: 'Won' },
        { zohoStage: 'Closed Lost', portalPhase: 'Lost' },
      ],
      outbound: [
        { portalPhase: 'Won', zohoStage: 'Closed Won' },
        { portalPhase: 'Lost', zohoStage: 'Closed Lost' },
      ],
      onCreate: { strategy: 'INFER' },
    },
    {
      zohoPipeline: 'Renewals (Standard)',
      inbound: [{ zohoStage: 'Renewed', portalPhase: 'Won' }],
      outbound: [{ portalPhase: 'Won', zohoStage: 'Renewed' }],
      onCreate: { strategy: 'STATIC', zohoStage: 'Renewal Due' },
    },
  ],
  fieldMappings: [
    { portalField: 'amount', zohoField: 'Amount', direction: 'BOTH', valueMap: [] },
    {
      portalField: 'source',
      zohoField: 'Lead_Source',
      direction: 'PORTAL_TO_ZOHO',
      valueMap: [
        { portalValue: 'partner', zohoValue: 'Partner' },
        { portalValue: 'web', zohoValue: 'Web' },
      ],
    },
  ],
  zohoDefaults: [{ zohoField: 'Type', value: 'New Business' }],
  matchKey: { kind: 'ZOHO_ID' },
};

test('a definition against itself, or reordered, has no change', () => {
  assert.deepEqual(diffMappingDefinitions(V1, V1), []);
  const reordered: MappingDefinition = {
    ...V1,
    stageMappings: [...V1.stageMappings].reverse(),
    fieldMappings: [...V1.fieldMappings].reverse(),
  };
  assert.deepEqual(diffMappingDefinitions(V1, reordered), []);
});

test('every kind of change is named by what it is about, in a stable order', () => {
  const [standard, renewals] = V1.stageMappings;
  const [amount, source] = V1.fieldMappings;
  const v2: MappingDefinition = {
    stageMappings: [
      {
        ...standard!,
        inbound: [
          { zohoStage: 'Closed Won', portalPhase: 'Won' },
          { zohoStage: 'Closed Lost', portalPhase: 'Dropped' },
          { zohoStage: 'Qualification', portalPhase: 'Qualified' },
        ],
        onCreate: { strategy: 'STATIC', zohoStage: 'Qualification' },
      },
      { ...renewals!, zohoPipeline: 'Upsell (Standard)' },
    ],
    fieldMappings: [
      { ...amount!, direction: 'PORTAL_TO_ZOHO' },
      { ...source!, valueMap: [{ portalValue: 'web', zohoValue: 'Web Site' }] },
      { portalField: 'closingDate', zohoField: 'Closing_Date', direction: 'BOTH', valueMap: [] },
    ],
    zohoDefaults: [],
    matchKey: { kind: 'EXTERNAL_ID', zohoField: 'Portal_Deal_Id' },
  };
  assert.deepEqual(diffMappingDefinitions(V1, v2), [
    { path: "stageMappings['Standard (Standard)'].inbound['Closed Lost']", kind: 'CHANGED', before: 'Lost', after: 'Dropped' },
    { path: "stageMappings['Standard (Standard)'].inbound['Qualification']", kind: 'ADDED', after: 'Qualified' },
    {
      path: "stageMappings['Standard (Standard)'].onCreate",
      kind: 'CHANGED',
      before: { strategy: 'INFER' },
      after: { strategy: 'STATIC', zohoStage: 'Qualification' },
    },
    { path: "stageMappings['Renewals (Standard)']", kind: 'REMOVED', before: renewals },
    { path: "stageMappings['Upsell (Standard)']", kind: 'ADDED', after: { ...renewals, zohoPipeline: 'Upsell (Standard)' } },
    {
      path: "fieldMappings['Amount']",
      kind: 'CHANGED',
      before: { portalField: 'amount', direction: 'BOTH' },
      after: { portalField: 'amount', direction: 'PORTAL_TO_ZOHO' },
    },
    { path: "fieldMappings['Lead_Source'].valueMap['partner']", kind: 'REMOVED', before: 'Partner' },
    { path: "fieldMappings['Lead_Source'].valueMap['web']", kind: 'CHANGED', before: 'Web', after: 'Web Site' },
    { path: "fieldMappings['Closing_Date']", kind: 'ADDED', after: v2.fieldMappings[2] },
    { path: "zohoDefaults['Type']", kind: 'REMOVED', before: 'New Business' },
    { path: 'matchKey', kind: 'CHANGED', before: { kind: 'ZOHO_ID' }, after: { kind: 'EXTERNAL_ID', zohoField: 'Portal_Deal_Id' } },
  ]);
});
