import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { MappingDefinition } from '@crm-bridge/sync-domain';
import { TenantScopedEntity } from '@crm-bridge/persistence';
import { IntegrationEntity } from '../integration/integration.entity';

/**
 * One saved mapping of an integration. Every save writes a new row and never changes an old one,
 * so a sync run can always name the exact mapping it used.
 */
@Entity({ name: 'mapping_versions' })
@Index('IDX_mapping_versions_integration_created', ['tenantId', 'integrationId', 'createdAt', 'id'])
@Index('UQ_mapping_versions_integration_version', ['integrationId', 'version'], { unique: true })
export class MappingVersionEntity extends TenantScopedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  // Declared for the foreign key only; reads go through the tenant-scoped integration loader.
  @ManyToOne(() => IntegrationEntity)
  @JoinColumn({ name: 'integration_id' })
  integration?: IntegrationEntity;

  /** 1, 2, 3… per integration. */
  @Column({ type: 'integer' })
  version: number;

  /** When this version became the integration's published one; null for drafts never published. */
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'author_user_id', type: 'text' })
  authorUserId: string;

  /** Pipelines, stage maps and field maps, validated against `mappingDefinitionSchema` before it is stored. */
  @Column({ type: 'jsonb' })
  definition: MappingDefinition;

  @Column({ type: 'text', nullable: true })
  comment: string | null;
}
