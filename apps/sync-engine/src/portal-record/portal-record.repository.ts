import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantScopedReader, type EqualityFilter, type PagePosition } from '@crm-bridge/persistence';
import type { PortalRecordEntity } from './portal-record.entity';
import type { PortalRecordKind } from './portal-record.kind';

/** Tenant-scoped reads of every portal record table, the table chosen by the record kind. */
@Injectable()
export class PortalRecordRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Up to `limit + 1` rows of `kind` after `after`, optionally only those of one integration, matching `filter`. */
  page<TEntity extends PortalRecordEntity>(
    kind: PortalRecordKind<TEntity>,
    tenantId: string,
    options: {
      limit: number;
      after: PagePosition | null;
      integrationId?: string;
      filter: EqualityFilter<TEntity>;
      modifiedSince: Date | undefined;
      newestFirst: boolean;
    },
  ): Promise<TEntity[]> {
    // Every kind has PortalRecordEntity's integrationId; TypeScript cannot see that through the generic.
    const filter = { ...options.filter, integrationId: options.integrationId } as EqualityFilter<TEntity>;
    return this.readerFor(kind).page(tenantId, {
      limit: options.limit,
      after: options.after,
      filter,
      updatedSince: options.modifiedSince,
      newestFirst: options.newestFirst,
    });
  }

  byIds<TEntity extends PortalRecordEntity>(kind: PortalRecordKind<TEntity>, tenantId: string, ids: readonly string[]): Promise<TEntity[]> {
    return this.readerFor(kind).byIds(tenantId, ids);
  }

  // Cheap: TypeORM caches the repository per entity; the reader only holds it.
  private readerFor<TEntity extends PortalRecordEntity>(kind: PortalRecordKind<TEntity>): TenantScopedReader<TEntity> {
    return new TenantScopedReader(this.dataSource.getRepository(kind.entity));
  }
}
