import { Column, Entity, Index } from 'typeorm';
import type { MappingDefinition } from '@crm-bridge/sync-domain';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * The mapping sync applies for one integration: a copy of the newest version mapping-config
 * published, taken from the `mapping.published` event (sync-engine never reads mapping-config's
 * tables). One row per integration, replaced only by a higher version.
 */
@Entity({ name: 'active_mappings' })
@Index('UQ_active_mappings_integration', ['integrationId'], { unique: true })
export class ActiveMappingEntity extends TenantScopedEntity {
  /** mapping-config's integration; another service's row, so no foreign key. */
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ name: 'mapping_version_id', type: 'uuid' })
  mappingVersionId: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  definition: MappingDefinition;

  @Column({ name: 'published_by_user_id', type: 'text' })
  publishedByUserId: string;

  /** When mapping-config published it (the event's `occurredAt`). */
  @Column({ name: 'published_at', type: 'timestamptz', precision: 3 })
  publishedAt: Date;
}
