import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { CanonicalValue, CanonicalValues } from '../normalise/canonical-value';
import { mergeFields } from './merge-fields';

const FIELD_NAMES = ['name', 'amount', 'phase', 'tags', 'owner'];

// Few values, so the sides often change a field to the same value or back to the base.
const value: fc.Arbitrary<CanonicalValue> = fc.oneof(
  fc.constantFrom('a', 'b'),
  fc.constant(null),
  fc.integer({ min: 0, max: 1 }),
  fc.subarray(['x', 'y']),
);
const values: fc.Arbitrary<CanonicalValues> = fc.dictionary(fc.constantFrom(...FIELD_NAMES), value);

/** A side that carries every field of the base (a full record), some changed. */
const fullSide = (base: CanonicalValues) => fc.tuple(values).map(([changes]) => ({ ...base, ...changes }));
const scenario = values.chain((base) => fc.tuple(fc.constant(base), fullSide(base), fullSide(base)));

const same = (left: CanonicalValue | undefined, right: CanonicalValue | undefined) => JSON.stringify(left) === JSON.stringify(right);
const reversed = (record: CanonicalValues): CanonicalValues => Object.fromEntries(Object.entries(record).reverse());

test('the merge is deterministic: the same values give the same result, whatever order the fields come in', () => {
  fc.assert(
    fc.property(scenario, ([base, portal, zoho]) => {
      const result = mergeFields(base, portal, zoho);
      assert.deepEqual(mergeFields(base, portal, zoho), result);
      assert.deepEqual(JSON.stringify(mergeFields(reversed(base), reversed(portal), reversed(zoho))), JSON.stringify(result));
    }),
  );
});

test('the merge never drops a one-sided change, and writes it to the other side', () => {
  fc.assert(
    fc.property(scenario, ([base, portal, zoho]) => {
      const result = mergeFields(base, portal, zoho);
      for (const field of FIELD_NAMES) {
        const portalChanged = field in portal && !same(base[field], portal[field]);
        const zohoChanged = field in zoho && !same(base[field], zoho[field]);
        if (portalChanged && !zohoChanged) {
          assert.deepEqual(result.merged[field], portal[field]);
          assert.deepEqual(result.toZoho[field], portal[field]);
        }
        if (zohoChanged && !portalChanged) {
          assert.deepEqual(result.merged[field], zoho[field]);
          assert.deepEqual(result.toPortal[field], zoho[field]);
        }
        const inConflict = result.conflicts.some((conflict) => conflict.field === field);
        assert.equal(inConflict, portalChanged && zohoChanged && !same(portal[field], zoho[field]));
      }
    }),
  );
});

test('merge(base, x, base) = x and merge(base, base, y) = y', () => {
  fc.assert(
    fc.property(scenario, ([base, side]) => {
      const portalOnly = mergeFields(base, side, base);
      assert.deepEqual(portalOnly.merged, side);
      assert.deepEqual(portalOnly.conflicts, []);
      assert.deepEqual(portalOnly.toPortal, {});
      const zohoOnly = mergeFields(base, base, side);
      assert.deepEqual(zohoOnly.merged, side);
      assert.deepEqual(zohoOnly.conflicts, []);
      assert.deepEqual(zohoOnly.toZoho, {});
    }),
  );
});
