import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Connection, SubgraphContext } from '@crm-bridge/subgraph';
import type { PortalRecordEntity } from './portal-record.entity';
import type { PortalRecordKind } from './portal-record.kind';
import { PortalRecordListArgs } from './portal-record-list.args';
import { PortalRecordService } from './portal-record.service';
import type { PortalRecordNode } from './portal-record.type';
import { portalRecordLoader } from './portal-record.loader';

/**
 * The list and by-id root queries of one kind, as a base class: a kind's resolver extends it
 * (`class DealResolver extends PortalRecordQueries(dealKind) {}`), may add field resolvers, and
 * is what the subgraph registers. type-graphql copies these queries onto that subclass only.
 */
export function PortalRecordQueries<TEntity extends PortalRecordEntity>(kind: PortalRecordKind<TEntity>) {
  @Resolver()
  abstract class PortalRecordQueriesBase {
    constructor(protected readonly records: PortalRecordService) {}

    @Query(() => kind.connection, {
      name: kind.listQuery,
      description: `The caller's tenant's ${kind.listQuery}, oldest first unless newestFirst`,
    })
    list(
      @Args(() => kind.listArgs ?? PortalRecordListArgs) args: PortalRecordListArgs,
      @Ctx() context: SubgraphContext,
    ): Promise<Connection<PortalRecordNode<TEntity>>> {
      return this.records.list(kind, context.caller.tenantId, args);
    }

    @Query(() => kind.type, { name: kind.byIdQuery, nullable: true })
    byId(@Arg('id', () => ID) id: string, @Ctx() context: SubgraphContext): Promise<PortalRecordNode<TEntity> | null> {
      return portalRecordLoader(context, this.records, kind).load(id);
    }
  }
  return PortalRecordQueriesBase;
}
