/** The CRM API versions Zoho documents (reference §0); v8 is current. */
export const API_VERSIONS = ['v2', 'v2.1', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

export function isApiVersion(value: string): value is ApiVersion {
  return (API_VERSIONS as readonly string[]).includes(value);
}

/**
 * Where versions behave differently. Where Zoho's pages are silent about the version a rule
 * started in, the sandbox picks the earliest version whose docs state it (reference §2.1, §5).
 */
export interface ApiVersionProfile {
  /** `fields` is mandatory on list calls (docs of v3, v5, v7, v8; v2-era docs call it optional). */
  listFieldsRequired: boolean;
  /** List `info` carries sort and page-token keys (v8 OAS); v2 returns only per_page, count, page, more_records. */
  richListInfo: boolean;
  /** COQL rows per call and the furthest LIMIT+OFFSET reach: 2,000 / 100,000 from v7, 200 / 10,000 before (reference §5). */
  coqlMaxLimit: number;
  coqlMaxReach: number;
  /** Longest notification channel expiry: 1 day in v2–v3, 1 week from v4 (reference §7). */
  watchMaxExpiryMs: number;
}

export function versionProfile(version: ApiVersion): ApiVersionProfile {
  const legacy = version === 'v2' || version === 'v2.1';
  const modernCoql = version === 'v7' || version === 'v8';
  return {
    listFieldsRequired: !legacy,
    richListInfo: !legacy,
    coqlMaxLimit: modernCoql ? 2_000 : 200,
    coqlMaxReach: modernCoql ? 100_000 : 10_000,
    watchMaxExpiryMs: legacy || version === 'v3' ? 24 * 3600_000 : 7 * 24 * 3600_000,
  };
}
