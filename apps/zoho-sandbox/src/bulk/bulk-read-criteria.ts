import type { CoqlComparison, CoqlExpression, CoqlValue } from '../coql/coql.parser';

/** A bulk-read criteria object was malformed; `path` names the offending key (`$.query.criteria.group[1].comparator`). */
export class BulkCriteriaError extends Error {
  constructor(readonly path: string) {
    super(`invalid criteria at ${path}`);
  }
}

const COMPARISONS: Record<string, CoqlComparison> = {
  equal: '=',
  not_equal: '!=',
  greater_than: '>',
  greater_equal: '>=',
  less_than: '<',
  less_equal: '<=',
};

/**
 * Translates bulk read's JSON criteria (reference §6: `{"group_operator":"and","group":[{"field":
 * {"api_name":"Modified_Time"},"comparator":"greater_equal","value":"…"}]}`) into the COQL
 * expression tree, so both APIs filter with the same per-type rules.
 */
export function bulkCriteriaToExpression(criteria: unknown, path = '$.query.criteria'): CoqlExpression {
  if (criteria === null || typeof criteria !== 'object' || Array.isArray(criteria)) {
    throw new BulkCriteriaError(path);
  }
  const node = criteria as Record<string, unknown>;
  if (node['group'] !== undefined) {
    const operator = node['group_operator'];
    const group = node['group'];
    if (operator !== 'and' && operator !== 'or') {
      throw new BulkCriteriaError(`${path}.group_operator`);
    }
    if (!Array.isArray(group) || group.length < 2) {
      throw new BulkCriteriaError(`${path}.group`);
    }
    const children = group.map((child, index) => bulkCriteriaToExpression(child, `${path}.group[${index}]`));
    return children.slice(1).reduce((left, right) => ({ kind: 'group', operator, left, right }), children[0] as CoqlExpression);
  }
  const field = node['field'];
  const apiName = field !== null && typeof field === 'object' ? (field as Record<string, unknown>)['api_name'] : undefined;
  if (typeof apiName !== 'string') {
    throw new BulkCriteriaError(`${path}.field`);
  }
  const comparator = node['comparator'];
  const value = node['value'];
  const scalar = (candidate: unknown, at: string): CoqlValue => {
    if (candidate === null || ['string', 'number', 'boolean'].includes(typeof candidate)) {
      return candidate as CoqlValue;
    }
    throw new BulkCriteriaError(at);
  };
  if (typeof comparator === 'string' && comparator in COMPARISONS) {
    return { kind: 'compare', column: apiName, operator: COMPARISONS[comparator] as CoqlComparison, value: scalar(value, `${path}.value`) };
  }
  switch (comparator) {
    case 'in':
    case 'not_in':
      if (!Array.isArray(value) || value.length === 0) {
        throw new BulkCriteriaError(`${path}.value`);
      }
      return {
        kind: 'in',
        column: apiName,
        negated: comparator === 'not_in',
        values: value.map((entry, index) => scalar(entry, `${path}.value[${index}]`)),
      };
    case 'between':
    case 'not_between':
      if (!Array.isArray(value) || value.length !== 2) {
        throw new BulkCriteriaError(`${path}.value`);
      }
      return {
        kind: 'between',
        column: apiName,
        negated: comparator === 'not_between',
        low: scalar(value[0], `${path}.value[0]`),
        high: scalar(value[1], `${path}.value[1]`),
      };
    case 'contains':
    case 'not_contains':
    case 'starts_with':
    case 'ends_with': {
      if (typeof value !== 'string') {
        throw new BulkCriteriaError(`${path}.value`);
      }
      const pattern = comparator === 'starts_with' ? `${value}%` : comparator === 'ends_with' ? `%${value}` : `%${value}%`;
      return { kind: 'like', column: apiName, negated: comparator === 'not_contains', pattern };
    }
    default:
      throw new BulkCriteriaError(`${path}.comparator`);
  }
}
