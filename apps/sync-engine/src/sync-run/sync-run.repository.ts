import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import type { RecordModule } from '@crm-bridge/contracts';
import { TenantScopedReader } from '@crm-bridge/persistence';
import { SyncIssueEntity } from './sync-issue.entity';
import { SyncRunEntity } from './sync-run.entity';

/** Tenant-scoped reads of sync runs and of their issues. */
@Injectable()
export class SyncRunRepository {
  readonly runs: TenantScopedReader<SyncRunEntity>;
  readonly issues: TenantScopedReader<SyncIssueEntity>;
  private readonly issueRows: Repository<SyncIssueEntity>;

  constructor(dataSource: DataSource) {
    this.runs = new TenantScopedReader(dataSource.getRepository(SyncRunEntity));
    this.issueRows = dataSource.getRepository(SyncIssueEntity);
    this.issues = new TenantScopedReader(this.issueRows);
  }

  /**
   * The newest `limit` issues of each portal record, newest first, in one query (a DataLoader
   * batch of `Deal.syncIssues`): ranked per record through the portal-record index.
   */
  latestIssuesOfRecords(
    tenantId: string,
    module: RecordModule,
    portalRecordIds: readonly string[],
    limit: number,
  ): Promise<SyncIssueEntity[]> {
    if (portalRecordIds.length === 0) {
      return Promise.resolve([]);
    }
    const table = this.issueRows.metadata.tablePath;
    return this.issueRows
      .createQueryBuilder('row')
      .where('row.tenantId = :tenantId', { tenantId })
      .andWhere(
        `row.id IN (SELECT ranked.id FROM (
           SELECT id, row_number() OVER (PARTITION BY portal_record_id ORDER BY created_at DESC, id DESC) AS rank
             FROM ${table}
            WHERE tenant_id = :tenantId AND module = :module AND portal_record_id = ANY(:portalRecordIds)) ranked
          WHERE ranked.rank <= :limit)`,
        { module, portalRecordIds, limit },
      )
      .orderBy('row.createdAt', 'DESC')
      .addOrderBy('row.id', 'DESC')
      .getMany();
  }
}
