/**
 * A record as the sandbox stores it. Values are canonical, not Zoho's wire shapes: date-times are
 * epoch milliseconds, lookups and owners are ids, dates are `yyyy-MM-dd`; rendering per caller
 * (time zone, lookup names) happens in `RecordPresenter`. `Created_Time`, `Modified_Time`,
 * `Created_By`, `Modified_By` and `Owner` live in `values` like any other field so sorting and
 * filtering treat them uniformly.
 */
export interface StoredRecord {
  id: string;
  values: Record<string, unknown>;
}

export type DeletedRecordType = 'recycle' | 'permanent';

export interface DeletedRecord {
  id: string;
  displayName: string | null;
  type: DeletedRecordType;
  deletedTime: number;
  deletedBy: string;
  createdBy: string;
}

/** One element of a write response's `data[]` that failed (reference §2.2). */
export interface RecordError {
  code: string;
  details: Record<string, unknown>;
  message: string;
  status: 'error';
}

export function recordError(code: string, message: string, details: Record<string, unknown>): RecordError {
  return { code, details, message, status: 'error' };
}
