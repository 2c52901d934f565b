import { Injectable } from '@nestjs/common';
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Connection, SubgraphContext } from '@crm-bridge/subgraph';
import type { DealEntity } from '../deal/deal.entity';
import { dealKind } from '../deal/deal.kind';
import { Deal } from '../deal/deal.type';
import { portalRecordLoader } from '../portal-record/portal-record.loader';
import { PortalRecordService } from '../portal-record/portal-record.service';
import type { PortalRecordNode } from '../portal-record/portal-record.type';
import { withIntegration } from '../integration-reference/integration.type';
import { alignRowsToKeys } from '@crm-bridge/subgraph';
import { DealRegistrationService } from './deal-registration.service';
import { DecideRegistrationCollisionInput } from './dto/decide-registration-collision.input';
import { ListRegistrationCollisionsArgs } from './dto/list-registration-collisions.args';
import { RegistrationCollision, RegistrationCollisionConnection, type RegistrationCollisionNode } from './registration-collision.type';

/** `registrationCollisions`, `decideRegistrationCollision`, and both deals of a collision. */
@Injectable()
@Resolver(() => RegistrationCollision)
export class RegistrationCollisionResolver {
  constructor(
    private readonly registrations: DealRegistrationService,
    private readonly records: PortalRecordService,
  ) {}

  @Query(() => RegistrationCollisionConnection, {
    description: "The caller's tenant's deal-registration collisions, oldest first, narrowed by integration and status",
  })
  registrationCollisions(
    @Args(() => ListRegistrationCollisionsArgs) args: ListRegistrationCollisionsArgs,
    @Ctx() context: SubgraphContext,
  ): Promise<Connection<RegistrationCollisionNode>> {
    return this.registrations.list(context.caller.tenantId, args);
  }

  @Mutation(() => RegistrationCollision, {
    description:
      'Decides a HELD registration collision (tenant admins): APPROVE lets the held deal sync, MERGE folds it into the first deal, REJECT deletes it',
  })
  decideRegistrationCollision(
    @Arg('input', () => DecideRegistrationCollisionInput) input: DecideRegistrationCollisionInput,
    @Ctx() context: SubgraphContext,
  ): Promise<RegistrationCollisionNode> {
    return this.registrations.decide(context.caller, input, context.correlationId);
  }

  @FieldResolver(() => Deal, { nullable: true, description: 'The later, held deal; null once merged or rejected (it was deleted)' })
  heldDeal(@Root() collision: RegistrationCollisionNode, @Ctx() context: SubgraphContext): Promise<PortalRecordNode<DealEntity> | null> {
    return portalRecordLoader(context, this.records, dealKind).load(collision.heldDealId);
  }

  @FieldResolver(() => Deal, { nullable: true, description: 'The earlier deal; null if it was deleted since' })
  firstDeal(@Root() collision: RegistrationCollisionNode, @Ctx() context: SubgraphContext): Promise<PortalRecordNode<DealEntity> | null> {
    return portalRecordLoader(context, this.records, dealKind).load(collision.firstDealId);
  }
}

/** `Deal.registrationCollision`: the collision holding (or that held) the deal, batched per request. */
@Injectable()
@Resolver(() => Deal)
export class DealRegistrationCollisionResolver {
  constructor(private readonly registrations: DealRegistrationService) {}

  @FieldResolver(() => RegistrationCollision, {
    nullable: true,
    description: 'The registration collision this deal was held for, if it was (HELD while it waits for a tenant admin)',
  })
  registrationCollision(
    @Root() deal: PortalRecordNode<DealEntity>,
    @Ctx() context: SubgraphContext,
  ): Promise<RegistrationCollisionNode | null> {
    return context.loaders
      .loader<string, RegistrationCollisionNode | null>('RegistrationCollision-by-held-deal', async (dealIds) =>
        alignRowsToKeys(
          dealIds,
          (await this.registrations.holding(context.caller.tenantId, dealIds)).map(withIntegration),
          (row) => row.heldDealId,
        ),
      )
      .load(deal.id);
  }
}
