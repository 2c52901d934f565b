import { isZohoDate, parseZohoDateTime } from '../clock/zoho-time';
import type { FieldDefinition, ModuleDefinition } from '../metadata/metadata.model';
import type { StoredRecord } from './record.model';

/**
 * The `criteria` of the search API (reference §2.1): `((Field:operator:value)and(Field:operator:value))`,
 * groups joined by `and`/`or`, `\` escaping `(`, `)` and `,` in values, at most 10 conditions.
 */
export const SEARCH_OPERATORS = [
  'equals',
  'not_equal',
  'starts_with',
  'in',
  'greater_than',
  'greater_equal',
  'less_than',
  'less_equal',
  'between',
] as const;
export type SearchOperator = (typeof SEARCH_OPERATORS)[number];

export interface SearchCondition {
  kind: 'condition';
  field: FieldDefinition;
  operator: SearchOperator;
  values: string[];
}

export interface SearchGroup {
  kind: 'group';
  operator: 'and' | 'or';
  children: SearchNode[];
}

export type SearchNode = SearchCondition | SearchGroup;

export class SearchCriteriaError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const MAX_CONDITIONS = 10;
const MAX_IN_VALUES = 100;
const TEXT_TYPES = new Set(['text', 'textarea', 'email', 'phone', 'website', 'picklist', 'multiselectpicklist']);
const NUMBER_TYPES = new Set(['integer', 'double', 'currency', 'percent']);

export function parseSearchCriteria(text: string, module: ModuleDefinition): SearchNode {
  const parser = new CriteriaParser(text, module);
  const node = parser.parseSequence();
  parser.expectEnd();
  if (parser.conditionCount > MAX_CONDITIONS) {
    throw new SearchCriteriaError('too many criteria', { limit: MAX_CONDITIONS });
  }
  return node;
}

class CriteriaParser {
  private position = 0;
  conditionCount = 0;

  constructor(
    private readonly text: string,
    private readonly module: ModuleDefinition,
  ) {}

  /** term (('and'|'or') term)* — one operator per level, as Zoho requires explicit grouping. */
  parseSequence(): SearchNode {
    const children = [this.parseTerm()];
    let operator: 'and' | 'or' | null = null;
    for (;;) {
      const next = this.text.slice(this.position, this.position + 3).toLowerCase();
      const word = next.startsWith('and') ? 'and' : next.startsWith('or') ? 'or' : null;
      if (word === null) {
        break;
      }
      if (operator !== null && operator !== word) {
        throw new SearchCriteriaError('mixing and/or needs parentheses', { position: this.position });
      }
      operator = word;
      this.position += word.length;
      children.push(this.parseTerm());
    }
    return children.length === 1 ? (children[0] as SearchNode) : { kind: 'group', operator: operator ?? 'and', children };
  }

  expectEnd(): void {
    if (this.position !== this.text.length) {
      throw new SearchCriteriaError('unexpected text in criteria', { position: this.position });
    }
  }

  private parseTerm(): SearchNode {
    if (this.text[this.position] !== '(') {
      throw new SearchCriteriaError('expected "("', { position: this.position });
    }
    this.position += 1;
    if (this.text[this.position] === '(') {
      const inner = this.parseSequence();
      this.expect(')');
      return inner;
    }
    const body = this.readConditionBody();
    this.expect(')');
    return this.condition(body);
  }

  private expect(character: string): void {
    if (this.text[this.position] !== character) {
      throw new SearchCriteriaError(`expected "${character}"`, { position: this.position });
    }
    this.position += 1;
  }

  /** Reads up to the unescaped `)`, keeping escapes so values can be split on unescaped commas. */
  private readConditionBody(): string {
    let body = '';
    while (this.position < this.text.length) {
      const character = this.text[this.position] as string;
      if (character === '\\' && this.position + 1 < this.text.length) {
        body += character + (this.text[this.position + 1] as string);
        this.position += 2;
        continue;
      }
      if (character === ')') {
        return body;
      }
      body += character;
      this.position += 1;
    }
    throw new SearchCriteriaError('unbalanced parentheses');
  }

