import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent } from '@crm-bridge/contracts';
import type { MappingDefinition } from '@crm-bridge/sync-domain';
import { TenantScopedRepository, TransactionalOutbox } from '@crm-bridge/persistence';
import { IntegrationEntity } from '../integration/integration.entity';
import { MappingVersionEntity } from './mapping-version.entity';

/** A mapping to publish, already validated. */
export interface NewMappingVersion {
  readonly integrationId: string;
  readonly definition: MappingDefinition;
  readonly comment: string | null;
  readonly authorUserId: string;
  readonly correlationId: string;
}

@Injectable()
export class MappingVersionRepository extends TenantScopedRepository<MappingVersionEntity> {
  constructor(dataSource: DataSource, outbox: TransactionalOutbox) {
    super(dataSource, MappingVersionEntity, outbox);
  }

  /**
   * Stores the integration's next version as published, makes it the integration's published
   * version and publishes `mapping.published` with the definition — one transaction. The
   * integration row is locked first, so two publishes of one integration take consecutive numbers
   * (and their events leave in that order). Null when the tenant has no such integration.
   */
  publish(tenantId: string, input: NewMappingVersion): Promise<MappingVersionEntity | null> {
    return this.transaction(tenantId, async (tx) => {
      const integration = await tx.lock(IntegrationEntity, input.integrationId);
      if (!integration) {
        return null;
      }
      const latest = await tx.repository(MappingVersionEntity).maximum('version', { tenantId, integrationId: integration.id });
      const version = await tx.insert(MappingVersionEntity, {
        integrationId: integration.id,
        version: (latest ?? 0) + 1,
        publishedAt: new Date(),
        authorUserId: input.authorUserId,
        definition: input.definition,
        comment: input.comment,
      });
      integration.publishedVersion = version.version;
      await tx.save(IntegrationEntity, integration);
      await tx.publish([
        createEvent('mapping.published', {
          source: 'mapping-config',
          tenantId,
          integrationId: integration.id,
          subject: version.id,
          correlationId: input.correlationId,
          data: {
            mappingVersionId: version.id,
            version: version.version,
            publishedByUserId: input.authorUserId,
            definition: input.definition,
          },
        }),
      ]);
      return version;
    });
  }
}
