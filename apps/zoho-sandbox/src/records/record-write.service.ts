import type { FieldDefinition, ModuleDefinition } from '../metadata/metadata.model';
import type { SandboxUser } from '../org/org.model';
import type { SandboxOrg } from '../org/sandbox-org';
import type { ZohoIdGenerator } from '../ids/zoho-id.generator';
import { isEmptyValue } from './field-value.validator';
import { invalidData, mandatoryNotFound, validateRecordInput } from './record-input.validator';
import { recordError, type RecordError, type StoredRecord } from './record.model';
import { recordDisplayName } from './record.presenter';
import type { RecordWrite, WriteChannel } from './record-write-log';

export type WriteOutcome =
  | { ok: true; record: StoredRecord; action: 'insert' | 'update'; duplicateField: string | null; changedFields: string[] }
  | { ok: false; error: RecordError };

export type DeleteOutcome = { ok: true; id: string } | { ok: false; error: RecordError };

/** A completed change, for notification channels: Zoho's `operation` and the affected ids and fields. */
export interface RecordChange {
  org: SandboxOrg;
  module: ModuleDefinition;
  operation: 'insert' | 'update' | 'delete';
  ids: string[];
  changedFields: Record<string, string[]>;
}

export type RecordChangeListener = (change: RecordChange) => void;

export interface RecordWriteOptions {
  /** Lookup field → external-id field of the looked-up module, from `X-EXTERNAL` (reference §2.1). */
  externalLookups?: Readonly<Record<string, string>>;
  /** Through what the writes come, for the org's write log (default: a Zoho user). */
  channel?: WriteChannel;
}

/**
 * Inserts, updates, upserts and deletes records of one org, with Zoho's per-record validation
 * and outcomes. Used by both the CRM API and the admin API ("a Zoho user edited this"), so
 * `Modified_Time`, `Modified_By` and change notifications behave the same for both.
 */
export class RecordWriteService {
  constructor(
    private readonly org: SandboxOrg,
    private readonly ids: ZohoIdGenerator,
    private readonly now: () => number,
    private readonly onChange: RecordChangeListener,
    private readonly options: RecordWriteOptions = {},
  ) {}

  /**
   * Records by field value, built once per write call for the fields it looks up: a 100-record
   * call against a 200,000-record module then scans the module once per field, not once per record.
   * Kept only for the duration of one call, and updated by that call's own inserts and updates.
   */
  private valueIndex: RecordValueIndex | null = null;

  insert(module: ModuleDefinition, data: readonly unknown[], actor: SandboxUser): WriteOutcome[] {
    const outcomes = this.withValueIndex(() => data.map((input, index) => this.insertOne(module, input, index, actor)));
    this.announce(module, 'insert', outcomes);
    return outcomes;
  }

  update(module: ModuleDefinition, data: readonly unknown[], actor: SandboxUser, ifUnmodifiedSince: number | null): WriteOutcome[] {
    const outcomes = this.withValueIndex(() =>
      data.map((input, index) => {
        const id = input !== null && typeof input === 'object' ? (input as Record<string, unknown>)['id'] : undefined;
        if (id === undefined || id === null || id === '') {
          return { ok: false as const, error: mandatoryNotFound(index, 'id') };
        }
        const existing = typeof id === 'string' ? this.org.records.get(module.apiName, id) : undefined;
        if (!existing) {
          return { ok: false as const, error: invalidData(index, 'id', 'the id given seems to be invalid') };
        }
        if (ifUnmodifiedSince !== null && seconds(existing.values['Modified_Time'] as number) > seconds(ifUnmodifiedSince)) {
          return {
            ok: false as const,
            error: recordError('ALREADY_MODIFIED', 'record modified after the given time', {
              id: existing.id,
              json_path: `$.data[${index}]`,
            }),
          };
        }
        return this.updateOne(module, existing, input, index, actor, null);
      }),
    );
    this.announce(module, 'update', outcomes);
    return outcomes;
  }

  /**
   * Upsert (reference §2.1): the first duplicate-check field whose value matches an existing
   * record decides an update of that record; otherwise the record is inserted.
   */
  upsert(
    module: ModuleDefinition,
    data: readonly unknown[],
    actor: SandboxUser,
    duplicateCheckFields: readonly FieldDefinition[],
  ): WriteOutcome[] {
    const outcomes = this.withValueIndex(() =>
      data.map((input, index) => {
        if (input === null || typeof input !== 'object' || Array.isArray(input)) {
          return this.insertOne(module, input, index, actor);
        }
        for (const field of duplicateCheckFields) {
          const value = (input as Record<string, unknown>)[field.apiName];
          if (isEmptyValue(value)) {
            continue;
          }
          const match = this.findByValue(module, field, value);
          if (match) {
            return this.updateOne(module, match, input, index, actor, field.apiName);
          }
        }
        return this.insertOne(module, input, index, actor);
      }),
    );
    this.announce(
      module,
      'insert',
      outcomes.filter((outcome) => outcome.ok && outcome.action === 'insert'),
    );
    this.announce(
      module,
      'update',
      outcomes.filter((outcome) => outcome.ok && outcome.action === 'update'),
    );
    return outcomes;
  }

