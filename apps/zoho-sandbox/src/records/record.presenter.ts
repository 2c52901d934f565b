import { formatZohoDateTime } from '../clock/zoho-time';
import type { FieldDefinition, ModuleDefinition } from '../metadata/metadata.model';
import { userFullName } from '../org/org.model';
import type { SandboxOrg } from '../org/sandbox-org';
import type { StoredRecord } from './record.model';

/**
 * Renders stored records in Zoho's wire shape for one caller: date-times in the caller's time
 * zone, lookups as `{"name","id"}`, users as `{"name","id","email"}`, empty fields as `null`.
 */
export class RecordPresenter {
  constructor(
    private readonly org: SandboxOrg,
    private readonly timeZone: string,
  ) {}

  /** The record with `fields` only (plus `id`), or every field when `fields` is null. */
  render(module: ModuleDefinition, record: StoredRecord, fields: readonly FieldDefinition[] | null = null): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    for (const field of fields ?? module.fields) {
      body[field.apiName] = this.renderValue(field, record.values[field.apiName]);
    }
    body['id'] = record.id;
    return body;
  }

  renderValue(field: FieldDefinition, value: unknown): unknown {
    if (value === undefined || value === null) {
      return field.dataType === 'multiselectpicklist' ? [] : null;
    }
    if (field.dataType === 'datetime') {
      return formatZohoDateTime(value as number, this.timeZone);
    }
    if (field.dataType === 'lookup') {
      return { name: field.lookupModule === null ? null : this.displayNameOf(field.lookupModule, value as string), id: value };
    }
    if (field.dataType === 'ownerlookup') {
      return this.userReference(value as string, true);
    }
    return value;
  }

  /** `{"name","id"}` (plus `email` where Zoho sends it) of a user, for Owner and Created_By/Modified_By. */
  userReference(userId: string, withEmail: boolean): Record<string, unknown> {
    const user = this.org.findUser(userId);
    const reference: Record<string, unknown> = { name: user ? userFullName(user) : null, id: userId };
    if (withEmail) {
      reference['email'] = user?.email ?? null;
    }
    return reference;
  }

  displayNameOf(moduleApiName: string, id: string): string | null {
    const module = this.org.catalog.find(moduleApiName);
    const record = this.org.records.get(moduleApiName, id);
    return module && record ? recordDisplayName(module, record) : null;
  }
}

/** What Zoho shows as a record's name: the full name for people, else the module's name field. */
export function recordDisplayName(module: ModuleDefinition, record: StoredRecord): string | null {
  if (module.apiName === 'Leads' || module.apiName === 'Contacts') {
    const parts = [record.values['First_Name'], record.values['Last_Name']].filter((part) => typeof part === 'string' && part.length > 0);
    return parts.length > 0 ? parts.join(' ') : null;
  }
  const value = record.values[module.displayField];
  return typeof value === 'string' ? value : null;
}
