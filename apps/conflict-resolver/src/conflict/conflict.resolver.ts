import { Injectable } from '@nestjs/common';
import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Connection, SubgraphContext } from '@crm-bridge/subgraph';
import { ListConflictsArgs } from './dto/list-conflicts.args';
import { ConflictService } from './conflict.service';
import { Conflict, ConflictConnection } from './conflict.type';
import { conflictLoader } from './conflict.loader';

@Injectable()
@Resolver(() => Conflict)
export class ConflictResolver {
  constructor(private readonly conflictService: ConflictService) {}

  @Query(() => ConflictConnection, { description: "The caller's tenant's conflicts, oldest first" })
  conflicts(@Args(() => ListConflictsArgs) args: ListConflictsArgs, @Ctx() context: SubgraphContext): Promise<Connection<Conflict>> {
    return this.conflictService.list(context.caller.tenantId, args);
  }

  @Query(() => Conflict, { nullable: true })
  conflict(@Arg('id', () => ID) id: string, @Ctx() context: SubgraphContext): Promise<Conflict | null> {
    return conflictLoader(context, this.conflictService).load(id);
  }
}
