import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyJsonPatch, parseJsonPatchOperation } from './json-patch';

test('applies add, replace, remove and test without changing the input', () => {
  const original = { a: { 'b/c': 1, list: [1, 2] }, gone: true };
  const patched = applyJsonPatch(original, [
    { op: 'add', path: '/a/list/1', value: 9 },
    { op: 'add', path: '/a/list/-', value: 3 },
    { op: 'replace', path: '/a/b~1c', value: 2 },
    { op: 'remove', path: '/gone' },
    { op: 'test', path: '/a/list', value: [1, 9, 2, 3] },
  ]);
  assert.deepEqual(patched, { a: { 'b/c': 2, list: [1, 9, 2, 3] } });
  assert.deepEqual(original, { a: { 'b/c': 1, list: [1, 2] }, gone: true });
});

test('fails naming the path when a target is missing, out of range or a test does not hold', () => {
  assert.throws(() => applyJsonPatch({ a: {} }, [{ op: 'replace', path: '/a/b', value: 1 }]), /\/a\/b: no member "b" to replace/);
  assert.throws(() => applyJsonPatch({ a: [] }, [{ op: 'replace', path: '/a/0', value: 1 }]), /\/a\/0: index 0 is out of range/);
  assert.throws(() => applyJsonPatch({}, [{ op: 'add', path: '/x/y', value: 1 }]), /\/x\/y: parent "x" does not exist/);
  assert.throws(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }]), /\/a: test failed/);
});

test('refuses operations it does not implement and malformed entries', () => {
  assert.throws(
    () => parseJsonPatchOperation({ op: 'move', from: '/a', path: '/b' }, 'operation 1'),
    /op must be one of add, replace, remove, test/,
  );
  assert.throws(() => parseJsonPatchOperation({ op: 'add', path: 'a' }, 'operation 2'), /path must be a JSON pointer/);
  assert.throws(() => parseJsonPatchOperation({ op: 'add', path: '/a' }, 'operation 3'), /operation 3: add needs a value/);
});
