import { z } from '@crm-bridge/config';

/** How outbound sync (portal → Zoho) batches (its retries: `SYNC_RETRY_*` in `integration-work.config.ts`). */
export const outboundConfig = {
  /**
   * How long a due change may wait for others to fill a batch of 100 before it is sent anyway.
   * Default 200 ms: changes made together share calls (10 credits per 100 records) at a small cost in lag.
   */
  OUTBOUND_LINGER_MS: z.coerce
    .number({ invalid_type_error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(0, 'must be at least 0')
    .max(60_000, 'must be at most 60000')
    .default(200),
  /**
   * Due changes of one integration from which they go through one Bulk Write job (500 credits for up
   * to 25,000 records) instead of REST calls of 100 (10 credits each). Default 1000: below about 5,000
   * records REST costs fewer credits, but a large backlog (an initial push) finishes far sooner in bulk.
   */
  OUTBOUND_BULK_THRESHOLD: z.coerce
    .number({ invalid_type_error: 'must be a number of records' })
    .int('must be a whole number of records')
    .min(100, 'must be at least 100')
    .max(1_000_000, 'must be at most 1000000')
    .default(1000),
};

export interface OutboundConfig {
  OUTBOUND_LINGER_MS: number;
  OUTBOUND_BULK_THRESHOLD: number;
}
