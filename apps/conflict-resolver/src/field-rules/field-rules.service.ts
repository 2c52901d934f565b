import { Injectable } from '@nestjs/common';
import type { EventOfType, RecordModule } from '@crm-bridge/contracts';
import { OnEvents } from '@crm-bridge/kafka';
import { StructuredLogger } from '@crm-bridge/observability';
import { checkCustomValue, type CustomValueCheck } from './custom-value-check';
import { FieldRulesRepository, type FieldRulesChange } from './field-rules.repository';

type FieldRulesEvent = EventOfType<'mapping.published' | 'portal-deal-schema.changed'>;

/** Keeps each integration's field rules from mapping-config's events and checks reviewers' values against them. */
@Injectable()
export class FieldRulesService {
  constructor(
    private readonly rules: FieldRulesRepository,
    private readonly logger: StructuredLogger,
  ) {}

  @OnEvents({ consumer: 'field-rules', types: ['mapping.published', 'portal-deal-schema.changed'] })
  async applyEvent(event: FieldRulesEvent): Promise<void> {
    const change = await this.apply(event);
    this.logger.info('field rules applied', {
      tenantId: event.tenantId,
      integrationId: event.integrationId,
      correlationId: event.correlationId,
      type: event.type,
      change,
    });
  }

  /** A reviewer's value for one field of one of the integration's records, checked and canonical (see {@link checkCustomValue}). */
  async checkValue(
    tenantId: string,
    integrationId: string,
    module: RecordModule,
    fieldName: string,
    raw: unknown,
  ): Promise<CustomValueCheck> {
    return checkCustomValue(module, fieldName, raw, await this.rules.ofIntegration(tenantId, integrationId));
  }

  private apply(event: FieldRulesEvent): Promise<FieldRulesChange> {
    switch (event.type) {
      case 'mapping.published':
        return this.rules.applyMapping(event.tenantId, event.integrationId, {
          mappingVersion: event.data.version,
          fieldMappings: event.data.definition.fieldMappings,
          outboundStages: event.data.definition.stageMappings.flatMap((stageMapping) => stageMapping.outbound),
        });
      case 'portal-deal-schema.changed':
        return this.rules.applySchema(event.tenantId, event.integrationId, {
          schemaRevision: event.data.revision,
          phases: event.data.phases,
          customFields: event.data.customFields,
        });
    }
  }
}
