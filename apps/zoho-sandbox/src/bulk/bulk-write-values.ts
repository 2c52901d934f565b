import { isZohoDate, parseZohoDateTime, timeZoneOffsetMinutes } from '../clock/zoho-time';
import type { FieldDefinition } from '../metadata/metadata.model';

/**
 * Converts one CSV cell of a bulk-write file to the JSON value the records API takes
 * (reference §6): dates default to `MM/dd/yyyy` and date-times to `MM/dd/yyyy HH:mm:ss` in the
 * user's time zone unless the mapping gives `yyyy-MM-dd`; ISO-8601 is accepted too. `null`
 * means "not convertible", and the row is skipped with an error.
 */
export function csvCellToJson(field: FieldDefinition, cell: string, format: string | undefined, timeZone: string): unknown {
  switch (field.dataType) {
    case 'integer':
    case 'double':
    case 'currency':
    case 'percent':
      return /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : null;
    case 'bigint':
      return /^-?\d+$/.test(cell) ? cell : null;
    case 'boolean':
      return cell === 'true' ? true : cell === 'false' ? false : null;
    case 'multiselectpicklist':
      return cell.split(';').map((value) => value.trim());
    case 'date':
      return toIsoDate(cell, format);
    case 'datetime':
      return toIsoDateTime(cell, timeZone);
    case 'lookup':
    case 'ownerlookup':
      return { id: cell };
    case 'text':
    case 'textarea':
    case 'email':
    case 'phone':
    case 'website':
    case 'picklist':
      return cell;
  }
}

function toIsoDate(cell: string, format: string | undefined): string | null {
  if (format === 'yyyy-MM-dd' || (format === undefined && isZohoDate(cell))) {
    return isZohoDate(cell) ? cell : null;
  }
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(cell);
  if (!match) {
    return null;
  }
  const iso = `${match[3] as string}-${match[1] as string}-${match[2] as string}`;
  return isZohoDate(iso) ? iso : null;
}

function toIsoDateTime(cell: string, timeZone: string): string | null {
  if (parseZohoDateTime(cell) !== null) {
    return cell;
  }
  const match = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(cell);
  if (!match) {
    return null;
  }
  const local = `${match[3] as string}-${match[1] as string}-${match[2] as string}T${match[4] as string}:${match[5] as string}:${match[6] as string}`;
  const asUtc = parseZohoDateTime(`${local}+00:00`);
  if (asUtc === null) {
    return null;
  }
  const offset = timeZoneOffsetMinutes(asUtc, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const absolute = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}
