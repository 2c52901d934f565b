import type { ZohoReadStrategy } from '@crm-bridge/contracts';
import { timeZoneOffsetMinutes } from '@crm-bridge/zoho-client';

/** How a full read of a module goes to Zoho. */
export type FullReadMethod = 'COQL' | 'BULK_READ' | 'REST_LIST';

/**
 * The read method for a full read of `count` records under the connection's read strategy:
 * AUTOMATIC reads COQL pages (1.5 credits per 1,000) up to `bulkThreshold` records and Bulk Read
 * (50 credits a job of up to 200,000) above it; the others are what they say.
 */
export function fullReadMethod(strategy: ZohoReadStrategy, count: number, bulkThreshold: number): FullReadMethod {
  switch (strategy) {
    case 'AUTOMATIC':
      return count > bulkThreshold ? 'BULK_READ' : 'COQL';
    case 'COQL':
    case 'BULK_READ':
    case 'REST_LIST':
      return strategy;
  }
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
