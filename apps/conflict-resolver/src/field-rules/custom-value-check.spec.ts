import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCustomValue } from './custom-value-check';

const RULES = {
  fieldMappings: [
    { portalField: 'amount', zohoField: 'Amount', direction: 'BOTH' as const, valueMap: [] },
    {
      portalField: 'leadSource',
      zohoField: 'Lead_Source',
      direction: 'BOTH' as const,
      valueMap: [
        { portalValue: 'web', zohoValue: 'Web Site' },
        { portalValue: 'partner', zohoValue: 'Partner' },
      ],
    },
  ],
  outboundStages: [
    { portalPhase: 'Won', zohoStage: 'Closed Won' },
    { portalPhase: 'Won', zohoStage: 'Won (EU)' },
    { portalPhase: 'Lost', zohoStage: 'Closed Lost' },
  ],
  phases: [
    { name: 'Qualified', outcome: 'OPEN' as const },
    { name: 'Won', outcome: 'WON' as const },
    { name: 'Lost', outcome: 'LOST' as const },
  ],
  customFields: [
    { apiName: 'leadSource', label: 'Lead source', type: 'PICKLIST' as const, options: ['web', 'partner', 'fax'] },
    { apiName: 'tier', label: 'Tier', type: 'PICKLIST' as const, options: ['Gold', 'Silver'] },
    { apiName: 'regions', label: 'Regions', type: 'MULTI_PICKLIST' as const, options: ['EU', 'US'] },
    { apiName: 'seats', label: 'Seats', type: 'INTEGER' as const, options: [] },
  ],
};

describe('checkCustomValue', () => {
  test('a value of the field type comes back canonical', () => {
    assert.deepEqual(checkCustomValue('DEALS', 'amount', '0120.50', RULES), { ok: true, value: '120.5' });
    assert.deepEqual(checkCustomValue('DEALS', 'amount', 120.5, RULES), { ok: true, value: '120.5' });
    assert.deepEqual(checkCustomValue('DEALS', 'seats', '12', RULES), { ok: true, value: 12 });
    assert.deepEqual(checkCustomValue('DEALS', 'regions', ['US', 'EU', 'US'], RULES), { ok: true, value: ['EU', 'US'] });
    assert.deepEqual(checkCustomValue('DEALS', 'closingDate', null, RULES), { ok: true, value: null });
  });

  test('a value of another type is refused with the reason', () => {
    assert.deepEqual(checkCustomValue('DEALS', 'amount', 'lots', RULES), {
      ok: false,
      code: 'INVALID_VALUE',
      reason: 'must be a decimal number, e.g. 1200.50',
    });
    assert.equal(checkCustomValue('DEALS', 'seats', 1.5, RULES).ok, false);
    // More digits than Zoho's numbers keep would not read back as the same decimal.
    assert.deepEqual(checkCustomValue('DEALS', 'amount', '12345678901234567.89', RULES), {
      ok: false,
      code: 'INVALID_VALUE',
      reason: 'has more digits than Zoho keeps (15 significant digits)',
    });
  });

  test("a picklist takes what its value map sends to Zoho, else the portal field's options", () => {
    assert.deepEqual(checkCustomValue('DEALS', 'leadSource', 'partner', RULES), { ok: true, value: 'partner' });
    assert.deepEqual(checkCustomValue('DEALS', 'leadSource', 'fax', RULES), {
      ok: false,
      code: 'VALUE_NOT_IN_PICKLIST',
      reason: 'must be one of the picklist values Zoho accepts: web (Zoho: Web Site), partner (Zoho: Partner)',
    });
    assert.deepEqual(checkCustomValue('DEALS', 'tier', 'Gold', RULES), { ok: true, value: 'Gold' });
    assert.equal(checkCustomValue('DEALS', 'tier', 'Bronze', RULES).ok, false);
    assert.deepEqual(checkCustomValue('DEALS', 'regions', ['EU', 'APAC'], RULES), {
      ok: false,
      code: 'VALUE_NOT_IN_PICKLIST',
      reason: 'must be one of the picklist values Zoho accepts: EU, US',
    });
  });

  test('a phase must be one the stage mappings send to Zoho', () => {
    assert.deepEqual(checkCustomValue('DEALS', 'phase', 'Won', RULES), { ok: true, value: 'Won' });
    assert.deepEqual(checkCustomValue('DEALS', 'phase', 'Qualified', RULES), {
      ok: false,
      code: 'VALUE_NOT_IN_PICKLIST',
      reason: 'must be one of the picklist values Zoho accepts: Won (Zoho: Closed Won), Lost (Zoho: Closed Lost)',
    });
  });

  test('a field whose type is not known is refused, not passed on unchecked', () => {
    for (const [module, field, rules] of [
      ['DEALS', 'probability', RULES],
      ['DEALS', 'leadSource', null],
      ['CONTACTS', 'email', RULES],
    ] as const) {
      const checked = checkCustomValue(module, field, 'x', rules);
      assert.equal(checked.ok ? 'ok' : checked.code, 'UNKNOWN_FIELD_TYPE', `${module}.${field}`);
    }
  });
});
