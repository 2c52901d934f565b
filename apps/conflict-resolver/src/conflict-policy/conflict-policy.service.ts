import { Injectable } from '@nestjs/common';
import { integrationSettingsSchema, type ConflictPolicy, type EventOfType, type RecordModule } from '@crm-bridge/contracts';
import { OnEvents } from '@crm-bridge/kafka';
import { StructuredLogger } from '@crm-bridge/observability';
import { ConflictPolicyRepository } from './conflict-policy.repository';

/**
 * The policy of an integration whose settings were never heard of: a person decides, so nothing
 * is overwritten on a guess while the settings event is still on its way.
 */
export const POLICY_OF_UNKNOWN_INTEGRATION: ConflictPolicy = 'MANUAL_REVIEW';

/** Which conflict policy applies to which integration and module, kept from mapping-config's settings events. */
@Injectable()
export class ConflictPolicyService {
  constructor(
    private readonly policies: ConflictPolicyRepository,
    private readonly logger: StructuredLogger,
  ) {}

  @OnEvents({ consumer: 'conflict-policies', types: ['integration.settings-changed'] })
  async applySettings(event: EventOfType<'integration.settings-changed'>): Promise<void> {
    const settings = integrationSettingsSchema.parse(event.data);
    const modulePolicies = Object.fromEntries(
      settings.modules.flatMap(({ module, conflictPolicy }) => (conflictPolicy ? [[module, conflictPolicy]] : [])),
    ) as Partial<Record<RecordModule, ConflictPolicy>>;
    const change = await this.policies.apply(event.tenantId, {
      integrationId: event.integrationId,
      conflictPolicy: settings.conflictPolicy,
      modulePolicies,
      settingsChangedAt: new Date(event.occurredAt),
    });
    this.logger.info('conflict policies applied', {
      tenantId: event.tenantId,
      integrationId: event.integrationId,
      correlationId: event.correlationId,
      change,
    });
  }

  /** The module's own policy where it has one, else the integration's ({@link POLICY_OF_UNKNOWN_INTEGRATION} before its settings arrive). */
  async policyFor(tenantId: string, integrationId: string, module: RecordModule): Promise<ConflictPolicy> {
    const stored = await this.policies.ofIntegration(tenantId, integrationId);
    return stored?.modulePolicies[module] ?? stored?.conflictPolicy ?? POLICY_OF_UNKNOWN_INTEGRATION;
  }
}
