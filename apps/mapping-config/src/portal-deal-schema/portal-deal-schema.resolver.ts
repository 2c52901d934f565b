import { Injectable } from '@nestjs/common';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@crm-bridge/subgraph';
import { PortalDealSchemaService } from './portal-deal-schema.service';
import { PortalDealSchema } from './portal-deal-schema.type';
import { SetPortalDealPhasesInput } from './dto/set-portal-deal-phases.input';
import { SetPortalDealFieldsInput } from './dto/set-portal-deal-fields.input';

@Injectable()
@Resolver(() => PortalDealSchema)
export class PortalDealSchemaResolver {
  constructor(private readonly schemaService: PortalDealSchemaService) {}

  @Query(() => PortalDealSchema, { description: "The caller's tenant's deal phases and deal fields" })
  portalDealSchema(@Ctx() context: SubgraphContext): Promise<PortalDealSchema> {
    return this.schemaService.get(context.caller.tenantId);
  }

  @Mutation(() => PortalDealSchema, { description: "Replaces the tenant's deal phases (tenant admins only)" })
  setPortalDealPhases(
    @Arg('input', () => SetPortalDealPhasesInput) input: SetPortalDealPhasesInput,
    @Ctx() context: SubgraphContext,
  ): Promise<PortalDealSchema> {
    return this.schemaService.setPhases(context.caller, input, context.correlationId);
  }

  @Mutation(() => PortalDealSchema, { description: "Replaces the tenant's custom deal fields (tenant admins only)" })
  setPortalDealFields(
    @Arg('input', () => SetPortalDealFieldsInput) input: SetPortalDealFieldsInput,
    @Ctx() context: SubgraphContext,
  ): Promise<PortalDealSchema> {
    return this.schemaService.setCustomFields(context.caller, input, context.correlationId);
  }
}
