import { z } from '@crm-bridge/config';

/** How inbound sync (Zoho → portal) reads Zoho. */
export const inboundConfig = {
  /**
   * How far before its cursor each incremental poll reads again. Zoho's `Modified_Time` has
   * whole seconds and a write can commit after a later one was already listed, so a poll that
   * started exactly at the cursor could skip it; records read twice are echoes and change nothing.
   * Default 60 s: a write is listable within seconds of its `Modified_Time`, and every change in
   * the window is listed again by each poll within it (a mass update of N deals costs N/200
   * credits a poll), so a longer window buys little safety for many credits.
   */
  INBOUND_POLL_OVERLAP_SECONDS: z.coerce
    .number({ invalid_type_error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(0, 'must be at least 0')
    .max(3600, 'must be at most 3600')
    .default(60),
  /**
   * A full read of more deals than this (counted first by one Record Count call, 1 credit) uses Bulk Read
   * under the AUTOMATIC read strategy; fewer are read as COQL pages. Bulk Read costs 50 credits a
   * job of up to 200,000 records, COQL 1.5 per 1,000, so Bulk Read pays off above ≈ 33,000.
   */
  INBOUND_BULK_READ_THRESHOLD: z.coerce
    .number({ invalid_type_error: 'must be a number of records' })
    .int('must be a whole number of records')
    .min(1, 'must be at least 1')
    .max(100_000, 'must be at most 100000')
    .default(33_000),
  /**
   * Polls every integration at this interval instead of its own `syncIntervalMinutes` (whose
   * minimum is a minute) — for demos and tests; leave unset in production.
   */
  INBOUND_POLL_INTERVAL_OVERRIDE_SECONDS: z.coerce
    .number({ invalid_type_error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1')
    .max(86_400, 'must be at most 86400')
    .optional(),
};

export interface InboundConfig {
  INBOUND_POLL_OVERLAP_SECONDS: number;
  INBOUND_BULK_READ_THRESHOLD: number;
  INBOUND_POLL_INTERVAL_OVERRIDE_SECONDS?: number;
}
