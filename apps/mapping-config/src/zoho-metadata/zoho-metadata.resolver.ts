import { Injectable } from '@nestjs/common';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@crm-bridge/subgraph';
import { ZohoMetadataService } from './zoho-metadata.service';
import { ZohoMetadata } from './zoho-metadata.type';

@Injectable()
@Resolver()
export class ZohoMetadataResolver {
  constructor(private readonly metadata: ZohoMetadataService) {}

  @Query(() => ZohoMetadata, {
    description:
      "The Zoho org of an integration's connection: modules, Deals layouts, pipelines with their stages, and Deals fields " +
      '(read live, then reused for a few minutes)',
  })
  zohoMetadata(@Arg('integrationId', () => ID) integrationId: string, @Ctx() context: SubgraphContext): Promise<ZohoMetadata> {
    return this.metadata.read(context.caller, integrationId, 'integrationId');
  }

  @Mutation(() => ZohoMetadata, {
    description:
      "Reads an integration's Zoho metadata again now, e.g. after a field or picklist value was added in Zoho (tenant admins only)",
  })
  refreshZohoMetadata(@Arg('integrationId', () => ID) integrationId: string, @Ctx() context: SubgraphContext): Promise<ZohoMetadata> {
    return this.metadata.refresh(context.caller, integrationId, 'integrationId');
  }
}
