import type { ZohoIdGenerator } from '../ids/zoho-id.generator';
import {
  DEFAULT_DEAL_STAGES,
  type FieldDataType,
  type FieldDefinition,
  type ModuleDefinition,
  type PipelineDefinition,
  type StageSeed,
} from './metadata.model';

/** What a caller gives to define a field; everything else gets Zoho's defaults for the type. */
export interface FieldSeed {
  apiName: string;
  label?: string;
  dataType: FieldDataType;
  length?: number;
  decimalPlace?: number;
  mandatory?: boolean;
  readOnly?: boolean;
  unique?: boolean;
  pickListValues?: string[];
  lookupModule?: string;
  /** External-id fields are text and unique (reference §2.1, "Records APIs using External ID"). */
  external?: boolean;
}

export interface ModuleSeed {
  apiName: string;
  singularLabel: string;
  pluralLabel: string;
  fields: FieldSeed[];
}

export interface PipelineSeed {
  name: string;
  isDefault?: boolean;
  stages: readonly StageSeed[];
}

/** Default maximum lengths per type (reference §9): single line 255, multi-line 2,000, phone 30, number 9 digits… */
const DEFAULT_LENGTH: Record<FieldDataType, number> = {
  text: 255,
  textarea: 2000,
  email: 100,
  phone: 30,
  website: 255,
  picklist: 120,
  multiselectpicklist: 2000,
  integer: 9,
  bigint: 18,
  double: 16,
  currency: 16,
  percent: 5,
  boolean: 5,
  date: 20,
  datetime: 120,
  lookup: 120,
  ownerlookup: 120,
};

const SYSTEM_FIELDS: FieldSeed[] = [
  { apiName: 'Owner', label: 'Owner', dataType: 'ownerlookup' },
  { apiName: 'Created_By', label: 'Created By', dataType: 'ownerlookup', readOnly: true },
  { apiName: 'Modified_By', label: 'Modified By', dataType: 'ownerlookup', readOnly: true },
  { apiName: 'Created_Time', label: 'Created Time', dataType: 'datetime', readOnly: true },
  { apiName: 'Modified_Time', label: 'Modified Time', dataType: 'datetime', readOnly: true },
];

const LEAD_SOURCES = ['Advertisement', 'Cold Call', 'Employee Referral', 'External Referral', 'Partner', 'Web Download', 'Trade Show'];
const INDUSTRIES = ['ASP', 'Data/Telecom OEM', 'ERP', 'Government/Military', 'Large Enterprise', 'Management ISV', 'Service Provider'];

