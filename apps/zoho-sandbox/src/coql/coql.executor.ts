import { formatZohoDateTime, isZohoDate, parseZohoDateTime } from '../clock/zoho-time';
import type { FieldDefinition, ModuleDefinition } from '../metadata/metadata.model';
import type { SandboxOrg } from '../org/sandbox-org';
import type { StoredRecord } from '../records/record.model';
import { CoqlError, type CoqlCondition, type CoqlExpression, type CoqlQuery, type CoqlValue } from './coql.parser';

/** A column of the query: a field of the module, `id`, or `Lookup_Field.Field_Of_Looked_Up_Module`. */
interface ResolvedColumn {
  name: string;
  field: FieldDefinition | null;
  /** For `Account_Name.Account_Name`: the lookup hop and the field read in the looked-up module. */
  via: { lookup: FieldDefinition; module: ModuleDefinition } | null;
}

const TEXT_TYPES = new Set(['text', 'textarea', 'email', 'phone', 'website', 'picklist', 'multiselectpicklist']);
const ORDERED_TYPES = new Set(['integer', 'bigint', 'double', 'currency', 'percent', 'date', 'datetime']);

/** Rows of a COQL query over one org, with Zoho's per-type operator rules and value checks (reference §5). */
export class CoqlExecutor {
  constructor(
    private readonly org: SandboxOrg,
    private readonly module: ModuleDefinition,
    private readonly timeZone: string,
  ) {}

  /** All matching records, ordered; the caller slices LIMIT/OFFSET. */
  select(query: CoqlQuery): StoredRecord[] {
    const predicate = query.where === null ? () => true : this.compile(query.where);
    const order = query.orderBy.map((entry) => ({ column: this.resolve(entry.column), direction: entry.direction === 'asc' ? 1 : -1 }));
    const rows = [...this.org.records.records(this.module.apiName).values()].filter(predicate);
    return rows.sort((left, right) => {
      for (const { column, direction } of order) {
        const [a, b] = [sortable(this.read(column, left)), sortable(this.read(column, right))];
        if (a === b) {
          continue;
        }
        // Zoho sorts empty values first in ascending order.
        if (a === null) {
          return -direction;
        }
        if (b === null) {
          return direction;
        }
        return (a < b ? -1 : 1) * direction;
      }
      // Default order is id ascending (reference §5).
      return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
    });
  }

