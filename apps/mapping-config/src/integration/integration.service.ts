import { Injectable } from '@nestjs/common';
import { parsePageArguments, toConnection, type Connection } from '@crm-bridge/subgraph';
import { IntegrationRepository } from './integration.repository';
import type { IntegrationEntity } from './integration.entity';
import type { Integration } from './integration.type';

@Injectable()
export class IntegrationService {
  constructor(private readonly integrations: IntegrationRepository) {}

  async list(tenantId: string, args: { first: number; after?: string | null }): Promise<Connection<Integration>> {
    const page = parsePageArguments(args.first, args.after);
    const rows = await this.integrations.page(tenantId, page);
    return toConnection(rows.map(toIntegration), page.limit);
  }

  async byIds(tenantId: string, ids: readonly string[]): Promise<Integration[]> {
    return (await this.integrations.byIds(tenantId, ids)).map(toIntegration);
  }
}

function toIntegration(row: IntegrationEntity): Integration {
  return {
    id: row.id,
    name: row.name,
    connection: { id: row.connectionId },
    portalModules: row.portalModules,
    contactTargetModule: row.contactTargetModule,
    conflictPolicy: row.conflictPolicy,
    syncIntervalMinutes: row.syncIntervalMinutes,
    debounceSeconds: row.debounceSeconds,
    timeZone: row.timeZone,
    enabled: row.enabled,
    publishedVersion: row.publishedVersion,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
