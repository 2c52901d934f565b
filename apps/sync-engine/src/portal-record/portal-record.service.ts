import { Injectable } from '@nestjs/common';
import { parsePageArguments, toConnection, type Connection } from '@crm-bridge/subgraph';
import { integrationFilter } from '@crm-bridge/subgraph';
import { withIntegration } from '../integration-reference/integration.type';
import { PortalRecordRepository } from './portal-record.repository';
import type { PortalRecordEntity } from './portal-record.entity';
import type { PortalRecordKind } from './portal-record.kind';
import type { PortalRecordListArgs } from './portal-record-list.args';
import type { PortalRecordNode } from './portal-record.type';

/** Reads of any portal record kind, always within the caller's tenant. */
@Injectable()
export class PortalRecordService {
  constructor(private readonly records: PortalRecordRepository) {}

  /** One page of the tenant's records of `kind`, oldest first unless asked otherwise, filtered by the arguments. */
  async list<TEntity extends PortalRecordEntity>(
    kind: PortalRecordKind<TEntity>,
    tenantId: string,
    args: PortalRecordListArgs,
  ): Promise<Connection<PortalRecordNode<TEntity>>> {
    const page = parsePageArguments(args.first, args.after);
    const rows = await this.records.page(kind, tenantId, {
      ...page,
      ...integrationFilter(args.integrationId),
      filter: kind.listFilter?.(args) ?? {},
      modifiedSince: args.modifiedSince ?? undefined,
      newestFirst: args.newestFirst,
    });
    return toConnection(rows.map(withIntegration), page.limit);
  }

  /** The tenant's records of `kind` with these ids, in no particular order; others' ids find nothing. */
  async byIds<TEntity extends PortalRecordEntity>(
    kind: PortalRecordKind<TEntity>,
    tenantId: string,
    ids: readonly string[],
  ): Promise<PortalRecordNode<TEntity>[]> {
    return (await this.records.byIds(kind, tenantId, ids)).map(withIntegration);
  }
}
