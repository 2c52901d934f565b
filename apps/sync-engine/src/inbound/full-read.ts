import type { ZohoReadStrategy } from '@crm-bridge/contracts';
import { timeZoneOffsetMinutes } from '@crm-bridge/zoho-client';

/** How a full read of a module goes to Zoho. */
export type FullReadMethod = 'COQL' | 'BULK_READ' | 'REST_LIST';

/**
 * The read method for a full read of `count` records under the connection's read strategy:
 * AUTOMATIC reads COQL pages (1.5 credits per 1,000) up to `bulkThreshold` records and Bulk Read
 * (50 credits a job of up to 200,000) above it; the others are what they say.
 */
export function fullReadMethod(strategy: ZohoReadStrategy, count: number | null, bulkThreshold: number): FullReadMethod {
  switch (strategy) {
    case 'AUTOMATIC':
      return count !== null && count > bulkThreshold ? 'BULK_READ' : 'COQL';
    case 'COQL':
    case 'BULK_READ':
    case 'REST_LIST':
      return strategy;
  }
}

/** A record count, or a lower bound where the probes cannot reach further. */
export interface ProbedCount {
  readonly count: number;
  /** True when there are at least `count` records and maybe more (COQL reaches 100,000 rows by offset). */
  readonly atLeast: boolean;
}

/**
 * Counts records with `hasRecordAt(offset)` probes — each one COQL `limit 1 offset n` call, one
 * credit, since Zoho's COQL has no count in every edition and the REST API none at all: doubling
 * until a probe finds nothing, then halving the gap. About 2·log₂(n) probes (34 for 100,000).
 */
export async function countByProbes(hasRecordAt: (offset: number) => Promise<boolean>, reach: number): Promise<ProbedCount> {
  if (!(await hasRecordAt(0))) {
    return { count: 0, atLeast: false };
  }
  // A record exists at `present`; none at `absent`.
  let present = 0;
  let absent = 1;
  while (await hasRecordAt(absent)) {
    present = absent;
    if (absent >= reach - 1) {
      return { count: reach, atLeast: true };
    }
    absent = Math.min(absent * 2, reach - 1);
  }
  while (absent - present > 1) {
    const middle = Math.floor((present + absent) / 2);
    if (await hasRecordAt(middle)) {
      present = middle;
    } else {
      absent = middle;
    }
  }
  return { count: absent, atLeast: false };
}

/**
 * The instant the integration's "sync records from" day starts in its time zone (epoch ms), or
 * null when it reads every record. Full reads take deals modified from then on.
 */
export function syncRecordsFromInstant(syncRecordsFrom: string | null, timeZone: string): number | null {
  if (syncRecordsFrom === null) {
    return null;
  }
  const utcMidnight = Date.parse(`${syncRecordsFrom}T00:00:00Z`);
  // The zone's offset at UTC midnight is its offset at local midnight except across a daylight
  // saving change within those hours, which moves the start by at most the change, never a day.
  return utcMidnight - timeZoneOffsetMinutes(utcMidnight, timeZone) * 60_000;
}
