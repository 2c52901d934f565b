import { Injectable } from '@nestjs/common';
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@crm-bridge/subgraph';
import { PortalRecordQueries } from '../portal-record/portal-record.resolver';
import { PortalRecordService } from '../portal-record/portal-record.service';
import type { PortalRecordNode } from '../portal-record/portal-record.type';
import type { DealEntity } from './deal.entity';
import { Deal } from './deal.type';
import { dealKind } from './deal.kind';
import { DealService } from './deal.service';
import { CreateDealInput } from './dto/create-deal.input';
import { DeleteDealInput } from './dto/delete-deal.input';
import { UpdateDealInput } from './dto/update-deal.input';

/** `deals(first, after, integrationId, filters, newestFirst)`, `deal(id)`, and the portal's deal writes. */
@Injectable()
@Resolver(() => Deal)
export class DealResolver extends PortalRecordQueries(dealKind) {
  constructor(
    records: PortalRecordService,
    private readonly dealService: DealService,
  ) {
    super(records);
  }

  @Mutation(() => Deal, {
    description: 'Creates a portal deal (tenant admins and deal editors); it is PENDING until sync writes it to Zoho',
  })
  createDeal(
    @Arg('input', () => CreateDealInput) input: CreateDealInput,
    @Ctx() context: SubgraphContext,
  ): Promise<PortalRecordNode<DealEntity>> {
    return this.dealService.create(context.caller, input, context.correlationId);
  }

  @Mutation(() => Deal, { description: 'Changes a portal deal (tenant admins and deal editors); it is PENDING again until synced' })
  updateDeal(
    @Arg('input', () => UpdateDealInput) input: UpdateDealInput,
    @Ctx() context: SubgraphContext,
  ): Promise<PortalRecordNode<DealEntity>> {
    return this.dealService.update(context.caller, input, context.correlationId);
  }

  @Mutation(() => ID, { description: 'Deletes a portal deal (tenant admins and deal editors); sync deletes its Zoho deal. Returns its id' })
  deleteDeal(@Arg('input', () => DeleteDealInput) input: DeleteDealInput, @Ctx() context: SubgraphContext): Promise<string> {
    return this.dealService.delete(context.caller, input, context.correlationId);
  }
}
