import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MappingDefinition } from '../mapping/mapping-definition';
import { applyPortalToZoho, applyZohoToPortal, type ApplyContext } from './apply-mapping';

const DEFINITION: MappingDefinition = {
  stageMappings: [
    {
      zohoPipeline: 'Standard (Standard)',
      inbound: [{ zohoStage: 'Closed Won', portalPhase: 'Won' }],
      outbound: [{ portalPhase: 'Won', zohoStage: 'Closed Won' }],
      onCreate: { strategy: 'INFER' },
    },
  ],
  fieldMappings: [
    { portalField: 'name', zohoField: 'Deal_Name', direction: 'BOTH', valueMap: [] },
    { portalField: 'amount', zohoField: 'Amount', direction: 'BOTH', valueMap: [] },
    { portalField: 'closesAt', zohoField: 'Closing_Time', direction: 'BOTH', valueMap: [] },
    { portalField: 'account', zohoField: 'Account_Name', direction: 'BOTH', valueMap: [] },
    {
      portalField: 'source',
      zohoField: 'Lead_Source',
      direction: 'BOTH',
      valueMap: [
        { portalValue: 'partner', zohoValue: 'Partner' },
        { portalValue: 'web', zohoValue: 'Web Download' },
      ],
    },
    { portalField: 'internalNote', zohoField: 'Description', direction: 'PORTAL_TO_ZOHO', valueMap: [] },
    { portalField: 'zohoScore', zohoField: 'Score', direction: 'ZOHO_TO_PORTAL', valueMap: [] },
  ],
  zohoDefaults: [
    { zohoField: 'Type', value: 'New Business' },
    { zohoField: 'Lead_Source', value: 'Partner' },
  ],
  matchKey: { kind: 'EXTERNAL_ID', zohoField: 'Portal_Deal_Id' },
};

const CONTEXT: ApplyContext = {
  timeZone: 'Europe/Berlin',
  portalFields: [
    { name: 'name', type: 'TEXT', maxLength: 120, picklistValues: [] },
    { name: 'amount', type: 'CURRENCY', maxLength: null, picklistValues: [] },
    { name: 'closesAt', type: 'DATE_TIME', maxLength: null, picklistValues: [] },
    { name: 'account', type: 'LOOKUP', maxLength: null, picklistValues: [] },
    { name: 'source', type: 'PICKLIST', maxLength: null, picklistValues: ['partner', 'web', 'event'] },
    { name: 'internalNote', type: 'TEXT_AREA', maxLength: null, picklistValues: [] },
    { name: 'zohoScore', type: 'INTEGER', maxLength: null, picklistValues: [] },
  ],
};

describe('portal → Zoho', () => {
  test('writes the fields mapped towards Zoho, values Zoho-shaped, picklists through the value map, the portal id as match key', () => {
    const result = applyPortalToZoho(
      DEFINITION,
      {
        id: 'deal-1',
        values: {
          name: 'Acme renewal',
          amount: '1200.50',
          closesAt: '2026-03-01T08:00:00Z',
          account: '4150868000000224005',
          source: 'web',
          internalNote: 'call back',
          zohoScore: 7,
        },
      },
      CONTEXT,
      'UPDATE',
    );
    assert.deepEqual(result, {
      payload: {
        Deal_Name: 'Acme renewal',
        Amount: 1200.5,
        Closing_Time: '2026-03-01T09:00:00+01:00',
        Account_Name: { id: '4150868000000224005' },
        Lead_Source: 'Web Download',
        Description: 'call back',
        Portal_Deal_Id: 'deal-1',
      },
      skipped: [],
    });
  });

  test('on create, defaults fill the Zoho fields nothing mapped filled, and only those', () => {
    const created = applyPortalToZoho(DEFINITION, { id: 'deal-2', values: { name: 'New', source: 'event' } }, CONTEXT, 'CREATE');
    assert.deepEqual(created.payload, { Deal_Name: 'New', Lead_Source: 'event', Type: 'New Business', Portal_Deal_Id: 'deal-2' });
    const withoutSource = applyPortalToZoho(DEFINITION, { id: 'deal-3', values: { name: 'New', source: null } }, CONTEXT, 'CREATE');
    assert.equal(withoutSource.payload['Lead_Source'], 'Partner');
    const updated = applyPortalToZoho(DEFINITION, { id: 'deal-3', values: { name: 'New' } }, CONTEXT, 'UPDATE');
    assert.equal(updated.payload['Type'], undefined);
  });

  test('a value that cannot be mapped is skipped with its field named; the rest is written', () => {
    const result = applyPortalToZoho(DEFINITION, { id: 'deal-4', values: { name: 'X', amount: 'lots' } }, CONTEXT, 'UPDATE');
    assert.deepEqual(result.payload, { Deal_Name: 'X', Portal_Deal_Id: 'deal-4' });
    assert.deepEqual(result.skipped, [
      { field: 'amount', zohoField: 'Amount', code: 'INVALID_VALUE', reason: 'must be a decimal number, e.g. 1200.50' },
    ]);
  });

  test('a mapped portal field the deal model lacks is skipped as unknown', () => {
    const definition: MappingDefinition = {
      ...DEFINITION,
      fieldMappings: [{ portalField: 'gone', zohoField: 'Gone', direction: 'BOTH', valueMap: [] }],
    };
    const result = applyPortalToZoho(definition, { id: 'deal-5', values: { gone: 'x' } }, CONTEXT, 'UPDATE');
    assert.equal(result.skipped[0]?.code, 'UNKNOWN_PORTAL_FIELD');
    assert.equal(result.skipped[0]?.field, 'gone');
  });
});

describe('Zoho → portal', () => {
  test('reads the fields mapped towards the portal, canonical, value maps reversed', () => {
    const result = applyZohoToPortal(
      DEFINITION,
      {
        id: '4150868000000300001',
        Deal_Name: 'Acme renewal',
        Amount: 1200.5,
        Closing_Time: '2026-03-01T09:00:00+01:00',
        Account_Name: { name: 'Acme', id: '4150868000000224005' },
        Lead_Source: 'Web Download',
        Description: 'not read back',
        Score: 7,
      },
      CONTEXT,
    );
    assert.deepEqual(result, {
      values: {
        name: 'Acme renewal',
        amount: '1200.50',
        closesAt: '2026-03-01T08:00:00Z',
        account: '4150868000000224005',
        source: 'web',
        zohoScore: 7,
      },
      skipped: [],
    });
  });

  test('a Zoho picklist value neither mapped nor in the portal picklist is skipped, naming the field', () => {
    const result = applyZohoToPortal(DEFINITION, { Lead_Source: 'Trade Show', Deal_Name: 'Y' }, CONTEXT);
    assert.deepEqual(result.values, { name: 'Y' });
    assert.equal(result.skipped.length, 1);
    assert.equal(result.skipped[0]?.field, 'source');
    assert.equal(result.skipped[0]?.zohoField, 'Lead_Source');
    assert.equal(result.skipped[0]?.code, 'UNMAPPED_PICKLIST_VALUE');
    assert.match(result.skipped[0]?.reason ?? '', /'Trade Show'/);
  });

  test('an unlisted Zoho value the portal picklist holds passes unchanged', () => {
    assert.deepEqual(applyZohoToPortal(DEFINITION, { Lead_Source: 'event' }, CONTEXT).values, { source: 'event' });
  });
});