/** The standard modules every sandbox org starts with, with the standard fields of SDK 8.0 (reference §4). */
export const STANDARD_MODULES: readonly ModuleSeed[] = [
  {
    apiName: 'Leads',
    singularLabel: 'Lead',
    pluralLabel: 'Leads',
    fields: [
      { apiName: 'First_Name', dataType: 'text', length: 40 },
      { apiName: 'Last_Name', dataType: 'text', length: 80, mandatory: true },
      { apiName: 'Company', dataType: 'text', length: 200 },
      { apiName: 'Email', dataType: 'email' },
      { apiName: 'Phone', dataType: 'phone' },
      { apiName: 'Mobile', dataType: 'phone' },
      { apiName: 'Website', dataType: 'website' },
      { apiName: 'Lead_Source', dataType: 'picklist', pickListValues: LEAD_SOURCES },
      {
        apiName: 'Lead_Status',
        dataType: 'picklist',
        pickListValues: ['Not Contacted', 'Attempted to Contact', 'Contacted', 'Junk Lead', 'Lost Lead', 'Pre-Qualified'],
      },
      { apiName: 'Industry', dataType: 'picklist', pickListValues: INDUSTRIES },
      { apiName: 'Annual_Revenue', dataType: 'currency', decimalPlace: 2 },
      { apiName: 'No_of_Employees', dataType: 'integer' },
      { apiName: 'Email_Opt_Out', dataType: 'boolean' },
      { apiName: 'Description', dataType: 'textarea', length: 32000 },
    ],
  },
  {
    apiName: 'Contacts',
    singularLabel: 'Contact',
    pluralLabel: 'Contacts',
    fields: [
      { apiName: 'First_Name', dataType: 'text', length: 40 },
      { apiName: 'Last_Name', dataType: 'text', length: 80, mandatory: true },
      { apiName: 'Email', dataType: 'email' },
      { apiName: 'Phone', dataType: 'phone' },
      { apiName: 'Mobile', dataType: 'phone' },
      { apiName: 'Title', dataType: 'text', length: 100 },
      { apiName: 'Department', dataType: 'text', length: 30 },
      { apiName: 'Date_of_Birth', dataType: 'date' },
      { apiName: 'Account_Name', dataType: 'lookup', lookupModule: 'Accounts' },
      { apiName: 'Lead_Source', dataType: 'picklist', pickListValues: LEAD_SOURCES },
      { apiName: 'Mailing_Street', dataType: 'text', length: 250 },
      { apiName: 'Mailing_City', dataType: 'text', length: 100 },
      { apiName: 'Mailing_Country', dataType: 'text', length: 100 },
      { apiName: 'Email_Opt_Out', dataType: 'boolean' },
      { apiName: 'Description', dataType: 'textarea', length: 32000 },
    ],
  },
  {
    apiName: 'Accounts',
    singularLabel: 'Account',
    pluralLabel: 'Accounts',
    fields: [
      { apiName: 'Account_Name', dataType: 'text', length: 200, mandatory: true },
      { apiName: 'Website', dataType: 'website' },
      { apiName: 'Phone', dataType: 'phone' },
      {
        apiName: 'Account_Type',
        dataType: 'picklist',
        pickListValues: [
          'Analyst',
          'Competitor',
          'Customer',
          'Distributor',
          'Integrator',
          'Investor',
          'Partner',
          'Prospect',
          'Reseller',
          'Vendor',
        ],
      },
      { apiName: 'Industry', dataType: 'picklist', pickListValues: INDUSTRIES },
      { apiName: 'Annual_Revenue', dataType: 'currency', decimalPlace: 2 },
      { apiName: 'Employees', dataType: 'integer' },
      { apiName: 'Billing_City', dataType: 'text', length: 30 },
      { apiName: 'Billing_Country', dataType: 'text', length: 30 },
      { apiName: 'Parent_Account', dataType: 'lookup', lookupModule: 'Accounts' },
      { apiName: 'Description', dataType: 'textarea', length: 32000 },
    ],
  },
  {
    apiName: 'Deals',
    singularLabel: 'Deal',
    pluralLabel: 'Deals',
    fields: [
      { apiName: 'Deal_Name', dataType: 'text', length: 120, mandatory: true },
      { apiName: 'Amount', dataType: 'currency', decimalPlace: 2 },
      { apiName: 'Closing_Date', dataType: 'date' },
      { apiName: 'Pipeline', dataType: 'picklist', mandatory: true },
      { apiName: 'Stage', dataType: 'picklist', mandatory: true },
      { apiName: 'Probability', dataType: 'integer', length: 3 },
      { apiName: 'Expected_Revenue', dataType: 'currency', decimalPlace: 2, readOnly: true },
      { apiName: 'Type', dataType: 'picklist', pickListValues: ['Existing Business', 'New Business'] },
      { apiName: 'Next_Step', dataType: 'text', length: 100 },
      { apiName: 'Lead_Source', dataType: 'picklist', pickListValues: LEAD_SOURCES },
      { apiName: 'Account_Name', dataType: 'lookup', lookupModule: 'Accounts' },
      { apiName: 'Contact_Name', dataType: 'lookup', lookupModule: 'Contacts' },
      { apiName: 'Description', dataType: 'textarea', length: 32000 },
    ],
  },
];

const DISPLAY_FIELD: Record<string, string> = { Leads: 'Last_Name', Contacts: 'Last_Name', Accounts: 'Account_Name', Deals: 'Deal_Name' };
const SYSTEM_DUPLICATE_CHECK_FIELD: Record<string, string> = {
  Leads: 'Email',
  Contacts: 'Email',
  Accounts: 'Account_Name',
  Deals: 'Deal_Name',
};

