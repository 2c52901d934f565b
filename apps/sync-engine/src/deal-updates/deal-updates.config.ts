import { z } from '@crm-bridge/config';

/** How long each sync-engine instance keeps deal updates for subscribers resuming after a disconnect. */
export const dealUpdatesConfig = {
  /**
   * Deal updates younger than this (by when this instance received them) can be resumed after with
   * `dealUpdated(afterEventId:)`; an older resume point is refused with EVENT_NO_LONGER_RETAINED and
   * the client re-reads. They are held in memory: about 1 KB each, so 900 s of 100 updates a second
   * is some 90 MB.
   */
  DEAL_UPDATES_RETENTION_SECONDS: z.coerce
    .number({ invalid_type_error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1')
    .max(86_400, 'must be at most 86400')
    .default(900),
};

export interface DealUpdatesConfig {
  DEAL_UPDATES_RETENTION_SECONDS: number;
}
