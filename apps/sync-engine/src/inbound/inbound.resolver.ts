import { Injectable } from '@nestjs/common';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@crm-bridge/subgraph';
import { TriggerSyncInput } from './dto/trigger-sync.input';
import { TriggerSyncPayload } from './dto/trigger-sync.payload';
import { InboundService } from './inbound.service';

@Injectable()
@Resolver()
export class InboundResolver {
  constructor(private readonly inboundService: InboundService) {}

  @Mutation(() => TriggerSyncPayload, {
    description:
      'Syncs an integration from Zoho now (tenant admins): every deal, or those modified since the last sync. One runs at a time; asked again meanwhile, the running one is returned',
  })
  triggerSync(@Arg('input', () => TriggerSyncInput) input: TriggerSyncInput, @Ctx() context: SubgraphContext): Promise<TriggerSyncPayload> {
    return this.inboundService.triggerSync(context.caller, input);
  }
}
