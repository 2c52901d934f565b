import { Injectable } from '@nestjs/common';
import type { EventOfType } from '@crm-bridge/contracts';
import { OnEvents } from '@crm-bridge/kafka';
import { StructuredLogger } from '@crm-bridge/observability';
import { ZohoConnectionRepository } from './zoho-connection.repository';

@Injectable()
export class ZohoConnectionService {
  constructor(
    private readonly connections: ZohoConnectionRepository,
    private readonly logger: StructuredLogger,
  ) {}

  /** A connection auth-connector made becomes one the tenant may create an integration for. */
  @OnEvents({ consumer: 'zoho-connections', types: ['connection.connected'] })
  async rememberConnection(event: EventOfType<'connection.connected'>): Promise<void> {
    const change = await this.connections.remember(event.tenantId, {
      connectionId: event.data.connectionId,
      zohoOrgId: event.data.zohoOrgId,
      orgTimeZone: event.data.zohoOrgTimeZone,
    });
    this.logger.info('zoho connection recorded', {
      tenantId: event.tenantId,
      connectionId: event.data.connectionId,
      correlationId: event.correlationId,
      change,
    });
  }
}
