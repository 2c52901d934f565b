import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { changedFields, classifyIncoming, detectChanges } from './detect-changes';

const SNAPSHOT = { name: 'Acme', amount: '1200.50', tags: ['a', 'b'], closesOn: '2026-03-01', note: null };

describe('change detection against the last-synced snapshot', () => {
  test('names each field that differs, with its value before and after, in field order', () => {
    assert.deepEqual(changedFields(SNAPSHOT, { note: 'call', amount: '1300.00', name: 'Acme' }), [
      { field: 'amount', before: '1200.50', after: '1300.00' },
      { field: 'note', before: null, after: 'call' },
    ]);
  });

  test('lists compare by their items; a field never synced is a change; a field not carried is none', () => {
    assert.deepEqual(changedFields(SNAPSHOT, { tags: ['a', 'b'] }), []);
    assert.deepEqual(changedFields(SNAPSHOT, { tags: ['a'] }), [{ field: 'tags', before: ['a', 'b'], after: ['a'] }]);
    assert.deepEqual(changedFields(SNAPSHOT, { partner: 'p-1' }), [{ field: 'partner', before: undefined, after: 'p-1' }]);
    assert.deepEqual(changedFields(SNAPSHOT, {}), []);
  });

  test('our own write coming back is an echo; anything else is a change', () => {
    assert.deepEqual(classifyIncoming(SNAPSHOT, { name: 'Acme', amount: '1200.50' }), { kind: 'ECHO' });
    assert.deepEqual(classifyIncoming(SNAPSHOT, { name: 'Acme Ltd', amount: '1200.50' }), {
      kind: 'CHANGED',
      changes: [{ field: 'name', before: 'Acme', after: 'Acme Ltd' }],
    });
  });

  test('says which side changed which field', () => {
    assert.deepEqual(detectChanges(SNAPSHOT, { name: 'Acme Ltd' }, { closesOn: '2026-04-01', name: 'Acme' }), {
      portal: [{ field: 'name', before: 'Acme', after: 'Acme Ltd' }],
      zoho: [{ field: 'closesOn', before: '2026-03-01', after: '2026-04-01' }],
    });
  });
});