  delete(module: ModuleDefinition, ids: readonly string[], actor: SandboxUser): DeleteOutcome[] {
    const outcomes = ids.map((id): DeleteOutcome => {
      const record = this.org.records.get(module.apiName, id);
      if (!record) {
        return { ok: false, error: recordError('INVALID_DATA', 'the id given seems to be invalid', { id }) };
      }
      this.org.records.remove(module.apiName, record, {
        displayName: recordDisplayName(module, record),
        deletedTime: this.now(),
        deletedBy: actor.id,
        createdBy: record.values['Created_By'] as string,
      });
      this.log(module, 'delete', id, [], actor);
      return { ok: true, id };
    });
    const deleted = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.id] : []));
    if (deleted.length > 0) {
      this.onChange({ org: this.org, module, operation: 'delete', ids: deleted, changedFields: {} });
    }
    return outcomes;
  }

  private insertOne(module: ModuleDefinition, input: unknown, index: number, actor: SandboxUser): WriteOutcome {
    const result = validateRecordInput(input, { org: this.org, module, index, ...this.options });
    if (!result.ok) {
      return result;
    }
    const duplicate = this.findUniqueViolation(module, result.changes, index, null);
    if (duplicate) {
      return { ok: false, error: duplicate };
    }
    const now = seconds(this.now()) * 1000;
    const record: StoredRecord = {
      id: this.ids.next(),
      values: {
        ...result.changes,
        Owner: result.changes['Owner'] ?? actor.id,
        Created_Time: now,
        Modified_Time: now,
        Created_By: actor.id,
        Modified_By: actor.id,
      },
    };
    this.org.records.put(module.apiName, record);
    this.valueIndex?.added(module, record);
    this.log(module, 'insert', record.id, Object.keys(result.changes), actor);
    return { ok: true, record, action: 'insert', duplicateField: null, changedFields: Object.keys(result.changes) };
  }

  private updateOne(
    module: ModuleDefinition,
    existing: StoredRecord,
    input: unknown,
    index: number,
    actor: SandboxUser,
    duplicateField: string | null,
  ): WriteOutcome {
    const result = validateRecordInput(input, { org: this.org, module, index, existing, ...this.options });
    if (!result.ok) {
      return result;
    }
    const duplicate = this.findUniqueViolation(module, result.changes, index, existing.id);
    if (duplicate) {
      return { ok: false, error: duplicate };
    }
    const changedFields = Object.keys(result.changes).filter((key) => !sameValue(existing.values[key], result.changes[key]));
    // Zoho stamps Modified_Time on every successful update call, even one that changes nothing.
    const previousValues = { ...existing.values };
    Object.assign(existing.values, result.changes, { Modified_Time: seconds(this.now()) * 1000, Modified_By: actor.id });
    this.valueIndex?.changed(module, existing, previousValues);
    this.log(module, 'update', existing.id, changedFields, actor);
    return { ok: true, record: existing, action: 'update', duplicateField, changedFields };
  }

  private findUniqueViolation(
    module: ModuleDefinition,
    changes: Record<string, unknown>,
    index: number,
    selfId: string | null,
  ): RecordError | null {
    for (const field of module.fields) {
      if (!field.unique || isEmptyValue(changes[field.apiName])) {
        continue;
      }
      const other = this.findByValue(module, field, changes[field.apiName], selfId);
      if (!other) {
        continue;
      }
      const owner = this.org.findUser(other.values['Owner'] as string);
      return recordError('DUPLICATE_DATA', 'duplicate data', {
        api_name: field.apiName,
        json_path: `$.data[${index}].${field.apiName}`,
        duplicate_record: {
          id: other.id,
          Owner: { name: owner ? `${owner.firstName} ${owner.lastName}`.trim() : null, id: owner?.id ?? null, zuid: owner?.zuid ?? null },
          module: { api_name: module.apiName, id: module.id },
        },
        more_records: false,
      });
    }
    return null;
  }

  /** The oldest record whose field equals `value` (text compared case-insensitively, as Zoho's duplicate check does). */
  private findByValue(
    module: ModuleDefinition,
    field: FieldDefinition,
    value: unknown,
    excludeId: string | null = null,
  ): StoredRecord | undefined {
    if (!this.valueIndex) {
      throw new Error('record lookups run inside a write call (insert, update, upsert)');
    }
    const candidates = this.valueIndex.recordsWith(module, field, comparable(value));
    return candidates.find((record) => record.id !== excludeId);
  }

  private withValueIndex<T>(write: () => T): T {
    const outer = this.valueIndex;
    this.valueIndex ??= new RecordValueIndex(this.org);
    try {
      return write();
    } finally {
      this.valueIndex = outer;
    }
  }

  private log(
    module: ModuleDefinition,
    operation: RecordWrite['operation'],
    recordId: string,
    changedFields: string[],
    actor: SandboxUser,
  ): void {
    this.org.writeLog.add({
      at: this.now(),
      module: module.apiName,
      operation,
      recordId,
      changedFields,
      channel: this.options.channel ?? { kind: 'ZOHO_USER' },
      userId: actor.id,
    });
  }

  private announce(module: ModuleDefinition, operation: 'insert' | 'update', outcomes: readonly WriteOutcome[]): void {
    const written = outcomes.flatMap((outcome) => (outcome.ok ? [outcome] : []));
    if (written.length === 0) {
      return;
    }
    this.onChange({
      org: this.org,
      module,
      operation,
      ids: written.map((outcome) => outcome.record.id),
      changedFields: Object.fromEntries(written.map((outcome) => [outcome.record.id, outcome.changedFields])),
    });
  }
}

