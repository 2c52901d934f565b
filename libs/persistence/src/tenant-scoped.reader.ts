import type { ObjectLiteral, Repository } from 'typeorm';
import type { TenantScopedEntity } from './tenant-scoped.entity';

/** Keyset position: rows are ordered by (created_at, id), which is stable under inserts. */
export interface PagePosition {
  readonly createdAt: Date;
  readonly id: string;
}

/** Column equality filters, by entity property name; undefined values are ignored. */
export type EqualityFilter<TEntity> = { [K in keyof TEntity]?: TEntity[K] | undefined };

/** Entity properties that hold an instant, for `since` filters. */
export type TimestampProperty<TEntity> = { [K in keyof TEntity]-?: NonNullable<TEntity[K]> extends Date ? K : never }[keyof TEntity] &
  string;

/**
 * Tenant-scoped reads shared by every repository: one page in keyset order, and rows by id for
 * DataLoader batches. Every query has `tenant_id = :tenantId`; no method takes a query without it.
 */
export class TenantScopedReader<TEntity extends TenantScopedEntity & ObjectLiteral> {
  constructor(private readonly repository: Repository<TEntity>) {}

  /**
   * Up to `limit + 1` rows after `after`, so the caller can tell whether a next page exists.
   * Oldest first unless `newestFirst` (keep it the same across a list's pages: the cursor is a
   * position, not a direction); `updatedSince` keeps rows changed at or after that instant;
   * `since` keeps rows whose given timestamp column is at or after its instant (e.g. a run's
   * `startedAt`); `before` keeps rows whose given timestamp column is strictly earlier than its
   * instant (e.g. conflicts opened more than a day ago).
   */
  async page(
    tenantId: string,
    options: {
      limit: number;
      after: PagePosition | null;
      filter?: EqualityFilter<TEntity>;
      updatedSince?: Date | undefined;
      since?: { readonly property: TimestampProperty<TEntity>; readonly at: Date } | undefined;
      before?: { readonly property: TimestampProperty<TEntity>; readonly at: Date } | undefined;
      newestFirst?: boolean | undefined;
    },
  ): Promise<TEntity[]> {
    const query = this.repository.createQueryBuilder('row').where('row.tenantId = :tenantId', { tenantId });
    for (const [property, value] of Object.entries(options.filter ?? {}) as [string, unknown][]) {
      if (value === undefined) {
        continue;
      }
      query.andWhere(`row.${property} = :filter_${property}`, { [`filter_${property}`]: value });
    }
    if (options.updatedSince) {
      query.andWhere('row.updatedAt >= :updatedSince', { updatedSince: options.updatedSince });
    }
    if (options.since) {
      query.andWhere(`row.${options.since.property} >= :since`, { since: options.since.at });
    }
    if (options.before) {
      query.andWhere(`row.${options.before.property} < :before`, { before: options.before.at });
    }
    const [comparison, direction] = options.newestFirst ? (['<', 'DESC'] as const) : (['>', 'ASC'] as const);
    if (options.after) {
      query.andWhere(`(row.createdAt, row.id) ${comparison} (:afterCreatedAt, :afterId)`, {
        afterCreatedAt: options.after.createdAt,
        afterId: options.after.id,
      });
    }
    return query
      .orderBy('row.createdAt', direction)
      .addOrderBy('row.id', direction)
      .limit(options.limit + 1)
      .getMany();
  }

  /** Rows with these ids that belong to the tenant; ids of other tenants simply find nothing. */
  async byIds(tenantId: string, ids: readonly string[]): Promise<TEntity[]> {
    const uuids = ids.filter(isUuid);
    if (uuids.length === 0) {
      return [];
    }
    return this.repository
      .createQueryBuilder('row')
      .where('row.tenantId = :tenantId', { tenantId })
      .andWhere('row.id = ANY(:ids)', { ids: uuids })
      .getMany();
  }
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot match a row (and must not reach PostgreSQL as a uuid cast error). */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
