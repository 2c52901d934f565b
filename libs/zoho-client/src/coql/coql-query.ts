import { ZohoArgumentError } from '../errors/zoho-errors';

/**
 * Building COQL text safely. User values only ever enter a query as literals rendered here: text
 * in single quotes with `'` doubled (Zoho's escape, §5), numbers checked finite, booleans as
 * words. Field and module names must look like API names, so nothing a user types can close a
 * literal, add a clause or comment out the rest.
 */
export type CoqlValue = string | number | boolean;

export type CoqlComparison = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like' | 'not like';

export type CoqlCondition =
  | { field: string; op: CoqlComparison; value: CoqlValue }
  | { field: string; op: 'in' | 'not in'; values: readonly CoqlValue[] }
  | { field: string; op: 'between' | 'not between'; from: CoqlValue; to: CoqlValue }
  | { field: string; op: 'is null' | 'is not null' }
  | { and: readonly CoqlCondition[] }
  | { or: readonly CoqlCondition[] };

export interface CoqlSelect {
  select: readonly string[];
  from: string;
  where: CoqlCondition;
  orderBy?: readonly { field: string; direction?: 'asc' | 'desc' }[];
}

const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** A column, possibly one lookup hop deep (`Account_Name.Account_Name`). */
const COLUMN = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/;

/** Zoho limits (§5): 50 columns, 25 criteria, 50 values in `in`. */
export const COQL_LIMITS = { maxColumns: 50, maxCriteria: 25, maxInValues: 50, maxLimit: 2_000, maxOffsetReach: 100_000 } as const;

function argumentError(field: string, message: string): ZohoArgumentError {
  return new ZohoArgumentError({ code: 'INVALID_ARGUMENT', httpStatus: null, field, message });
}

/**
 * A value as a COQL literal.
 *
 * @example
 * coqlLiteral("O'Brien") === "'O''Brien'"
 */
export function coqlLiteral(value: CoqlValue): string {
  if (typeof value === 'string') {
    // Zoho escapes a quote by doubling it; a backslash has no special meaning in COQL text.
    // Control characters cannot be written inside a literal, so they are refused.
    // eslint-disable-next-line no-control-regex -- the point is to find control characters
    if (/[\u0000-\u001f]/.test(value)) {
      throw argumentError('value', 'COQL text cannot hold control characters or line breaks');
    }
    return `'${value.replace(/'/g, "''")}'`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw argumentError('value', `${value} is not a finite number`);
    }
    return String(value);
  }
  if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  }
  // Only reachable from untyped callers: a null or object must not become text in a query.
  throw argumentError('value', `a ${typeof value} cannot be a COQL literal`);
}

export function coqlColumn(name: string, field = 'field'): string {
  if (!COLUMN.test(name)) {
    throw argumentError(field, `"${name}" is not a COQL column (an API name, optionally Lookup.Field)`);
  }
  return name;
}

/**
 * Renders a condition. Zoho accepts at most two operands per parenthesised group (`((A and B) and C)`,
 * §5), so longer and/or lists are nested pairwise.
 */
export function renderCoqlCondition(condition: CoqlCondition, counter = { criteria: 0 }): string {
  if ('and' in condition || 'or' in condition) {
    const joiner = 'and' in condition ? 'and' : 'or';
    const parts = ('and' in condition ? condition.and : condition.or).map((part) => renderCoqlCondition(part, counter));
    if (parts.length === 0) {
      throw argumentError('where', `an empty "${joiner}" group`);
    }
    return parts.reduce((left, right) => `(${left} ${joiner} ${right})`);
  }
  counter.criteria += 1;
  if (counter.criteria > COQL_LIMITS.maxCriteria) {
    throw argumentError('where', `COQL allows at most ${COQL_LIMITS.maxCriteria} criteria`);
  }
  const column = coqlColumn(condition.field, 'where.field');
  switch (condition.op) {
    case 'is null':
    case 'is not null':
      return `${column} ${condition.op}`;
    case 'in':
    case 'not in': {
      if (condition.values.length === 0 || condition.values.length > COQL_LIMITS.maxInValues) {
        throw argumentError('where.values', `"${condition.op}" takes 1 to ${COQL_LIMITS.maxInValues} values`);
      }
      return `${column} ${condition.op} (${condition.values.map(coqlLiteral).join(', ')})`;
    }
    case 'between':
    case 'not between':
      return `${column} ${condition.op} ${coqlLiteral(condition.from)} and ${coqlLiteral(condition.to)}`;
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
    case 'like':
    case 'not like':
      return `${column} ${condition.op} ${coqlLiteral(condition.value)}`;
  }
}

/** `select … from … where … [order by …]` without LIMIT/OFFSET, which the pager adds. */
export function renderCoqlSelect(query: CoqlSelect): string {
  if (query.select.length === 0) {
    throw argumentError('select', 'name at least one column');
  }
  if (query.select.length > COQL_LIMITS.maxColumns) {
    throw argumentError('select', `COQL allows at most ${COQL_LIMITS.maxColumns} columns`);
  }
  if (!API_NAME.test(query.from)) {
    throw argumentError('from', `"${query.from}" is not a module API name`);
  }
  const columns = query.select.map((column, index) => coqlColumn(column, `select[${index}]`)).join(', ');
  let text = `select ${columns} from ${query.from} where ${renderCoqlCondition(query.where)}`;
  if (query.orderBy && query.orderBy.length > 0) {
    text += ` order by ${query.orderBy.map((order, index) => `${coqlColumn(order.field, `orderBy[${index}].field`)} ${order.direction ?? 'asc'}`).join(', ')}`;
  }
  return text;
}

/**
 * A tagged template that renders every interpolation as a literal, for hand-written queries.
 *
 * @example
 * coql`select id from Leads where Email = ${userInput}`
 */
export function coql(strings: TemplateStringsArray, ...values: CoqlValue[]): string {
  return strings.reduce((text, part, index) => text + part + (index < values.length ? coqlLiteral(values[index] as CoqlValue) : ''), '');
}