  /** Selected columns plus `id`; lookups as `{"id"}` only, date-times in the caller's time zone. */
  render(query: CoqlQuery, record: StoredRecord): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    for (const name of query.columns) {
      const column = this.resolve(name);
      const value = this.read(column, record);
      const field = column.field;
      if (value === null || value === undefined) {
        row[name] = null;
      } else if (field?.dataType === 'datetime') {
        row[name] = formatZohoDateTime(value as number, this.timeZone);
      } else if (field?.dataType === 'lookup' || field?.dataType === 'ownerlookup') {
        row[name] = { id: value };
      } else {
        row[name] = value;
      }
    }
    row['id'] = record.id;
    return row;
  }

  /** One column's value as bulk-read CSV text: ids for lookups and owners, ISO-8601 date-times, `;`-joined multi-selects. */
  csvValue(name: string, record: StoredRecord): string {
    const column = this.resolve(name);
    const value = this.read(column, record);
    if (value === null || value === undefined) {
      return '';
    }
    if (column.field?.dataType === 'datetime') {
      return formatZohoDateTime(value as number, this.timeZone);
    }
    if (Array.isArray(value)) {
      return value.join(';');
    }
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  validateColumns(query: CoqlQuery): void {
    for (const name of [...query.columns, ...query.orderBy.map((entry) => entry.column)]) {
      this.resolve(name);
    }
  }

  private resolve(name: string): ResolvedColumn {
    if (name === 'id') {
      return { name, field: null, via: null };
    }
    const [first = '', second, ...rest] = name.split('.');
    const field = this.module.fields.find((candidate) => candidate.apiName === first);
    if (!field || rest.length > 0) {
      throw invalidColumn(name);
    }
    if (second === undefined) {
      return { name, field, via: null };
    }
    const target = field.lookupModule === null ? undefined : this.org.catalog.find(field.lookupModule);
    const targetField = target?.fields.find((candidate) => candidate.apiName === second);
    if (!target || !targetField) {
      throw invalidColumn(name);
    }
    return { name, field: targetField, via: { lookup: field, module: target } };
  }

  private read(column: ResolvedColumn, record: StoredRecord): unknown {
    if (column.field === null) {
      return record.id;
    }
    if (column.via === null) {
      return record.values[column.field.apiName];
    }
    const targetId = record.values[column.via.lookup.apiName];
    if (typeof targetId !== 'string') {
      return null;
    }
    return this.org.records.get(column.via.module.apiName, targetId)?.values[column.field.apiName] ?? null;
  }

  private compile(expression: CoqlExpression): (record: StoredRecord) => boolean {
    if (expression.kind === 'group') {
      const [left, right] = [this.compile(expression.left), this.compile(expression.right)];
      return expression.operator === 'and' ? (record) => left(record) && right(record) : (record) => left(record) || right(record);
    }
    return this.compileCondition(expression);
  }

  private compileCondition(condition: CoqlCondition): (record: StoredRecord) => boolean {
    const column = this.resolve(condition.column);
    const dataType = column.field?.dataType ?? 'bigint';
    const isText = TEXT_TYPES.has(dataType);
    const read = (record: StoredRecord): string | number | boolean | null => comparable(dataType, this.read(column, record));
    const operatorError = (operator: string): CoqlError =>
      new CoqlError('INVALID_QUERY', 'invalid operator found', {
        column_name: condition.column,
        operator,
        reason: 'the operator is not supported for the data type',
      });
    switch (condition.kind) {
      case 'null':
        return (record) => (read(record) === null) !== condition.negated;
      case 'like': {
        if (!isText) {
          throw operatorError(condition.negated ? 'not like' : 'like');
        }
        // `not like` supports only the `%x%` form (reference §5).
        if (condition.negated && !/^%[^%]*%$/.test(condition.pattern)) {
          throw operatorError('not like');
        }
        const pattern = likePattern(condition.pattern);
        return (record) => {
          const value = read(record);
          return typeof value === 'string' && pattern.test(value) !== condition.negated;
        };
      }
      case 'in': {
        if (condition.values.length > 50) {
          throw new CoqlError('INVALID_QUERY', 'invalid query formed', {
            column_name: condition.column,
            limit: 50,
            reason: 'too many values for in',
          });
        }
        const values = condition.values.map((value) => this.typedValue(column, dataType, value));
        return (record) => values.includes(read(record)) !== condition.negated;
      }
      case 'between': {
        if (!ORDERED_TYPES.has(dataType)) {
          throw operatorError(condition.negated ? 'not between' : 'between');
        }
        const [low, high] = [this.typedValue(column, dataType, condition.low), this.typedValue(column, dataType, condition.high)];
        return (record) => {
          const value = read(record);
          if (value === null || low === null || high === null) {
            return false;
          }
          return (value >= low && value <= high) !== condition.negated;
        };
      }
      case 'compare': {
        if (isText && !['=', '!='].includes(condition.operator)) {
          throw operatorError(condition.operator);
        }
        const target = this.typedValue(column, dataType, condition.value);
        return (record) => {
          const value = read(record);
          switch (condition.operator) {
            case '=':
              return value === target;
            case '!=':
              return value !== target;
            case '>':
              return value !== null && target !== null && value > target;
            case '>=':
              return value !== null && target !== null && value >= target;
            case '<':
              return value !== null && target !== null && value < target;
            case '<=':
              return value !== null && target !== null && value <= target;
          }
        };
      }
    }
  }

  /** A literal converted to the column's comparable type; date-times accept any offset (reference §5). */
  private typedValue(column: ResolvedColumn, dataType: string, value: CoqlValue): string | number | boolean | null {
    if (value === null) {
      return null;
    }
    const invalid = new CoqlError('INVALID_QUERY', 'value given seems to be invalid for the column', { column_name: column.name });
    if (dataType === 'datetime') {
      const epoch = typeof value === 'string' ? parseZohoDateTime(value) : null;
      if (epoch === null) {
        throw invalid;
      }
      return Math.floor(epoch / 1000);
    }
    if (dataType === 'date') {
      if (typeof value !== 'string' || !isZohoDate(value)) {
        throw invalid;
      }
      return value;
    }
    if (dataType === 'boolean') {
      if (typeof value !== 'boolean') {
        throw invalid;
      }
      return value;
    }
    if (['integer', 'double', 'currency', 'percent'].includes(dataType)) {
      if (typeof value === 'number') {
        return value;
      }
      if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
        return Number(value);
      }
      throw invalid;
    }
    // Ids (record id, bigint, lookups, owners) are compared as strings, quoted or not.
    if (dataType === 'bigint' || dataType === 'lookup' || dataType === 'ownerlookup') {
      return String(value);
    }
    if (typeof value !== 'string') {
      throw invalid;
    }
    return value.toLowerCase();
  }
}

function invalidColumn(name: string): CoqlError {
  return new CoqlError('INVALID_QUERY', 'column given seems to be invalid', { column_name: name });
}

function comparable(dataType: string, value: unknown): string | number | boolean | null {
  if (value === null || value === undefined || value === '') {
    return null;
  }
  if (dataType === 'datetime') {
    return Math.floor((value as number) / 1000);
  }
  if (TEXT_TYPES.has(dataType) && typeof value === 'string') {
    return value.toLowerCase();
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return null;
}

function sortable(value: unknown): string | number | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'string') {
    return value.toLowerCase();
  }
  if (typeof value === 'number') {
    return value;
  }
  return typeof value === 'boolean' ? Number(value) : null;
}

/** `%` matches any run of characters; matching is case-insensitive. */
function likePattern(pattern: string): RegExp {
  const source = pattern
    .split('%')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i');
}
