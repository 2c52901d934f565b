/** Field data types the sandbox stores and validates (Zoho's `data_type` values, reference §3). */
export const FIELD_DATA_TYPES = [
  'text',
  'textarea',
  'email',
  'phone',
  'website',
  'picklist',
  'multiselectpicklist',
  'integer',
  'bigint',
  'double',
  'currency',
  'percent',
  'boolean',
  'date',
  'datetime',
  'lookup',
  'ownerlookup',
] as const;

export type FieldDataType = (typeof FIELD_DATA_TYPES)[number];

export interface PicklistValue {
  id: string;
  displayValue: string;
  actualValue: string;
  sequenceNumber: number;
}

export interface FieldDefinition {
  id: string;
  apiName: string;
  label: string;
  dataType: FieldDataType;
  /** Maximum characters for text-like fields, maximum digits for numbers. */
  length: number;
  decimalPlace: number | null;
  systemMandatory: boolean;
  /** System-maintained (Created_Time, Modified_By, Expected_Revenue…): ignored on write, as Zoho does. */
  readOnly: boolean;
  customField: boolean;
  unique: boolean;
  pickListValues: PicklistValue[];
  /** For `lookup` fields: the api name of the module looked up. */
  lookupModule: string | null;
  /** An external-id field: records can be addressed by its value with the `X-EXTERNAL` header. */
  external: boolean;
}

export type ForecastType = 'Open' | 'Closed Won' | 'Closed Lost';

export interface StageDefinition {
  id: string;
  displayValue: string;
  actualValue: string;
  sequenceNumber: number;
  probability: number;
  forecastType: ForecastType;
  forecastCategory: { name: 'Pipeline' | 'Closed' | 'Omitted'; id: string };
}

export interface PipelineDefinition {
  id: string;
  displayValue: string;
  actualValue: string;
  isDefault: boolean;
  stages: StageDefinition[];
}

export interface LayoutDefinition {
  id: string;
  name: string;
  /** Deals only: the pipelines offered in this layout, each with its own stages. */
  pipelines: PipelineDefinition[];
}

export interface ModuleDefinition {
  id: string;
  apiName: string;
  singularLabel: string;
  pluralLabel: string;
  generatedType: 'default' | 'custom';
  /** The field whose value names a record in lookups and in the deleted-records list. */
  displayField: string;
  /** The system-defined duplicate-check field of upsert (Leads Email, Accounts Account_Name…). */
  systemDuplicateCheckField: string | null;
  fields: FieldDefinition[];
  layouts: LayoutDefinition[];
}

/** Stages of Zoho's default pipeline example (reference §4), in order. */
export interface StageSeed {
  name: string;
  probability: number;
  forecastType: ForecastType;
  displayValue?: string;
}

export const DEFAULT_DEAL_STAGES: readonly StageSeed[] = [
  { name: 'Qualification', probability: 10, forecastType: 'Open' },
  { name: 'Needs Analysis', probability: 20, forecastType: 'Open' },
  { name: 'Id. Decision Makers', displayValue: 'Identify Decision Makers', probability: 40, forecastType: 'Open' },
  { name: 'Proposal/Price Quote', probability: 75, forecastType: 'Open' },
  { name: 'Negotiation/Review', probability: 90, forecastType: 'Open' },
  { name: 'Closed Won', probability: 100, forecastType: 'Closed Won' },
  { name: 'Closed Lost', probability: 0, forecastType: 'Closed Lost' },
  { name: 'Closed Lost to Competition', probability: 0, forecastType: 'Closed Lost' },
];
