import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantScopedReader } from '@crm-bridge/persistence';
import type { PortalRecordEntity } from './portal-record.entity';
import type { PortalRecordKind } from './portal-record.kind';

/** Tenant-scoped reads of every portal record table: one reader per kind, made on first use. */
@Injectable()
export class PortalRecordRepository {
  private readonly readers = new Map<PortalRecordKind, TenantScopedReader<PortalRecordEntity>>();

  constructor(private readonly dataSource: DataSource) {}

  readerFor<TEntity extends PortalRecordEntity>(kind: PortalRecordKind<TEntity>): TenantScopedReader<TEntity> {
    let reader = this.readers.get(kind);
    if (!reader) {
      reader = new TenantScopedReader(this.dataSource.getRepository(kind.entity));
      this.readers.set(kind, reader);
    }
    return reader as TenantScopedReader<TEntity>;
  }
}
