import { Injectable } from '@nestjs/common';
import { Arg, Args, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { PageArgs, type Connection, type SubgraphContext } from '@crm-bridge/subgraph';
import { IntegrationReference } from '../integration-reference/integration.type';
import { SetSyncDebugModeInput } from './dto/set-sync-debug-mode.input';
import type { SyncDebugEntryEntity } from './sync-debug-entry.entity';
import { SyncDebugService } from './sync-debug.service';
import { SyncDebugEntryConnection, SyncDebugMode } from './sync-debug.type';

@Injectable()
@Resolver(() => SyncDebugMode)
export class SyncDebugModeResolver {
  constructor(private readonly syncDebug: SyncDebugService) {}

  @Mutation(() => SyncDebugMode, {
    description: "Turns an integration's sync debug mode on for 1 to 24 hours, or off (tenant admins only); returns its state",
  })
  setSyncDebugMode(
    @Arg('input', () => SetSyncDebugModeInput) input: SetSyncDebugModeInput,
    @Ctx() context: SubgraphContext,
  ): Promise<SyncDebugMode> {
    return this.syncDebug.setMode(context.caller, input);
  }

  /** One query per integration asked for: clients read one integration's entries at a time. */
  @FieldResolver(() => SyncDebugEntryConnection, { description: 'The Zoho calls kept while on, newest first (at most the last 1,000)' })
  entries(
    @Root() mode: SyncDebugMode,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() context: SubgraphContext,
  ): Promise<Connection<SyncDebugEntryEntity>> {
    return this.syncDebug.entries(context.caller.tenantId, mode.integration.id, args);
  }
}

@Injectable()
@Resolver(() => IntegrationReference)
export class IntegrationSyncDebugResolver {
  constructor(private readonly debugModes: SyncDebugService) {}

  /** Batched per request and scoped to the caller's tenant: another tenant's integration reads as off, with no entries. */
  @FieldResolver(() => SyncDebugMode, { description: "The integration's sync debug mode" })
  syncDebug(@Root() integration: IntegrationReference, @Ctx() context: SubgraphContext): Promise<SyncDebugMode> {
    return context.loaders
      .loader<string, SyncDebugMode>('integration-sync-debug', (ids) => this.debugModes.modesOf(context.caller.tenantId, ids))
      .load(integration.id);
  }
}
