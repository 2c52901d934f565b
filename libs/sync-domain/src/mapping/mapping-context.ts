import type { DealOutcome, PortalFieldType } from '@crm-bridge/vocabulary';

/**
 * What Zoho says about an org's Deals, read live when a mapping is saved: the service maps
 * zoho-client's metadata (`/settings/pipeline`, `/settings/fields?module=Deals`) into this, so
 * the validator stays pure and its tests need no Zoho.
 */
export interface ZohoDealsSnapshot {
  readonly pipelines: readonly ZohoPipelineSnapshot[];
  readonly fields: readonly ZohoFieldSnapshot[];
}

export interface ZohoPipelineSnapshot {
  /** The display value Zoho writes on a deal, e.g. `Standard (Standard)`. */
  readonly name: string;
  readonly stages: readonly ZohoStageSnapshot[];
}

export interface ZohoStageSnapshot {
  readonly name: string;
  /** 0–100. */
  readonly probability: number;
  /** From the stage's `forecast_type`: `Open` → OPEN, `Closed Won` → WON, `Closed Lost` → LOST. */
  readonly outcome: DealOutcome;
}

export interface ZohoFieldSnapshot {
  /** e.g. `Closing_Date`. */
  readonly apiName: string;
  /** Zoho's `data_type` as Zoho spells it: `text`, `textarea`, `picklist`, `currency`, `datetime`… */
  readonly dataType: string;
  /** Zoho's `length` for text-like fields; null where Zoho gives none. */
  readonly length: number | null;
  /** Zoho refuses a create without it (`system_mandatory`, or mandatory in the layout). */
  readonly mandatoryOnCreate: boolean;
  /** Zoho keeps its values unique (`unique`): usable for duplicate checks. */
  readonly unique: boolean;
  /** An external-id field (`external.type` = user): upsert can match on it. */
  readonly externalId: boolean;
  /** Zoho ignores or refuses writes to it (`read_only`, formulas, auto-numbers). */
  readonly readOnly: boolean;
  /** `actual_value`s of a picklist or multi-select picklist; empty for other types. */
  readonly picklistValues: readonly string[];
}

/** The portal's side of deals, as a tenant admin has described it in mapping-config. */
export interface PortalDealModel {
  /** In the portal's order; WON and LOST are the terminal phases. */
  readonly phases: readonly PortalPhase[];
  readonly fields: readonly PortalField[];
}

export interface PortalPhase {
  readonly name: string;
  readonly outcome: DealOutcome;
}

export interface PortalField {
  readonly name: string;
  readonly type: PortalFieldType;
  /** For text types; null when the portal sets no limit. */
  readonly maxLength: number | null;
  /** Allowed values of a picklist; empty for other types (or a picklist open to any value). */
  readonly picklistValues: readonly string[];
}

/** Everything `validateDealMapping` checks a definition against. */
export interface DealMappingContext {
  readonly zoho: ZohoDealsSnapshot;
  readonly portal: PortalDealModel;
}
