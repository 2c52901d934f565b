import { jsonTypeOf } from '../records/field-value.validator';
import type { ApiVersion } from '../crm-api/api-version';
import type { ModuleCatalog } from './module-catalog';
import type { FieldDefinition, LayoutDefinition, ModuleDefinition, PipelineDefinition, StageDefinition } from './metadata.model';

/** Metadata in Zoho's wire shapes (reference §3; OAS `modules.json`, `fields.json`, `layouts.json`, `pipeline.json`). */
export class MetadataPresenter {
  constructor(
    private readonly catalog: ModuleCatalog,
    private readonly version: ApiVersion,
  ) {}

  module(module: ModuleDefinition, sequenceNumber: number): Record<string, unknown> {
    const body: Record<string, unknown> = {
      id: module.id,
      api_name: module.apiName,
      module_name: module.apiName,
      singular_label: module.singularLabel,
      plural_label: module.pluralLabel,
      api_supported: true,
      generated_type: module.generatedType,
      creatable: true,
      editable: true,
      deletable: true,
      viewable: true,
      convertable: module.apiName === 'Leads',
      sequence_number: sequenceNumber,
      display_field: {
        api_name: module.displayField,
        id: module.fields.find((field) => field.apiName === module.displayField)?.id ?? null,
      },
    };
    // Since v5, `status` has replaced `visible` (reference §3).
    if (['v2', 'v2.1', 'v3', 'v4'].includes(this.version)) {
      body['visible'] = true;
    } else {
      body['status'] = 'visible';
    }
    return body;
  }

  field(field: FieldDefinition, inLayout: boolean): Record<string, unknown> {
    const writable = !field.readOnly;
    const lookupModule = field.lookupModule === null ? undefined : this.catalog.find(field.lookupModule);
    return {
      api_name: field.apiName,
      id: field.id,
      field_label: field.label,
      display_label: field.label,
      data_type: field.dataType,
      json_type: jsonTypeOf(field),
      system_mandatory: field.systemMandatory,
      read_only: field.readOnly,
      field_read_only: field.readOnly,
      custom_field: field.customField,
      visible: true,
      length: field.length,
      decimal_place: field.decimalPlace,
      unique: field.unique ? { casesensitive: 'false' } : {},
      sortable: ['id', 'Created_Time', 'Modified_Time'].includes(field.apiName),
      filterable: true,
      searchable: field.dataType !== 'ownerlookup',
      external: field.external ? { show: true, type: 'user', allow_multiple_config: false } : null,
      formula: {},
      operation_type: { web_update: writable, api_create: writable, web_create: writable, api_update: writable },
      lookup: lookupModule
        ? {
            module: { api_name: lookupModule.apiName, id: lookupModule.id },
            display_label: lookupModule.singularLabel,
            api_name: field.apiName,
            id: field.id,
          }
        : {},
      pick_list_values: this.pickListValues(field, inLayout),
    };
  }

  layout(module: ModuleDefinition, layout: LayoutDefinition): Record<string, unknown> {
    return {
      id: layout.id,
      name: layout.name,
      display_label: layout.name,
      api_name: layout.name,
      status: 'active',
      visible: true,
      generated_type: 'default',
      sections: [
        {
          display_label: `${module.singularLabel} Information`,
          api_name: `${module.singularLabel}_Information`,
          sequence_number: 1,
          column_count: 2,
          fields: module.fields.map((field) => this.field(field, true)),
        },
      ],
    };
  }

  pipeline(pipeline: PipelineDefinition): Record<string, unknown> {
    return {
      display_value: pipeline.displayValue,
      actual_value: pipeline.actualValue,
      default: pipeline.isDefault,
      id: pipeline.id,
      child_available: false,
      parent: null,
      maps: pipeline.stages.map((stage) => this.stage(stage)),
    };
  }

  private stage(stage: StageDefinition): Record<string, unknown> {
    return {
      display_value: stage.displayValue,
      actual_value: stage.actualValue,
      sequence_number: stage.sequenceNumber,
      id: stage.id,
      forecast_type: stage.forecastType,
      forecast_category: stage.forecastCategory,
      colour_code: null,
    };
  }

  private pickListValues(field: FieldDefinition, inLayout: boolean): Record<string, unknown>[] {
    if (field.dataType !== 'picklist' && field.dataType !== 'multiselectpicklist') {
      return [];
    }
    const isDealPicklist = field.apiName === 'Pipeline' || field.apiName === 'Stage';
    const values = field.pickListValues.map((value): Record<string, unknown> => ({
      display_value: value.displayValue,
      sequence_number: value.sequenceNumber,
      reference_value: value.displayValue,
      colour_code: null,
      actual_value: value.actualValue,
      id: value.id,
      type: 'used',
    }));
    if (field.apiName === 'Stage') {
      const stages = this.catalog.pipelines().flatMap((pipeline) => pipeline.stages);
      for (const value of values) {
        const stage = stages.find((candidate) => candidate.actualValue === value['actual_value']);
        if (stage) {
          Object.assign(value, {
            probability: stage.probability,
            forecast_type: stage.forecastType,
            forecast_category: stage.forecastCategory,
          });
        }
      }
    }
    // In a layout, each Pipeline option lists the stages allowed in it (reference §3 Layouts).
    if (field.apiName === 'Pipeline' && inLayout) {
      for (const value of values) {
        const pipeline = this.catalog.findPipeline(String(value['actual_value']));
        if (pipeline) {
          value['maps'] = pipeline.stages.map((stage) => this.stage(stage));
        }
      }
    }
    if (isDealPicklist) {
      return values;
    }
    return [
      {
        display_value: '-None-',
        sequence_number: 0,
        reference_value: '-None-',
        colour_code: null,
        actual_value: '-None-',
        id: `${field.id}0`,
        type: 'used',
      },
      ...values,
    ];
  }
}
