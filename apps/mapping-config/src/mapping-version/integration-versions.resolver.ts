import { Injectable } from '@nestjs/common';
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { PageArgs, type Connection, type SubgraphContext } from '@crm-bridge/subgraph';
import { Integration } from '../integration/integration.type';
import { MappingVersionService } from './mapping-version.service';
import { MappingVersion, MappingVersionConnection } from './mapping-version.type';

/**
 * `Integration.versions`, kept in this feature so the integration feature does not depend on
 * mapping versions (and the two Nest modules do not import each other).
 */
@Injectable()
@Resolver(() => Integration)
export class IntegrationVersionsResolver {
  constructor(private readonly versionService: MappingVersionService) {}

  @FieldResolver(() => MappingVersionConnection, { description: 'Saved mapping versions, oldest first' })
  versions(
    @Root() integration: Integration,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() context: SubgraphContext,
  ): Promise<Connection<MappingVersion>> {
    return this.versionService.listForIntegration(context.caller.tenantId, integration.id, args);
  }
}