export class MetadataDefinitionError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One org's modules, fields, layouts and Deals pipelines. Standard modules are created with the
 * org; custom modules and custom fields are added through the admin API. Names are matched
 * case-insensitively, as Zoho matches module api names in URLs.
 */
export class ModuleCatalog {
  private readonly modules = new Map<string, ModuleDefinition>();
  forecastCategoryIds: Record<'Pipeline' | 'Closed' | 'Omitted', string>;

  constructor(private readonly ids: ZohoIdGenerator) {
    this.forecastCategoryIds = { Pipeline: ids.next(), Closed: ids.next(), Omitted: ids.next() };
    for (const seed of STANDARD_MODULES) {
      this.addModule(seed, 'default');
    }
    this.addPipeline({ name: 'Standard', isDefault: true, stages: DEFAULT_DEAL_STAGES });
  }

  list(): ModuleDefinition[] {
    return [...this.modules.values()];
  }

  find(apiName: string): ModuleDefinition | undefined {
    return this.modules.get(apiName.toLowerCase());
  }

  addCustomModule(seed: ModuleSeed): ModuleDefinition {
    if (this.find(seed.apiName)) {
      throw new MetadataDefinitionError('api_name', `module ${seed.apiName} already exists`);
    }
    const hasName = seed.fields.some((field) => field.apiName === 'Name');
    const fields = hasName ? seed.fields : [{ apiName: 'Name', dataType: 'text' as const, length: 120, mandatory: true }, ...seed.fields];
    return this.addModule({ ...seed, fields }, 'custom');
  }

  addCustomField(moduleApiName: string, seed: FieldSeed): FieldDefinition {
    const module = this.find(moduleApiName);
    if (!module) {
      throw new MetadataDefinitionError('module', `no module ${moduleApiName}`);
    }
    if (module.fields.some((field) => field.apiName.toLowerCase() === seed.apiName.toLowerCase())) {
      throw new MetadataDefinitionError('api_name', `field ${seed.apiName} already exists in ${module.apiName}`);
    }
    const field = this.buildField(seed, true);
    module.fields.push(field);
    return field;
  }

  addPipeline(seed: PipelineSeed): PipelineDefinition {
    const layout = this.dealsLayout();
    if (layout.pipelines.some((pipeline) => pipeline.actualValue === seed.name)) {
      throw new MetadataDefinitionError('name', `pipeline ${seed.name} already exists`);
    }
    if (seed.stages.length === 0) {
      throw new MetadataDefinitionError('stages', 'a pipeline needs at least one stage');
    }
    if (seed.isDefault) {
      for (const pipeline of layout.pipelines) {
        pipeline.isDefault = false;
      }
    }
    const pipeline: PipelineDefinition = {
      id: this.ids.next(),
      displayValue: seed.name,
      actualValue: seed.name,
      isDefault: seed.isDefault ?? layout.pipelines.length === 0,
      stages: seed.stages.map((stage, index) => ({
        id: this.stageId(stage.name),
        displayValue: stage.displayValue ?? stage.name,
        actualValue: stage.name,
        sequenceNumber: index + 1,
        probability: stage.probability,
        forecastType: stage.forecastType,
        forecastCategory: this.forecastCategory(stage.forecastType),
      })),
    };
    layout.pipelines.push(pipeline);
    this.syncDealPicklists();
    return pipeline;
  }

  pipelines(): PipelineDefinition[] {
    return this.dealsLayout().pipelines;
  }

  findPipeline(value: string): PipelineDefinition | undefined {
    return this.pipelines().find((pipeline) => pipeline.actualValue === value || pipeline.displayValue === value);
  }

  /** Replaces the whole catalog with a snapshot's modules (standard ones included). */
  restore(modules: readonly ModuleDefinition[], forecastCategoryIds: Record<'Pipeline' | 'Closed' | 'Omitted', string>): void {
    this.modules.clear();
    for (const module of modules) {
      this.modules.set(module.apiName.toLowerCase(), module);
    }
    this.forecastCategoryIds = forecastCategoryIds;
  }

