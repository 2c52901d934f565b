import { Injectable } from '@nestjs/common';
import { integrationFilter, parsePageArguments, toConnection, type Connection } from '@crm-bridge/subgraph';
import { ConflictRepository } from './conflict.repository';
import type { ConflictEntity } from './conflict.entity';
import type { RecordModule } from '@crm-bridge/contracts';
import type { ConflictStatus } from './conflict.enums';
import type { Conflict } from './conflict.type';

@Injectable()
export class ConflictService {
  constructor(private readonly conflicts: ConflictRepository) {}

  async list(
    tenantId: string,
    args: { first: number; after?: string | null; integrationId?: string | null; status?: ConflictStatus | null },
  ): Promise<Connection<Conflict>> {
    const page = parsePageArguments(args.first, args.after);
    const filter = { ...integrationFilter(args.integrationId), status: args.status ?? undefined };
    const rows = await this.conflicts.page(tenantId, { ...page, filter });
    return toConnection(rows.map(toConflict), page.limit);
  }

  async byIds(tenantId: string, ids: readonly string[]): Promise<Conflict[]> {
    return (await this.conflicts.byIds(tenantId, ids)).map(toConflict);
  }

  /** Open conflicts of these portal records (ids of other tenants' records find nothing). */
  async openForRecords(tenantId: string, recordModule: RecordModule, portalRecordIds: readonly string[]): Promise<Conflict[]> {
    return (await this.conflicts.openForRecords(tenantId, recordModule, portalRecordIds)).map(toConflict);
  }
}

function toConflict(row: ConflictEntity): Conflict {
  return {
    id: row.id,
    integration: { id: row.integrationId },
    recordModule: row.recordModule,
    portalRecordId: row.portalRecordId,
    zohoRecordId: row.zohoRecordId,
    fieldName: row.fieldName,
    baseValue: row.baseValue,
    portalValue: row.portalValue,
    zohoValue: row.zohoValue,
    portalChangedAt: row.portalChangedAt,
    zohoChangedAt: row.zohoChangedAt,
    status: row.status,
    resolution: row.resolution,
    resolvedValue: row.resolvedValue,
    resolvedBy: row.resolvedBy,
    resolvedAt: row.resolvedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
