import { z } from 'zod';
import { dealOutcomeSchema, portalFieldTypeSchema, type PortalFieldType } from '@crm-bridge/vocabulary';

/** A deal field every portal has; tenants add custom fields beside these. */
export interface PortalStandardDealField {
  /** The name sync and mappings use, e.g. `closingDate`. */
  readonly apiName: string;
  readonly label: string;
  readonly type: PortalFieldType;
}

/**
 * The portal's standard deal fields. They are the same for every tenant, so events do not carry
 * them: a custom field may not take one of their API names. `phase` takes the tenant's phases as
 * its options.
 */
export const PORTAL_STANDARD_DEAL_FIELDS: readonly PortalStandardDealField[] = [
  { apiName: 'name', label: 'Deal name', type: 'TEXT' },
  { apiName: 'amount', label: 'Amount', type: 'DECIMAL' },
  { apiName: 'currency', label: 'Currency', type: 'TEXT' },
  { apiName: 'closingDate', label: 'Closing date', type: 'DATE' },
  { apiName: 'phase', label: 'Phase', type: 'PICKLIST' },
  { apiName: 'pipeline', label: 'Pipeline', type: 'TEXT' },
  { apiName: 'account', label: 'Account', type: 'LOOKUP' },
  { apiName: 'partner', label: 'Partner', type: 'LOOKUP' },
  { apiName: 'owner', label: 'Owner', type: 'LOOKUP' },
];

/** One phase of the portal's deal pipeline; phases are kept in the order deals move through them. */
export const portalDealPhaseSchema = z.object({
  name: z.string().min(1, 'must be a non-empty phase name'),
  outcome: dealOutcomeSchema,
});

export type PortalDealPhase = z.infer<typeof portalDealPhaseSchema>;

/** A deal field a tenant added; `options` are the picklist's values, empty for other types. */
export const portalCustomDealFieldSchema = z.object({
  apiName: z.string().min(1, 'must be a non-empty API name'),
  label: z.string().min(1, 'must be a non-empty label'),
  type: portalFieldTypeSchema,
  options: z.array(z.string().min(1, 'must be a non-empty option')),
});

export type PortalCustomDealField = z.infer<typeof portalCustomDealFieldSchema>;
