import type { ClassType } from 'type-graphql';
import type { Connection } from '@crm-bridge/subgraph';
import type { EqualityFilter } from '@crm-bridge/persistence';
import type { PortalRecordEntity } from './portal-record.entity';
import type { PortalRecordListArgs } from './portal-record-list.args';
import type { PortalRecord, PortalRecordNode } from './portal-record.type';

/** What the shared queries, loader and reference resolver need to know about one kind of record. */
export interface PortalRecordKind<TEntity extends PortalRecordEntity = PortalRecordEntity> {
  /** The TypeORM entity of the kind's table. */
  readonly entity: new () => TEntity;
  /** The GraphQL object type; its name keys the kind's DataLoader and `_entities` resolver. */
  readonly type: ClassType<PortalRecord>;
  readonly connection: ClassType<Connection<PortalRecord>>;
  /** Root query names, e.g. `deals(first, after, integrationId)` and `deal(id)`. */
  readonly listQuery: string;
  readonly byIdQuery: string;
  /** The list query's arguments when the kind has filters of its own (default: `PortalRecordListArgs`). */
  readonly listArgs?: ClassType<PortalRecordListArgs>;
  /** The column filters of those arguments; an undefined value filters nothing. */
  listFilter?(args: PortalRecordListArgs): EqualityFilter<TEntity>;
}

/** Fields of `TType` the row of `TEntity` lacks, or holds with another type. */
type FieldsNotMatchingRow<TEntity extends PortalRecordEntity, TType> = {
  [K in keyof TType]: K extends keyof PortalRecordNode<TEntity> ? (PortalRecordNode<TEntity>[K] extends TType[K] ? never : K) : K;
}[keyof TType];

/**
 * Declares a kind. Resolvers return rows as they are (see `withIntegration`), so this does not
 * compile when the GraphQL type has a field the entity lacks or types differently: the error
 * names those fields under `typeFieldsNotMatchingEntity`.
 */
export function definePortalRecordKind<TEntity extends PortalRecordEntity, TType extends PortalRecord>(
  kind: PortalRecordKind<TEntity> & { type: ClassType<TType> } & (FieldsNotMatchingRow<TEntity, TType> extends never
      ? unknown
      : { typeFieldsNotMatchingEntity: FieldsNotMatchingRow<TEntity, TType> }),
): PortalRecordKind<TEntity> {
  return kind;
}