  private forecastCategory(type: StageSeed['forecastType']): { name: 'Pipeline' | 'Closed' | 'Omitted'; id: string } {
    const name = type === 'Open' ? 'Pipeline' : type === 'Closed Won' ? 'Closed' : 'Omitted';
    return { name, id: this.forecastCategoryIds[name] };
  }

  /** A stage name has one id across pipelines, as the Stage picklist option it is. */
  private stageId(name: string): string {
    for (const pipeline of this.dealsLayoutOrNull()?.pipelines ?? []) {
      const stage = pipeline.stages.find((candidate) => candidate.actualValue === name);
      if (stage) {
        return stage.id;
      }
    }
    return this.ids.next();
  }

  /** Pipeline and Stage picklists list every pipeline and every stage of any pipeline. */
  private syncDealPicklists(): void {
    const deals = this.find('Deals');
    if (!deals) {
      return;
    }
    const pipelines = this.pipelines();
    const pipelineField = deals.fields.find((field) => field.apiName === 'Pipeline');
    const stageField = deals.fields.find((field) => field.apiName === 'Stage');
    if (pipelineField) {
      pipelineField.pickListValues = pipelines.map((pipeline, index) => ({
        id: pipeline.id,
        displayValue: pipeline.displayValue,
        actualValue: pipeline.actualValue,
        sequenceNumber: index + 1,
      }));
    }
    if (stageField) {
      const seen = new Map<string, { id: string; displayValue: string }>();
      for (const stage of pipelines.flatMap((pipeline) => pipeline.stages)) {
        if (!seen.has(stage.actualValue)) {
          seen.set(stage.actualValue, { id: stage.id, displayValue: stage.displayValue });
        }
      }
      stageField.pickListValues = [...seen].map(([actualValue, stage], index) => ({
        id: stage.id,
        displayValue: stage.displayValue,
        actualValue,
        sequenceNumber: index + 1,
      }));
    }
  }

  private dealsLayoutOrNull() {
    return this.find('Deals')?.layouts[0] ?? null;
  }

  private dealsLayout() {
    const layout = this.dealsLayoutOrNull();
    if (!layout) {
      throw new Error('the Deals module has no layout');
    }
    return layout;
  }

  private addModule(seed: ModuleSeed, generatedType: 'default' | 'custom'): ModuleDefinition {
    const custom = generatedType === 'custom';
    const module: ModuleDefinition = {
      id: this.ids.next(),
      apiName: seed.apiName,
      singularLabel: seed.singularLabel,
      pluralLabel: seed.pluralLabel,
      generatedType,
      displayField: DISPLAY_FIELD[seed.apiName] ?? 'Name',
      systemDuplicateCheckField: custom ? 'Name' : (SYSTEM_DUPLICATE_CHECK_FIELD[seed.apiName] ?? null),
      fields: [...SYSTEM_FIELDS, ...seed.fields].map((field) => this.buildField(field, custom && !SYSTEM_FIELDS.includes(field))),
      layouts: [{ id: this.ids.next(), name: 'Standard', pipelines: [] }],
    };
    this.modules.set(seed.apiName.toLowerCase(), module);
    return module;
  }

  private buildField(seed: FieldSeed, customField: boolean): FieldDefinition {
    const numeric = ['double', 'currency', 'percent'].includes(seed.dataType);
    return {
      id: this.ids.next(),
      apiName: seed.apiName,
      label: seed.label ?? seed.apiName.replace(/_/g, ' '),
      dataType: seed.dataType,
      length: seed.length ?? DEFAULT_LENGTH[seed.dataType],
      decimalPlace: seed.decimalPlace ?? (numeric ? 2 : null),
      systemMandatory: seed.mandatory ?? false,
      readOnly: seed.readOnly ?? false,
      customField,
      unique: (seed.unique ?? false) || (seed.external ?? false),
      pickListValues: (seed.pickListValues ?? []).map((value, index) => ({
        id: this.ids.next(),
        displayValue: value,
        actualValue: value,
        sequenceNumber: index + 1,
      })),
      lookupModule: seed.lookupModule ?? null,
      external: seed.external ?? false,
    };
  }
}
