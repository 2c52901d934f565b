import { Injectable } from '@nestjs/common';
import { integrationSettingsSchema, type EventOfType } from '@crm-bridge/contracts';
import { OnEvents } from '@crm-bridge/kafka';
import { StructuredLogger } from '@crm-bridge/observability';
import { SyncIntegrationRepository, type ReplicaChange } from './sync-integration.repository';

type ConnectionEvent = EventOfType<
  'connection.connected' | 'connection.needs-reauth' | 'connection.disconnected' | 'connection.settings-changed'
>;

/** Keeps sync-engine's copies of integration settings and Zoho connections current from mapping-config's and auth-connector's events. */
@Injectable()
export class SyncIntegrationService {
  constructor(
    private readonly replicas: SyncIntegrationRepository,
    private readonly logger: StructuredLogger,
  ) {}

  /** Settings saved in mapping-config take effect on the integration's next worker tick. */
  @OnEvents({ consumer: 'sync-integrations', types: ['integration.settings-changed'] })
  async applySettings(event: EventOfType<'integration.settings-changed'>): Promise<void> {
    const settings = integrationSettingsSchema.parse(event.data);
    const change = await this.replicas.applySettings(event.tenantId, event.integrationId, settings, new Date(event.occurredAt));
    this.logApplied('integration settings applied', event, change);
  }

  /** A connection's org, edition, licences and state decide whether, and how, sync may call Zoho through it. */
  @OnEvents({
    consumer: 'sync-connections',
    types: ['connection.connected', 'connection.needs-reauth', 'connection.disconnected', 'connection.settings-changed'],
  })
  async applyConnectionEvent(event: ConnectionEvent): Promise<void> {
    const occurredAt = new Date(event.occurredAt);
    const change = await this.applyConnection(event, occurredAt);
    this.logApplied('zoho connection applied', event, change);
  }

  private applyConnection(event: ConnectionEvent, occurredAt: Date): Promise<ReplicaChange> {
    switch (event.type) {
      case 'connection.connected':
        return this.replicas.applyConnected(
          event.tenantId,
          {
            connectionId: event.data.connectionId,
            zohoOrgId: event.data.zohoOrgId,
            dataCentre: event.data.dataCentre,
            edition: event.data.zohoOrgEdition ?? null,
            // Events published before auth-connector read the licences have none: the default applies.
            userLicences: event.data.zohoOrgUserLicences ?? null,
            apiVersion: event.data.apiVersion,
            readStrategy: event.data.readStrategy,
          },
          occurredAt,
        );
      case 'connection.needs-reauth':
        return this.replicas.applyConnectionChange(
          event.tenantId,
          event.data.connectionId,
          { kind: 'state', state: 'NEEDS_REAUTH', reason: event.data.reason },
          occurredAt,
        );
      case 'connection.disconnected':
        return this.replicas.applyConnectionChange(
          event.tenantId,
          event.data.connectionId,
          { kind: 'state', state: 'DISCONNECTED', reason: `disconnected by ${event.data.disconnectedByUserId}` },
          occurredAt,
        );
      case 'connection.settings-changed':
        return this.replicas.applyConnectionChange(
          event.tenantId,
          event.data.connectionId,
          { kind: 'settings', apiVersion: event.data.apiVersion, readStrategy: event.data.readStrategy },
          occurredAt,
        );
    }
  }

  private logApplied(message: string, event: EventOfType<'integration.settings-changed'> | ConnectionEvent, change: ReplicaChange): void {
    this.logger.info(message, { tenantId: event.tenantId, integrationId: event.integrationId, correlationId: event.correlationId, change });
  }
}
