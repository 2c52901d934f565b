import type { ClassType } from 'type-graphql';
import type { Connection } from '@crm-bridge/subgraph';
import type { PortalRecordEntity } from './portal-record.entity';
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
}

/**
 * Declares a kind. It does not compile when the GraphQL type has a field the entity lacks (the
 * field would resolve to nothing): the error names the fields under `fieldsMissingFromEntity`.
 */
export function definePortalRecordKind<TEntity extends PortalRecordEntity, TType extends PortalRecord>(
  kind: PortalRecordKind<TEntity> & { type: ClassType<TType> } & (PortalRecordNode<TEntity> extends TType
      ? unknown
      : { fieldsMissingFromEntity: Exclude<keyof TType, keyof PortalRecordNode<TEntity>> }),
): PortalRecordKind<TEntity> {
  return kind;
}
