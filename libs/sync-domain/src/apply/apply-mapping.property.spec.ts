import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { PORTAL_FIELD_TYPES, type PortalFieldType } from '@crm-bridge/vocabulary';
import { classifyIncoming } from '../change/detect-changes';
import type { PortalField } from '../mapping/mapping-context';
import type { MappingDefinition } from '../mapping/mapping-definition';
import type { CanonicalValue, CanonicalValues } from '../normalise/canonical-value';
import { canonicalDecimal } from '../normalise/decimal';
import { applyPortalToZoho, applyZohoToPortal, type ApplyContext } from './apply-mapping';

/** Zones with half- and quarter-hour offsets and daylight saving on both hemispheres. */
const TIME_ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'America/St_Johns',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
];

const PICKLIST_VALUES = ['partner', 'web', 'event'];

/** One portal field per type, every one mapped BOTH ways. */
const FIELDS: readonly PortalField[] = PORTAL_FIELD_TYPES.map((type) => ({
  name: type.toLowerCase(),
  type,
  maxLength: null,
  picklistValues: type === 'PICKLIST' || type === 'MULTI_PICKLIST' ? PICKLIST_VALUES : [],
}));

const DEFINITION: MappingDefinition = {
  stageMappings: [{ zohoPipeline: 'Standard (Standard)', inbound: [], outbound: [], onCreate: { strategy: 'INFER' } }],
  fieldMappings: FIELDS.map((field) => ({
    portalField: field.name,
    zohoField: `Zoho_${field.name}`,
    direction: 'BOTH' as const,
    // 'event' is left out on purpose: a value the map does not list passes unchanged both ways.
    valueMap:
      field.picklistValues.length > 0
        ? [
            { portalValue: 'partner', zohoValue: 'Partner' },
            { portalValue: 'web', zohoValue: 'Web Download' },
          ]
        : [],
  })),
  zohoDefaults: [],
  matchKey: { kind: 'EXTERNAL_ID', zohoField: 'Portal_Deal_Id' },
};

/** Up to 15 significant digits: what a JSON number carries exactly (more is refused, tested apart). */
const decimalText = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 999_999_999n }), fc.stringMatching(/^\d{0,6}$/))
  .map(([negative, integer, fraction]) => `${negative ? '-' : ''}${integer}${fraction === '' ? '' : `.${fraction}`}`);

const instant = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true })
  .map((date) => `${date.toISOString().slice(0, 19)}Z`);

function canonicalValueOf(type: PortalFieldType): fc.Arbitrary<CanonicalValue> {
  switch (type) {
    case 'TEXT':
    case 'TEXT_AREA':
    case 'EMAIL':
    case 'PHONE':
    case 'URL':
      return fc.string({ minLength: 1 });
    case 'INTEGER':
      return fc.integer();
    case 'DECIMAL':
    case 'PERCENT':
      return decimalText.map((text) => canonicalDecimal(text, 0) ?? '0');
    case 'CURRENCY':
      return decimalText.map((text) => canonicalDecimal(text, 2) ?? '0.00');
    case 'BOOLEAN':
      return fc.boolean();
    case 'DATE':
      return fc
        .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10));
    case 'DATE_TIME':
      return instant;
    case 'PICKLIST':
      return fc.constantFrom(...PICKLIST_VALUES);
    case 'MULTI_PICKLIST':
      return fc.subarray(PICKLIST_VALUES).map((values) => [...values].sort());
    case 'LOOKUP':
      return fc.stringMatching(/^[1-9]\d{0,18}$/);
  }
}

/** Any subset of the fields, each a value or empty (a plain object, as records arrive). */
const portalValues: fc.Arbitrary<CanonicalValues> = fc
  .record(Object.fromEntries(FIELDS.map((field) => [field.name, fc.option(canonicalValueOf(field.type), { nil: null })])), {
    requiredKeys: [],
  })
  .map((record) => ({ ...record }) as CanonicalValues);

const context = fc.constantFrom(...TIME_ZONES).map((timeZone): ApplyContext => ({ timeZone, portalFields: FIELDS }));

/** What Zoho's JSON API does to a payload on the wire. */
const overTheWire = (payload: object): Record<string, unknown> => JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;

test('a value mapped out to Zoho and back is unchanged where the mapping is both ways', () => {
  fc.assert(
    fc.property(portalValues, context, (values, applyContext) => {
      const outbound = applyPortalToZoho(DEFINITION, { id: 'deal-1', values }, applyContext, 'UPDATE');
      assert.deepEqual(outbound.skipped, []);
      const inbound = applyZohoToPortal(DEFINITION, overTheWire(outbound.payload), applyContext);
      assert.deepEqual(inbound.skipped, []);
      assert.deepEqual(inbound.values, values);
    }),
    { numRuns: 500 },
  );
});

test('our own write read back from Zoho is an echo, never a change', () => {
  fc.assert(
    fc.property(portalValues, context, (snapshot, applyContext) => {
      const written = applyPortalToZoho(DEFINITION, { id: 'deal-1', values: snapshot }, applyContext, 'UPDATE');
      const readBack = applyZohoToPortal(DEFINITION, overTheWire(written.payload), applyContext);
      assert.deepEqual(classifyIncoming(snapshot, readBack.values), { kind: 'ECHO' });
    }),
    { numRuns: 300 },
  );
});
