import { Injectable } from '@nestjs/common';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Connection, SubgraphContext } from '@crm-bridge/subgraph';
import { ListConflictsArgs } from './dto/list-conflicts.args';
import { ResolveConflictInput } from './dto/resolve-conflict.input';
import { ConflictService } from './conflict.service';
import { Conflict, ConflictConnection, ConflictResolutionRecord } from './conflict.type';
import { conflictLoader, resolutionHistoryLoader } from './conflict.loader';

@Injectable()
@Resolver(() => Conflict)
export class ConflictResolver {
  constructor(private readonly conflictService: ConflictService) {}

  @Query(() => ConflictConnection, {
    description: "The caller's tenant's conflicts, oldest first; `status: OPEN` is the review queue",
  })
  conflicts(@Args(() => ListConflictsArgs) args: ListConflictsArgs, @Ctx() context: SubgraphContext): Promise<Connection<Conflict>> {
    return this.conflictService.list(context.caller.tenantId, args);
  }

  @Query(() => Conflict, { nullable: true })
  conflict(@Arg('id', () => ID) id: string, @Ctx() context: SubgraphContext): Promise<Conflict | null> {
    return conflictLoader(context, this.conflictService).load(id);
  }

  @Mutation(() => Conflict, {
    description: "Settles an open conflict (tenant admins): keeps the portal's value, Zoho's, or a checked value of one's own",
  })
  resolveConflict(
    @Arg('input', () => ResolveConflictInput) input: ResolveConflictInput,
    @Ctx() context: SubgraphContext,
  ): Promise<Conflict> {
    return this.conflictService.resolve(context.caller, input, context.correlationId);
  }

  @FieldResolver(() => [ConflictResolutionRecord], {
    description: 'How the conflict was resolved (by which policy or person, between which values) or why it was cleared; empty while open',
  })
  resolutionHistory(@Root() conflict: Conflict, @Ctx() context: SubgraphContext): Promise<ConflictResolutionRecord[]> {
    return resolutionHistoryLoader(context, this.conflictService).load(conflict.id);
  }
}
