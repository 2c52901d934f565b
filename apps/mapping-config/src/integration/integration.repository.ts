import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent, type EventOfType } from '@crm-bridge/contracts';
import { TenantScopedRepository, TransactionalOutbox } from '@crm-bridge/persistence';
import { lockPortalDealSchema } from '../portal-deal-schema/portal-deal-schema.lock';
import { portalDealSchemaChangedEvents } from '../portal-deal-schema/portal-deal-schema.events';
import { ZohoConnectionEntity } from '../zoho-connection/zoho-connection.entity';
import { IntegrationEntity } from './integration.entity';
import { applySettingsPatch, DEFAULT_INTEGRATION_SETTINGS, type IntegrationSettingsPatch } from './integration-settings.validation';

/** What creating an integration did. */
export type IntegrationCreation =
  | { readonly outcome: 'created'; readonly integration: IntegrationEntity; readonly orgTimeZone: string }
  | { readonly outcome: 'unknown-connection' }
  | { readonly outcome: 'exists'; readonly integrationId: string };

/** A saved change of settings, with the org's time zone to compare against (null if the connection is unknown here). */
export interface IntegrationSettingsUpdate {
  readonly integration: IntegrationEntity;
  readonly orgTimeZone: string | null;
}

@Injectable()
export class IntegrationRepository extends TenantScopedRepository<IntegrationEntity> {
  constructor(dataSource: DataSource, outbox: TransactionalOutbox) {
    super(dataSource, IntegrationEntity, outbox);
  }

  /**
   * Creates the integration of one of the tenant's connections with `settings` over the defaults
   * (time zone: the org's) and publishes `integration.settings-changed` and the tenant's current
   * `portal-deal-schema.changed` for it, so sync-engine has both from the integration's first event.
   * The portal deal schema lock serialises the tenant's creates, so the "one per connection" check
   * cannot race (the unique index backs it up).
   */
  create(
    tenantId: string,
    input: { connectionId: string; settings: IntegrationSettingsPatch & { name: string }; correlationId: string },
  ): Promise<IntegrationCreation> {
    return this.transaction(tenantId, async (tx): Promise<IntegrationCreation> => {
      const connection = await tx.repository(ZohoConnectionEntity).findOneBy({ tenantId, connectionId: input.connectionId });
      if (!connection) {
        return { outcome: 'unknown-connection' };
      }
      const portalDealSchema = await lockPortalDealSchema(tx);
      const existing = await tx.repository(IntegrationEntity).findOneBy({ tenantId, connectionId: input.connectionId });
      if (existing) {
        return { outcome: 'exists', integrationId: existing.id };
      }
      const settings = applySettingsPatch(
        { ...DEFAULT_INTEGRATION_SETTINGS, timeZone: connection.orgTimeZone, name: input.settings.name },
        input.settings,
      );
      const integration = await tx.insert(IntegrationEntity, { connectionId: input.connectionId, ...settings, publishedVersion: null });
      await tx.publish([
        settingsChangedEvent(integration, true, input.correlationId),
        ...portalDealSchemaChangedEvents(portalDealSchema, [integration.id], input.correlationId),
      ]);
      return { outcome: 'created', integration, orgTimeZone: connection.orgTimeZone };
    });
  }

  /** Applies `patch` to the tenant's integration and publishes `integration.settings-changed`; null if the tenant has no such integration. */
  updateSettings(
    tenantId: string,
    input: { integrationId: string; patch: IntegrationSettingsPatch; correlationId: string },
  ): Promise<IntegrationSettingsUpdate | null> {
    return this.transaction(tenantId, async (tx) => {
      const integration = await tx.lock(IntegrationEntity, input.integrationId);
      if (!integration) {
        return null;
      }
      Object.assign(integration, applySettingsPatch(integration, input.patch));
      const saved = await tx.save(IntegrationEntity, integration);
      await tx.publish([settingsChangedEvent(saved, false, input.correlationId)]);
      const connection = await tx.repository(ZohoConnectionEntity).findOneBy({ tenantId, connectionId: saved.connectionId });
      return { integration: saved, orgTimeZone: connection?.orgTimeZone ?? null };
    });
  }
}

function settingsChangedEvent(
  integration: IntegrationEntity,
  created: boolean,
  correlationId: string,
): EventOfType<'integration.settings-changed'> {
  return createEvent('integration.settings-changed', {
    source: 'mapping-config',
    tenantId: integration.tenantId,
    integrationId: integration.id,
    subject: integration.id,
    correlationId,
    data: {
      created,
      connectionId: integration.connectionId,
      name: integration.name,
      enabled: integration.enabled,
      modules: integration.modules,
      contactTargetModule: integration.contactTargetModule,
      conflictPolicy: integration.conflictPolicy,
      syncIntervalMinutes: integration.syncIntervalMinutes,
      debounceSeconds: integration.debounceSeconds,
      syncRecordsFrom: integration.syncRecordsFrom,
      timeZone: integration.timeZone,
      registrationCollisions: integration.registrationCollisions,
    },
  });
}
