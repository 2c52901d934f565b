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

test('applies move and copy (RFC 6902 §4.4, §4.5); a copy is a value, not a shared reference', () => {
  const original = { spec: { replicas: 2, template: { labels: { app: 'api' } } }, old: { name: 'x' } };
  const patched = applyJsonPatch(original, [
    { op: 'move', from: '/old', path: '/spec/moved' },
    { op: 'copy', from: '/spec/template/labels', path: '/spec/selector' },
    { op: 'add', path: '/spec/selector/tier', value: 'web' },
  ]);
  assert.deepEqual(patched, {
    spec: { replicas: 2, template: { labels: { app: 'api' } }, moved: { name: 'x' }, selector: { app: 'api', tier: 'web' } },
  });
  assert.deepEqual(original, { spec: { replicas: 2, template: { labels: { app: 'api' } } }, old: { name: 'x' } });
});

test('fails a move or copy from a missing member', () => {
  assert.throws(() => applyJsonPatch({ a: 1 }, [{ op: 'move', from: '/gone', path: '/b' }]), /\/b: move from \/gone, which does not exist/);
  assert.throws(() => applyJsonPatch({ a: 1 }, [{ op: 'copy', from: '/a/x', path: '/b' }]), /\/b: copy from \/a\/x, which does not exist/);
  assert.throws(() => applyJsonPatch({ a: 1 }, [{ op: 'remove', path: '' }]), /cannot remove the whole document/);
});

test('refuses operations RFC 6902 does not define and malformed entries', () => {
  assert.throws(
    () => parseJsonPatchOperation({ op: 'merge', path: '/b', value: {} }, 'operation 1'),
    /op must be one of add, replace, remove, test, move, copy \(got "merge"\)/,
  );
  assert.throws(() => parseJsonPatchOperation({ op: 'add', path: 'a' }, 'operation 2'), /path must be a JSON pointer/);
  assert.throws(() => parseJsonPatchOperation({ op: 'add', path: '/a' }, 'operation 3'), /operation 3: add needs a value/);
  assert.throws(() => parseJsonPatchOperation({ op: 'move', path: '/a' }, 'operation 4'), /operation 4: move needs from, a JSON pointer/);
  assert.throws(
    () => parseJsonPatchOperation({ op: 'move', from: '/a', path: '/a/b' }, 'operation 5'),
    /operation 5: cannot move \/a into its own child \/a\/b/,
  );
  assert.deepEqual(parseJsonPatchOperation({ op: 'copy', from: '/a', path: '/b' }, 'operation 5'), { op: 'copy', from: '/a', path: '/b' });
});
