import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantScopedReader } from '@crm-bridge/persistence';
import { SyncIssueEntity } from './sync-issue.entity';
import { SyncRunEntity } from './sync-run.entity';

/** Tenant-scoped reads of sync runs and of their issues. */
@Injectable()
export class SyncRunRepository {
  readonly runs: TenantScopedReader<SyncRunEntity>;
  readonly issues: TenantScopedReader<SyncIssueEntity>;

  constructor(dataSource: DataSource) {
    this.runs = new TenantScopedReader(dataSource.getRepository(SyncRunEntity));
    this.issues = new TenantScopedReader(dataSource.getRepository(SyncIssueEntity));
  }
}
