import { Injectable } from '@nestjs/common';
import { parsePageArguments, toConnection, type Connection } from '@crm-bridge/subgraph';
import { MappingVersionRepository } from './mapping-version.repository';
import type { MappingVersionEntity } from './mapping-version.entity';
import type { MappingVersion } from './mapping-version.type';

@Injectable()
export class MappingVersionService {
  constructor(private readonly versions: MappingVersionRepository) {}

  /** An integration's versions in the order they were saved. */
  async listForIntegration(
    tenantId: string,
    integrationId: string,
    args: { first: number; after?: string | null },
  ): Promise<Connection<MappingVersion>> {
    const page = parsePageArguments(args.first, args.after);
    const rows = await this.versions.page(tenantId, { ...page, filter: { integrationId } });
    return toConnection(rows.map(toMappingVersion), page.limit);
  }

  async byIds(tenantId: string, ids: readonly string[]): Promise<MappingVersion[]> {
    return (await this.versions.byIds(tenantId, ids)).map(toMappingVersion);
  }
}

function toMappingVersion(row: MappingVersionEntity): MappingVersion {
  return {
    id: row.id,
    integrationId: row.integrationId,
    version: row.version,
    publishedAt: row.publishedAt,
    authorUserId: row.authorUserId,
    comment: row.comment,
    definition: row.definition,
    createdAt: row.createdAt,
  };
}