function seconds(epochMs: number): number {
  return Math.floor(epochMs / 1000);
}

function comparable(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const id = (value as Record<string, unknown>)['id'];
    return typeof id === 'string' ? id : '';
  }
  return typeof value === 'string' ? value.trim().toLowerCase() : JSON.stringify(value ?? null);
}

function sameValue(left: unknown, right: unknown): boolean {
  return JSON.stringify(left ?? null) === JSON.stringify(right ?? null);
}

/**
 * Records of an org by module, field and comparable value, oldest first — built lazily per field
 * from the module's records (kept in creation order) and kept current by the writes of one call.
 */
class RecordValueIndex {
  private readonly byField = new Map<string, Map<string, StoredRecord[]>>();

  constructor(private readonly org: SandboxOrg) {}

  recordsWith(module: ModuleDefinition, field: FieldDefinition, wanted: string): readonly StoredRecord[] {
    return this.fieldIndex(module, field.apiName).get(wanted) ?? [];
  }

  added(module: ModuleDefinition, record: StoredRecord): void {
    for (const [key, index] of this.byField) {
      const fieldApiName = this.fieldOf(module, key);
      if (fieldApiName !== null) {
        insertInCreationOrder(index, comparable(record.values[fieldApiName]), record);
      }
    }
  }

  changed(module: ModuleDefinition, record: StoredRecord, previousValues: Record<string, unknown>): void {
    for (const [key, index] of this.byField) {
      const fieldApiName = this.fieldOf(module, key);
      if (fieldApiName === null) {
        continue;
      }
      const before = comparable(previousValues[fieldApiName]);
      const after = comparable(record.values[fieldApiName]);
      if (before === after) {
        continue;
      }
      const previous = index.get(before)?.filter((other) => other !== record) ?? [];
      if (previous.length > 0) {
        index.set(before, previous);
      } else {
        index.delete(before);
      }
      insertInCreationOrder(index, after, record);
    }
  }

  private fieldIndex(module: ModuleDefinition, fieldApiName: string): Map<string, StoredRecord[]> {
    const key = `${module.apiName.toLowerCase()}\u0000${fieldApiName}`;
    let index = this.byField.get(key);
    if (!index) {
      index = new Map();
      for (const record of this.org.records.records(module.apiName).values()) {
        const value = comparable(record.values[fieldApiName]);
        const records = index.get(value);
        if (records) {
          records.push(record);
        } else {
          index.set(value, [record]);
        }
      }
      this.byField.set(key, index);
    }
    return index;
  }

  /** The field of `key` when it indexes `module`, else null. */
  private fieldOf(module: ModuleDefinition, key: string): string | null {
    const [moduleKey, fieldApiName] = key.split('\u0000') as [string, string];
    return moduleKey === module.apiName.toLowerCase() ? fieldApiName : null;
  }
}

/** Adds `record` under `value`, keeping the records of a value oldest first. */
function insertInCreationOrder(index: Map<string, StoredRecord[]>, value: string, record: StoredRecord): void {
  const records = index.get(value) ?? [];
  const position = records.findIndex((other) => createdAfter(other, record));
  records.splice(position < 0 ? records.length : position, 0, record);
  index.set(value, records);
}

function createdAfter(left: StoredRecord, right: StoredRecord): boolean {
  const leftTime = Number(left.values['Created_Time'] ?? 0);
  const rightTime = Number(right.values['Created_Time'] ?? 0);
  return leftTime !== rightTime
    ? leftTime > rightTime
    : left.id.length !== right.id.length
      ? left.id.length > right.id.length
      : left.id > right.id;
}
