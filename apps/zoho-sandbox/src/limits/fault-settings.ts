/** HTTP statuses the sandbox can inject, each answered with the body Zoho sends for it. */
export const INJECTABLE_STATUSES = [429, 500, 503] as const;
export type InjectableStatus = (typeof INJECTABLE_STATUSES)[number];

/**
 * Per-org fault injection for tests and benchmarks. Latency is added to every CRM API call while
 * it holds its concurrency slot, so slow calls also exhaust the concurrency limit as on Zoho.
 */
export interface FaultSettings {
  latencyMs: number;
  jitterMs: number;
  /** Probability (0–1) per status that a CRM API call fails with it instead of running. */
  errorRates: Partial<Record<InjectableStatus, number>>;
  /** Search reads an index that lags writes by this long (Zoho documents the lag, not its size). */
  searchIndexLagMs: number;
}

export function noFaults(): FaultSettings {
  return { latencyMs: 0, jitterMs: 0, errorRates: {}, searchIndexLagMs: 0 };
}
