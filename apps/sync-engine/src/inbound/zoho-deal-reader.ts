import { Injectable } from '@nestjs/common';
import type { MappingDefinition } from '@crm-bridge/sync-domain';
import {
  COQL_LIMITS,
  formatZohoDateTime,
  ZohoClient,
  type CoqlCondition,
  type ZohoBulkRow,
  type ZohoDeletedRecord,
  type ZohoRecord,
} from '@crm-bridge/zoho-client';
import { syncsDeals, type IntegrationWorkUnit } from '../integration-work/integration-work.step';
import type { SyncConnectionEntity } from '../sync-integration/sync-connection.entity';
import { ZohoOrgs } from '../zoho-access/zoho-orgs';
import type { FullReadMethod } from './full-read';

const DEALS = 'Deals';

/** What inbound sync reads of a Zoho deal besides its mapped fields: stage resolution, the cursor. */
const ALWAYS_READ = ['Stage', 'Pipeline', 'Modified_Time'] as const;

/** A unit with a connection and a mapping: what every read needs. */
export type ReadingUnit = IntegrationWorkUnit & {
  readonly connection: SyncConnectionEntity;
  readonly mapping: NonNullable<IntegrationWorkUnit['mapping']>;
};

/**
 * Every way inbound sync reads Zoho deals, through the service's one `ZohoClient` (limits, credits,
 * retries of 429/5xx): exactly the ids a notification named, the modified-since poll, the deleted
 * records since a cursor, counts and full reads by read method. Reads carry the unit's signal.
 */
@Injectable()
export class ZohoDealReader {
  constructor(
    private readonly zoho: ZohoClient,
    private readonly orgs: ZohoOrgs,
  ) {}

  /** The deals with these ids (≤ 100, one call); ids Zoho no longer has are absent. */
  async byIds(unit: ReadingUnit, ids: readonly string[]): Promise<ZohoRecord[]> {
    const records: ZohoRecord[] = [];
    for await (const record of this.zoho.records.list(this.orgRef(unit), DEALS, {
      fields: fieldsToRead(unit.mapping.definition),
      ids,
      signal: unit.signal,
    })) {
      records.push(record);
    }
    return records;
  }

  /** Deals modified after `afterMs`, oldest change first, a page (≤ 200) at a time. */
  async *modifiedAfter(unit: ReadingUnit, afterMs: number): AsyncGenerator<ZohoRecord[]> {
    for await (const page of this.zoho.records.listPages(this.orgRef(unit), DEALS, {
      fields: fieldsToRead(unit.mapping.definition),
      modifiedSince: afterMs,
      sortBy: 'Modified_Time',
      sortOrder: 'asc',
      signal: unit.signal,
    })) {
      yield page.records;
    }
  }

  /** Deals deleted after `afterMs` (recycle bin and permanently), oldest first. */
  async deletedAfter(unit: ReadingUnit, afterMs: number): Promise<ZohoDeletedRecord[]> {
    const deleted: ZohoDeletedRecord[] = [];
    for await (const entry of this.zoho.records.deleted(this.orgRef(unit), DEALS, {
      type: 'all',
      modifiedSince: afterMs,
      signal: unit.signal,
    })) {
      deleted.push(entry);
    }
    // Zoho lists the newest first; applied oldest first, the cursor only moves forward.
    return deleted.sort((left, right) => Date.parse(left.deletedTime) - Date.parse(right.deletedTime));
  }

  /**
   * Exactly how many deals a full read from `fromMs` (null: all) would read, by any read method:
   * one Record Count call for 1 credit, with the full read's condition as search criteria.
   */
  count(unit: ReadingUnit, fromMs: number | null): Promise<number> {
    return this.zoho.records.count(
      this.orgRef(unit),
      DEALS,
      fromMs === null
        ? undefined
        : {
            criteria: [
              { field: 'Modified_Time', operator: 'greater_equal', value: formatZohoDateTime(fromMs, unit.integration.settings.timeZone) },
            ],
          },
      { signal: unit.signal },
    );
  }

