import { Column, Entity, Index } from 'typeorm';
import type { PortalCustomDealField, PortalDealPhase } from '@crm-bridge/contracts';
import type { FieldMapping, OutboundStage } from '@crm-bridge/sync-domain';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * What conflict-resolver checks a reviewer's own value against, per integration, copied from
 * mapping-config's events (it never reads mapping-config's tables): from the active mapping
 * (`mapping.published`) its field mappings with their value maps and the portal phases it sends to
 * Zoho; from the portal deal schema (`portal-deal-schema.changed`) the custom fields' types and
 * options and the tenant's phases. Each half is replaced only by a higher version or revision.
 */
@Entity({ name: 'integration_field_rules' })
@Index('UQ_integration_field_rules_integration', ['integrationId'], { unique: true })
export class IntegrationFieldRulesEntity extends TenantScopedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  /** The active mapping's version; null until one was published. */
  @Column({ name: 'mapping_version', type: 'integer', nullable: true })
  mappingVersion: number | null;

  @Column({ name: 'field_mappings', type: 'jsonb' })
  fieldMappings: FieldMapping[];

  /** Every pipeline's portal phase → Zoho stage entries: a phase Zoho takes is one of these. */
  @Column({ name: 'outbound_stages', type: 'jsonb' })
  outboundStages: OutboundStage[];

  /** The portal deal schema's revision; null until one was published. */
  @Column({ name: 'schema_revision', type: 'integer', nullable: true })
  schemaRevision: number | null;

  @Column({ type: 'jsonb' })
  phases: PortalDealPhase[];

  @Column({ name: 'custom_fields', type: 'jsonb' })
  customFields: PortalCustomDealField[];
}
