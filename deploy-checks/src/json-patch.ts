import { isRecord } from './manifest-documents';

/** The RFC 6902 operations the renderer applies. `move` and `copy` are not implemented. */
export type JsonPatchOperation = { op: 'add' | 'replace' | 'test'; path: string; value: unknown } | { op: 'remove'; path: string };

export class JsonPatchError extends Error {
  override readonly name = 'JsonPatchError';
}

const SUPPORTED_OPERATIONS = new Set(['add', 'replace', 'remove', 'test']);

/** Validates one parsed patch entry; the error names the entry and the field at fault. */
export function parseJsonPatchOperation(value: unknown, position: string): JsonPatchOperation {
  if (!isRecord(value)) {
    throw new JsonPatchError(`${position}: a JSON patch operation must be a mapping`);
  }
  const { op, path } = value;
  if (typeof op !== 'string' || !SUPPORTED_OPERATIONS.has(op)) {
    throw new JsonPatchError(`${position}: op must be one of add, replace, remove, test (got ${JSON.stringify(op)})`);
  }
  if (typeof path !== 'string' || !(path === '' || path.startsWith('/'))) {
    throw new JsonPatchError(`${position}: path must be a JSON pointer starting with / (got ${JSON.stringify(path)})`);
  }
  if (op === 'remove') {
    return { op, path };
  }
  if (!('value' in value)) {
    throw new JsonPatchError(`${position}: ${op} needs a value`);
  }
  return { op: op as 'add' | 'replace' | 'test', path, value: value['value'] };
}

/**
 * Applies operations in order to a copy of `document` and returns it. Every failure names the
 * operation's path: a missing parent, an index out of range, a replaced or removed member that
 * does not exist (RFC 6902 §4), or a failed `test`.
 */
export function applyJsonPatch<T>(document: T, operations: readonly JsonPatchOperation[]): T {
  let result: unknown = structuredClone(document);
  for (const operation of operations) {
    const tokens = parsePointer(operation.path);
    if (tokens.length === 0) {
      if (operation.op === 'remove') {
        throw new JsonPatchError('cannot remove the whole document');
      }
      if (operation.op === 'test') {
        assertEqual(result, operation.value, operation.path);
        continue;
      }
      result = structuredClone(operation.value);
      continue;
    }
    const parent = resolveParent(result, tokens, operation.path);
    const key = tokens[tokens.length - 1] as string;
    if (Array.isArray(parent)) {
      applyToArray(parent, key, operation);
    } else {
      applyToObject(parent, key, operation);
    }
  }
  return result as T;
}

function applyToArray(parent: unknown[], key: string, operation: JsonPatchOperation): void {
  const append = key === '-' && operation.op === 'add';
  const index = append ? parent.length : Number(key);
  if (!/^(0|[1-9]\d*)$/.test(key) && !append) {
    throw new JsonPatchError(`${operation.path}: "${key}" is not an array index`);
  }
  const limit = operation.op === 'add' ? parent.length : parent.length - 1;
  if (index > limit) {
    throw new JsonPatchError(`${operation.path}: index ${index} is out of range (length ${parent.length})`);
  }
  switch (operation.op) {
    case 'add':
      parent.splice(index, 0, structuredClone(operation.value));
      break;
    case 'replace':
      parent[index] = structuredClone(operation.value);
      break;
    case 'remove':
      parent.splice(index, 1);
      break;
    case 'test':
      assertEqual(parent[index], operation.value, operation.path);
      break;
  }
}

function applyToObject(parent: Record<string, unknown>, key: string, operation: JsonPatchOperation): void {
  if (operation.op !== 'add' && !(key in parent)) {
    throw new JsonPatchError(`${operation.path}: no member "${key}" to ${operation.op}`);
  }
  switch (operation.op) {
    case 'add':
    case 'replace':
      parent[key] = structuredClone(operation.value);
      break;
    case 'remove':
      delete parent[key];
      break;
    case 'test':
      assertEqual(parent[key], operation.value, operation.path);
      break;
  }
}

function resolveParent(document: unknown, tokens: readonly string[], path: string): Record<string, unknown> | unknown[] {
  let current: unknown = document;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(current)) {
      current = current[Number(token)];
    } else if (isRecord(current)) {
      current = current[token];
    } else {
      current = undefined;
    }
    if (current === undefined) {
      throw new JsonPatchError(`${path}: parent "${token}" does not exist`);
    }
  }
  if (!Array.isArray(current) && !isRecord(current)) {
    throw new JsonPatchError(`${path}: parent is not an object or array`);
  }
  return current;
}

function parsePointer(path: string): string[] {
  if (path === '') {
    return [];
  }
  return path
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function assertEqual(actual: unknown, expected: unknown, path: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new JsonPatchError(`${path}: test failed, found ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}