  /** Every deal modified from `fromMs` (null: all), a page at a time, by `method`. */
  async *fullRead(unit: ReadingUnit, method: FullReadMethod, fromMs: number | null): AsyncGenerator<ZohoRecord[]> {
    const orgRef = this.orgRef(unit);
    const fields = fieldsToRead(unit.mapping.definition);
    const timeZone = unit.integration.settings.timeZone;
    switch (method) {
      case 'COQL':
        for await (const page of this.zoho.coql.pagesById(
          orgRef,
          { select: ['id', ...fields], from: DEALS, where: fullReadCondition(fromMs, timeZone) },
          { signal: unit.signal },
        )) {
          yield page.records;
        }
        return;
      case 'REST_LIST':
        // `If-Modified-Since` is the list's only filter; a page of 200 at a time.
        for await (const page of this.zoho.records.listPages(orgRef, DEALS, {
          fields,
          ...(fromMs === null ? {} : { modifiedSince: fromMs - 1000 }),
          signal: unit.signal,
        })) {
          yield page.records;
        }
        return;
      case 'BULK_READ': {
        const multiPicklists = await this.multiPicklistFields(orgRef);
        let page: ZohoRecord[] = [];
        for await (const row of this.zoho.bulk.read(orgRef, {
          module: DEALS,
          fields,
          ...(fromMs === null
            ? {}
            : {
                criteria: {
                  field: { api_name: 'Modified_Time' },
                  comparator: 'greater_equal',
                  value: formatZohoDateTime(fromMs, timeZone),
                },
              }),
          signal: unit.signal,
        })) {
          page.push(recordOfBulkRow(row, multiPicklists));
          if (page.length === COQL_LIMITS.maxLimit) {
            yield page;
            page = [];
          }
        }
        if (page.length > 0) {
          yield page;
        }
        return;
      }
    }
  }

  private async multiPicklistFields(orgRef: string): Promise<Set<string>> {
    const fields = await this.zoho.metadata.fields(orgRef, DEALS);
    return new Set(fields.filter((field) => field.data_type === 'multiselectpicklist').map((field) => field.api_name));
  }

  private orgRef(unit: ReadingUnit): string {
    return this.orgs.orgRefOf(unit.connection);
  }
}

/** The Zoho fields a deal is read with: every mapped field, the match key's, stage, pipeline and Modified_Time. */
export function fieldsToRead(definition: MappingDefinition): string[] {
  const matchKey = definition.matchKey.kind === 'ZOHO_ID' ? [] : [definition.matchKey.zohoField];
  return [...new Set([...definition.fieldMappings.map((mapping) => mapping.zohoField), ...matchKey, ...ALWAYS_READ])];
}

/** COQL needs a WHERE: deals modified from the "sync records from" instant, or every deal. */
function fullReadCondition(fromMs: number | null, timeZone: string): CoqlCondition {
  return fromMs === null
    ? { field: 'id', op: 'is not null' }
    : { field: 'Modified_Time', op: '>=', value: formatZohoDateTime(fromMs, timeZone) };
}

/**
 * A Bulk Read CSV row in the shapes the REST API answers: an empty cell is null, a multi-select
 * picklist a list (Zoho joins its values with `;`). Numbers, booleans and lookup ids stay text,
 * which the sync core reads as the API's values.
 */
export function recordOfBulkRow(row: ZohoBulkRow, multiPicklists: ReadonlySet<string>): ZohoRecord {
  const record: Record<string, unknown> = {};
  for (const [column, text] of Object.entries(row)) {
    record[column] = text === '' ? null : multiPicklists.has(column) ? text.split(';') : text;
  }
  return { ...record, id: row['id'] ?? '' };
}

/** The unit, when deals sync Zoho → portal for it now (which implies a connection and a mapping); else null. */
export function readingUnitOf(unit: IntegrationWorkUnit): ReadingUnit | null {
  return syncsDeals(unit, 'ZOHO_TO_PORTAL') && unit.connection && unit.mapping ? (unit as ReadingUnit) : null;
}
