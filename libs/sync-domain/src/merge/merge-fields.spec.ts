import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mergeFields } from './merge-fields';

const BASE = { name: 'Acme', amount: '1200.50', phase: 'New', note: null };

describe('three-way field merge', () => {
  test('a field changed on one side takes that side, and is written to the other', () => {
    assert.deepEqual(mergeFields(BASE, { ...BASE, amount: '1300.00' }, { ...BASE, phase: 'Won' }), {
      merged: { amount: '1300.00', name: 'Acme', note: null, phase: 'Won' },
      toZoho: { amount: '1300.00' },
      toPortal: { phase: 'Won' },
      conflicts: [],
    });
  });

  test('both sides changed to the same value: merged, no conflict, nothing to write', () => {
    assert.deepEqual(mergeFields(BASE, { ...BASE, phase: 'Won' }, { ...BASE, phase: 'Won' }), {
      merged: { ...BASE, phase: 'Won' },
      toZoho: {},
      toPortal: {},
      conflicts: [],
    });
  });

  test('both sides changed to different values: a conflict returned, the base kept, the other fields merged', () => {
    const result = mergeFields(BASE, { ...BASE, amount: '1300.00', note: 'mine' }, { ...BASE, amount: '1250.00' });
    assert.deepEqual(result.conflicts, [{ field: 'amount', base: '1200.50', portal: '1300.00', zoho: '1250.00' }]);
    assert.equal(result.merged['amount'], '1200.50');
    assert.deepEqual(result.toZoho, { note: 'mine' });
    assert.deepEqual(result.toPortal, {});
  });

  test('a field a side does not carry is unchanged on that side; a new field on one side merges', () => {
    const result = mergeFields(BASE, { name: 'Acme Ltd' }, { partner: 'p-7' });
    assert.deepEqual(result.merged, { ...BASE, name: 'Acme Ltd', partner: 'p-7' });
    assert.deepEqual(result.toZoho, { name: 'Acme Ltd' });
    assert.deepEqual(result.toPortal, { partner: 'p-7' });
  });

  test('a field cleared on one side is a change like any other', () => {
    const result = mergeFields(BASE, BASE, { ...BASE, name: null });
    assert.deepEqual(result.toPortal, { name: null });
  });
});
