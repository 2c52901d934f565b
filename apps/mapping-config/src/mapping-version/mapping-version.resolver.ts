import { Injectable } from '@nestjs/common';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '@crm-bridge/subgraph';
import { IntegrationService } from '../integration/integration.service';
import { Integration } from '../integration/integration.type';
import { integrationLoader } from '../integration/integration.loader';
import { MappingVersionService } from './mapping-version.service';
import { MappingVersion } from './mapping-version.type';
import { MappingChangeType } from './mapping-definition.type';
import { mappingVersionLoader } from './mapping-version.loader';
import { PublishMappingVersionInput } from './dto/publish-mapping-version.input';
import { PublishMappingVersionPayload } from './dto/publish-mapping-version.payload';

@Injectable()
@Resolver(() => MappingVersion)
export class MappingVersionResolver {
  constructor(
    private readonly versionService: MappingVersionService,
    private readonly integrationService: IntegrationService,
  ) {}

  @Query(() => MappingVersion, { nullable: true })
  mappingVersion(@Arg('id', () => ID) id: string, @Ctx() context: SubgraphContext): Promise<MappingVersion | null> {
    return mappingVersionLoader(context, this.versionService).load(id);
  }

  @Query(() => [MappingChangeType], {
    description: "What changed between two versions of one integration's mapping (from → to)",
  })
  async mappingVersionDiff(
    @Arg('from', () => ID) from: string,
    @Arg('to', () => ID) to: string,
    @Ctx() context: SubgraphContext,
  ): Promise<MappingChangeType[]> {
    const loader = mappingVersionLoader(context, this.versionService);
    const [fromVersion, toVersion] = await Promise.all([loader.load(from), loader.load(to)]);
    return this.versionService.diff(fromVersion, toVersion, { from, to }).map((change) => ({
      path: change.path,
      kind: change.kind,
      before: change.before === undefined ? null : JSON.stringify(change.before),
      after: change.after === undefined ? null : JSON.stringify(change.after),
    }));
  }

  @Mutation(() => PublishMappingVersionPayload, {
    description:
      "Publishes a mapping as the integration's next version and makes sync use it (tenant admins only); " +
      'a mapping with errors is not stored, and every problem is returned at once',
  })
  publishMappingVersion(
    @Arg('input', () => PublishMappingVersionInput) input: PublishMappingVersionInput,
    @Ctx() context: SubgraphContext,
  ): Promise<PublishMappingVersionPayload> {
    return this.versionService.publish(context.caller, input, context.correlationId);
  }

  @FieldResolver(() => Integration)
  async integration(@Root() version: MappingVersion, @Ctx() context: SubgraphContext): Promise<Integration> {
    const integration = await integrationLoader(context, this.integrationService).load(version.integrationId);
    // The foreign key guarantees the row exists; missing here means it belongs to another tenant,
    // which only a broken write path could produce. Fail loudly instead of leaking or hiding it.
    if (!integration) {
      throw new Error(`mapping version ${version.id} refers to integration ${version.integrationId} outside its tenant`);
    }
    return integration;
  }
}
