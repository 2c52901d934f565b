import { z } from '@crm-bridge/config';

/** Debug mode's clock. */
export const syncDebugConfig = {
  /**
   * How long one hour of debug mode lasts, in milliseconds: `setSyncDebugMode(hours)` keeps the
   * mode on for `hours` of these. 3600000 (an hour) in every deployment; tests shorten it to see a
   * mode expire without waiting an hour.
   */
  SYNC_DEBUG_HOUR_MS: z.coerce
    .number({ invalid_type_error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(1_000, 'must be at least 1000')
    .max(3_600_000, 'must be at most 3600000')
    .default(3_600_000),
};

export interface SyncDebugConfig {
  SYNC_DEBUG_HOUR_MS: number;
}
