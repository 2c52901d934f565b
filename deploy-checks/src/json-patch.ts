import { applyPatch, getValueByPointer, JsonPatchError as PatchError, type Operation } from 'fast-json-patch';
import { isRecord } from './manifest-documents';

/** The RFC 6902 operations the renderer applies: all six, as `fast-json-patch` implements them. */
export type JsonPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

export class JsonPatchError extends Error {
  override readonly name = 'JsonPatchError';
}

const OPERATIONS = ['add', 'replace', 'remove', 'test', 'move', 'copy'];

/** Validates one parsed patch entry; the error names the entry and the field at fault. */
export function parseJsonPatchOperation(value: unknown, position: string): JsonPatchOperation {
  if (!isRecord(value)) {
    throw new JsonPatchError(`${position}: a JSON patch operation must be a mapping`);
  }
  const { op, path } = value;
  if (typeof op !== 'string' || !OPERATIONS.includes(op)) {
    throw new JsonPatchError(`${position}: op must be one of ${OPERATIONS.join(', ')} (got ${JSON.stringify(op)})`);
  }
  if (!isPointer(path)) {
    throw new JsonPatchError(`${position}: path must be a JSON pointer starting with / (got ${JSON.stringify(path)})`);
  }
  if (op === 'remove') {
    return { op, path };
  }
  if (op === 'move' || op === 'copy') {
    const { from } = value;
    if (!isPointer(from)) {
      throw new JsonPatchError(`${position}: ${op} needs from, a JSON pointer starting with / (got ${JSON.stringify(from)})`);
    }
    if (op === 'move' && path.startsWith(`${from}/`)) {
      // RFC 6902 §4.4; fast-json-patch does not check it and fails half-way with a TypeError.
      throw new JsonPatchError(`${position}: cannot move ${from} into its own child ${path}`);
    }
    return { op, from, path };
  }
  if (!('value' in value)) {
    throw new JsonPatchError(`${position}: ${op} needs a value`);
  }
  return { op: op as 'add' | 'replace' | 'test', path, value: value['value'] };
}

/**
 * Applies operations in order to a copy of `document` (`fast-json-patch`, validating each
 * operation as RFC 6902 §4 requires) and returns it. Every failure names the operation's path: a
 * missing parent, an index out of range, a replaced, removed, moved or copied member that does not
 * exist, or a failed `test`. Removing the whole document is refused: a manifest cannot vanish.
 */
export function applyJsonPatch<T>(document: T, operations: readonly JsonPatchOperation[]): T {
  if (operations.some((operation) => operation.op === 'remove' && operation.path === '')) {
    throw new JsonPatchError('cannot remove the whole document');
  }
  try {
    return applyPatch(structuredClone(document), operations as Operation[], true, true).newDocument;
  } catch (error) {
    if (!(error instanceof PatchError) || error.index === undefined) {
      throw new JsonPatchError(error instanceof Error ? error.message : String(error));
    }
    // The library says what kind of failure it was; the document as the failing operation saw it
    // says which member or index was missing.
    const before = applyPatch(structuredClone(document), operations.slice(0, error.index) as Operation[], false, true).newDocument;
    throw describeFailure(error, operations[error.index] as JsonPatchOperation, before);
  }
}

function describeFailure(error: InstanceType<typeof PatchError>, operation: JsonPatchOperation, document: unknown): JsonPatchError {
  const { path } = operation;
  const tokens = parsePointer(path);
  const key = tokens[tokens.length - 1] as string;
  switch (error.name) {
    case 'TEST_OPERATION_FAILED': {
      const expected = operation.op === 'test' ? operation.value : undefined;
      return new JsonPatchError(
        `${path}: test failed, found ${JSON.stringify(valueAt(document, path))}, expected ${JSON.stringify(expected)}`,
      );
    }
    case 'OPERATION_FROM_UNRESOLVABLE':
      return new JsonPatchError(`${path}: ${operation.op} from ${'from' in operation ? operation.from : '?'}, which does not exist`);
    case 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX':
      return new JsonPatchError(`${path}: "${key}" is not an array index`);
    case 'OPERATION_PATH_CANNOT_ADD':
    case 'OPERATION_PATH_UNRESOLVABLE':
    case 'OPERATION_VALUE_OUT_OF_BOUNDS': {
      const missing = tokens.slice(0, -1).find((_, index) => valueAt(document, toPointer(tokens.slice(0, index + 1))) === undefined);
      if (missing !== undefined) {
        return new JsonPatchError(`${path}: parent "${missing}" does not exist`);
      }
      const parent = valueAt(document, toPointer(tokens.slice(0, -1)));
      if (Array.isArray(parent)) {
        return new JsonPatchError(`${path}: index ${key} is out of range (length ${parent.length})`);
      }
      if (isRecord(parent)) {
        return new JsonPatchError(`${path}: no member "${key}" to ${operation.op}`);
      }
      return new JsonPatchError(`${path}: parent is not an object or array`);
    }
    // Malformed operations: parseJsonPatchOperation refuses these first, with the entry's position.
    case 'SEQUENCE_NOT_AN_ARRAY':
    case 'OPERATION_NOT_AN_OBJECT':
    case 'OPERATION_OP_INVALID':
    case 'OPERATION_PATH_INVALID':
    case 'OPERATION_FROM_REQUIRED':
    case 'OPERATION_VALUE_REQUIRED':
    case 'OPERATION_VALUE_CANNOT_CONTAIN_UNDEFINED':
      return new JsonPatchError(`${path}: ${error.message.split('\n')[0] ?? error.name}`);
  }
}

function isPointer(value: unknown): value is string {
  return typeof value === 'string' && (value === '' || value.startsWith('/'));
}

function valueAt(document: unknown, pointer: string): unknown {
  try {
    return getValueByPointer(document, pointer) as unknown;
  } catch {
    return undefined;
  }
}

function parsePointer(path: string): string[] {
  return path === ''
    ? []
    : path
        .slice(1)
        .split('/')
        .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function toPointer(tokens: readonly string[]): string {
  return tokens.map((token) => `/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
