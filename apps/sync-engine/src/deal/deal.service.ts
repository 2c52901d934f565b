import { Injectable } from '@nestjs/common';
import { parsePageArguments, toConnection, type Connection } from '@crm-bridge/subgraph';
import { DealRepository } from './deal.repository';
import type { DealEntity } from './deal.entity';
import type { Deal } from './deal.type';

@Injectable()
export class DealService {
  constructor(private readonly deals: DealRepository) {}

  async list(tenantId: string, args: { first: number; after?: string | null; integrationId?: string | null }): Promise<Connection<Deal>> {
    const page = parsePageArguments(args.first, args.after);
    const rows = await this.deals.page(tenantId, { ...page, filter: { integrationId: args.integrationId ?? undefined } });
    return toConnection(rows.map(toDeal), page.limit);
  }

  async byIds(tenantId: string, ids: readonly string[]): Promise<Deal[]> {
    return (await this.deals.byIds(tenantId, ids)).map(toDeal);
  }
}

function toDeal(row: DealEntity): Deal {
  return {
    id: row.id,
    integration: { id: row.integrationId },
    zohoId: row.zohoId,
    name: row.name,
    phase: row.phase,
    amount: row.amount,
    currencyCode: row.currencyCode,
    closingDate: row.closingDate,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
