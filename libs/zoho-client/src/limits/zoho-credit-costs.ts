/**
 * Zoho's API credit table (reference §8) and its concurrency limits per edition. The costs drive
 * the client's own credit ledger, so a budget stops calls before Zoho's 429 does.
 */
export const ZOHO_EDITIONS = ['free', 'standard', 'professional', 'enterprise', 'ultimate'] as const;
export type ZohoEdition = (typeof ZOHO_EDITIONS)[number];

/** Base credits per 24 h, credits per user licence, and the cap (current docs; add-ons extra). */
const CREDIT_ALLOWANCE: Record<ZohoEdition, { base: number; perUser: number; cap: number }> = {
  free: { base: 5_000, perUser: 0, cap: 5_000 },
  standard: { base: 50_000, perUser: 250, cap: 100_000 },
  professional: { base: 50_000, perUser: 500, cap: 3_000_000 },
  enterprise: { base: 50_000, perUser: 1_000, cap: 5_000_000 },
  ultimate: { base: 50_000, perUser: 2_000, cap: Number.POSITIVE_INFINITY },
};

/** Simultaneous calls per org and connected app. */
const CONCURRENCY: Record<ZohoEdition, number> = { free: 5, standard: 10, professional: 15, enterprise: 20, ultimate: 25 };

/** Heavy calls (cvid lists, writes of more than 10 records, COQL, …) share a pool of 10 in every edition. */
export const ZOHO_HEAVY_CONCURRENCY = 10;

export function zohoCreditAllowance(edition: ZohoEdition, userLicences: number, addOnCredits = 0): number {
  const row = CREDIT_ALLOWANCE[edition];
  return Math.min(row.base + row.perUser * userLicences, row.cap) + addOnCredits;
}

export function zohoConcurrencyLimit(edition: ZohoEdition): number {
  return CONCURRENCY[edition];
}

/** Most calls — metadata, get, list of ≤ 200 rows — cost 1 credit. */
export const ZOHO_CREDITS = {
  default: 1,
  listWithCustomView: 3,
  deletedRecords: 2,
  convertLead: 5,
  bulkReadJob: 50,
  bulkWriteJob: 500,
} as const;

/** Insert, update and upsert cost 1 credit per 10 records (10 for a full batch of 100). */
export function writeCredits(recordCount: number): number {
  return Math.max(1, Math.ceil(recordCount / 10));
}

/** COQL costs 1, 2 or 3 credits by LIMIT (1–200, 201–1,000, 1,001–2,000). */
export function coqlCredits(limit: number): number {
  if (limit <= 200) {
    return 1;
  }
  if (limit <= 1_000) {
    return 2;
  }
  return 3;
}

/** Writes of more than 10 records go through the heavy sub-concurrency pool. */
export function isHeavyWrite(recordCount: number): boolean {
  return recordCount > 10;
}

/**
 * User licences an org's allowance is reckoned with when its `/org` record did not say how many it
 * bought (the limiter's default for `ZohoOrgLimits.userLicences`).
 */
export const ZOHO_DEFAULT_USER_LICENCES = 10;

/** Zoho's `paid_type` spellings, lower case without spaces or dashes: Zoho One counts as Enterprise and CRM Plus as Ultimate (§8). */
const EDITION_ALIASES: Readonly<Record<string, ZohoEdition>> = {
  free: 'free',
  standard: 'standard',
  starter: 'standard',
  professional: 'professional',
  enterprise: 'enterprise',
  zohoone: 'enterprise',
  zoho_one: 'enterprise',
  ultimate: 'ultimate',
  crmplus: 'ultimate',
  crm_plus: 'ultimate',
};

/**
 * The edition a `license_details.paid_type` names (any case; `Zoho One` counts as Enterprise and
 * `CRM Plus` as Ultimate, §8) — for a paid type stored earlier, e.g. with a connection. An unknown
 * or missing paid type falls back to `fallback` (default Free, the tightest limits, so an
 * unrecognised org is never over-driven).
 */
export function zohoEditionNamed(paidType: unknown, fallback: ZohoEdition = 'free'): ZohoEdition {
  const spelling = typeof paidType === 'string' ? paidType.toLowerCase().replace(/[\s-]/g, '') : '';
  return EDITION_ALIASES[spelling] ?? fallback;
}

/**
 * The edition and licence count of an org from its `/org` record (`license_details.paid_type`,
 * `users_license_purchased`), for `limitsFor`. The edition is read by {@link zohoEditionNamed};
 * `userLicences` is left out unless Zoho reports a positive whole number, so the limiter reckons
 * with {@link ZOHO_DEFAULT_USER_LICENCES} instead.
 */
export function zohoEditionOf(
  org: { license_details?: { paid_type?: unknown; users_license_purchased?: unknown } | null },
  fallback: ZohoEdition = 'free',
): { edition: ZohoEdition; userLicences?: number } {
  const edition = zohoEditionNamed(org.license_details?.paid_type, fallback);
  const licences = org.license_details?.users_license_purchased;
  return typeof licences === 'number' && Number.isInteger(licences) && licences > 0 ? { edition, userLicences: licences } : { edition };
}