  private condition(body: string): SearchCondition {
    const first = body.indexOf(':');
    const second = first < 0 ? -1 : body.indexOf(':', first + 1);
    if (first < 0 || second < 0) {
      throw new SearchCriteriaError('a criterion is field:operator:value', { criterion: body });
    }
    const apiName = body.slice(0, first);
    const operator = body.slice(first + 1, second);
    const field = apiName === 'id' ? ID_FIELD : this.module.fields.find((candidate) => candidate.apiName === apiName);
    if (!field) {
      throw new SearchCriteriaError('invalid field in criteria', { api_name: apiName });
    }
    if (!(SEARCH_OPERATORS as readonly string[]).includes(operator)) {
      throw new SearchCriteriaError('invalid operator', { operator, api_name: apiName });
    }
    const values = splitValues(body.slice(second + 1));
    const typedOperator = operator as SearchOperator;
    if (typedOperator === 'between' && values.length !== 2) {
      throw new SearchCriteriaError('between takes two values', { api_name: apiName });
    }
    if (typedOperator === 'in' && values.length > MAX_IN_VALUES) {
      throw new SearchCriteriaError('too many values for in', { limit: MAX_IN_VALUES });
    }
    if (typedOperator !== 'in' && typedOperator !== 'between' && values.length !== 1) {
      // An unescaped comma belongs to `in` and `between` only; elsewhere it is part of the value.
      values.splice(0, values.length, values.join(','));
    }
    this.conditionCount += 1;
    return { kind: 'condition', field, operator: typedOperator, values };
  }
}

const ID_FIELD: FieldDefinition = {
  id: '0',
  apiName: 'id',
  label: 'Id',
  dataType: 'bigint',
  length: 19,
  decimalPlace: null,
  systemMandatory: false,
  readOnly: true,
  customField: false,
  unique: true,
  pickListValues: [],
  lookupModule: null,
  external: false,
};

function splitValues(raw: string): string[] {
  const values: string[] = [];
  let current = '';
  for (let index = 0; index < raw.length; index += 1) {
    const character = raw[index] as string;
    if (character === '\\' && index + 1 < raw.length) {
      current += raw[index + 1] as string;
      index += 1;
    } else if (character === ',') {
      values.push(current);
      current = '';
    } else {
      current += character;
    }
  }
  values.push(current);
  return values;
}

/** True when the record satisfies the criteria. */
export function matchesCriteria(node: SearchNode, record: StoredRecord): boolean {
  if (node.kind === 'group') {
    return node.operator === 'and'
      ? node.children.every((child) => matchesCriteria(child, record))
      : node.children.some((child) => matchesCriteria(child, record));
  }
  const stored = node.field.apiName === 'id' ? record.id : record.values[node.field.apiName];
  return matchesCondition(node, stored);
}

function matchesCondition(condition: SearchCondition, stored: unknown): boolean {
  const { field, operator, values } = condition;
  const [first = ''] = values;
  if (TEXT_TYPES.has(field.dataType)) {
    const texts = (Array.isArray(stored) ? stored : [stored]).map((value) => (typeof value === 'string' ? value.toLowerCase() : ''));
    const wanted = first.toLowerCase();
    // Zoho's search `equals` behaves like "contains" on text (reference §2.1).
    if (operator === 'equals') {
      return texts.some((text) => text.includes(wanted));
    }
    if (operator === 'not_equal') {
      return texts.every((text) => text !== wanted);
    }
    if (operator === 'starts_with') {
      return texts.some((text) => text.startsWith(wanted));
    }
    if (operator === 'in') {
      return texts.some((text) => values.some((value) => value.toLowerCase() === text));
    }
    // Range operators do not apply to text.
    return false;
  }
  const comparable = toComparable(field, stored);
  const targets = values.map((value) => parseComparable(field, value));
  if (comparable === null) {
    return operator === 'not_equal' && targets[0] !== null;
  }
  const [target = null, upper = null] = targets;
  switch (operator) {
    case 'equals':
      return target !== null && comparable === target;
    case 'not_equal':
      return comparable !== target;
    case 'in':
      return targets.some((value) => value === comparable);
    case 'greater_than':
      return target !== null && comparable > target;
    case 'greater_equal':
      return target !== null && comparable >= target;
    case 'less_than':
      return target !== null && comparable < target;
    case 'less_equal':
      return target !== null && comparable <= target;
    case 'between':
      return target !== null && upper !== null && comparable >= target && comparable <= upper;
    case 'starts_with':
      return String(comparable).startsWith(first);
  }
}

function toComparable(field: FieldDefinition, stored: unknown): number | string | boolean | null {
  if (stored === null || stored === undefined) {
    return null;
  }
  if (field.dataType === 'datetime') {
    return Math.floor((stored as number) / 1000);
  }
  if (typeof stored === 'number' || typeof stored === 'string' || typeof stored === 'boolean') {
    return stored;
  }
  return null;
}

function parseComparable(field: FieldDefinition, value: string): number | string | boolean | null {
  if (NUMBER_TYPES.has(field.dataType)) {
    return value.trim() === '' || Number.isNaN(Number(value)) ? null : Number(value);
  }
  if (field.dataType === 'datetime') {
    const epoch = parseZohoDateTime(value);
    return epoch === null ? null : Math.floor(epoch / 1000);
  }
  if (field.dataType === 'date') {
    return isZohoDate(value) ? value : null;
  }
  if (field.dataType === 'boolean') {
    return value === 'true' ? true : value === 'false' ? false : null;
  }
  return value;
}
