import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { CanonicalValue, CanonicalValues } from '../normalise/canonical-value';
import { changedFields, classifyIncoming } from './detect-changes';

const value: fc.Arbitrary<CanonicalValue> = fc.oneof(
  fc.constantFrom('a', 'b', ''),
  fc.constant(null),
  fc.integer({ min: -1, max: 1 }),
  fc.boolean(),
  fc.subarray(['x', 'y']),
);
const values: fc.Arbitrary<CanonicalValues> = fc.dictionary(fc.constantFrom('name', 'amount', 'phase', 'tags'), value);

test('an echo — any part of the snapshot coming back — is never a change', () => {
  fc.assert(
    fc.property(values, fc.func(fc.boolean()), (snapshot, keep) => {
      const incoming = Object.fromEntries(Object.entries(snapshot).filter(([field]) => keep(field)));
      assert.deepEqual(classifyIncoming(snapshot, incoming), { kind: 'ECHO' });
      assert.deepEqual(changedFields(snapshot, incoming), []);
    }),
  );
});

test('a record is an echo exactly when no field it carries differs from the snapshot', () => {
  fc.assert(
    fc.property(values, values, (snapshot, incoming) => {
      const differs = Object.entries(incoming).some(([field, after]) => JSON.stringify(snapshot[field]) !== JSON.stringify(after));
      assert.equal(classifyIncoming(snapshot, incoming).kind, differs ? 'CHANGED' : 'ECHO');
    }),
  );
});
