import { Column, Entity, Index } from 'typeorm';
import type { RegistrationCollisionStatus } from '@crm-bridge/contracts';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * A deal registration held because another partner registered a deal for the same account with a
 * similar name shortly before (libs/sync-domain `registrationCollision`). The held deal is on the
 * portal (syncStatus HELD) but not written to Zoho until a tenant admin decides. Deal ids are kept
 * after a merge or rejection deletes the held deal (no foreign keys: the audit outlives the deal).
 */
@Entity({ name: 'registration_collisions' })
@Index('UQ_registration_collisions_held_deal', ['heldDealId'], { unique: true })
@Index('IDX_registration_collisions_tenant_created', ['tenantId', 'createdAt', 'id'])
export class RegistrationCollisionEntity extends TenantScopedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  /** The later registration, held. */
  @Column({ name: 'held_deal_id', type: 'uuid' })
  heldDealId: string;

  /** Its name when it was held, so a decided collision still says what was registered. */
  @Column({ name: 'held_deal_name', type: 'text' })
  heldDealName: string;

  /** The earlier registration it collides with. */
  @Column({ name: 'first_deal_id', type: 'uuid' })
  firstDealId: string;

  /** How alike the two names are, 0..1 (`dealNameSimilarity`). */
  @Column({ type: 'double precision' })
  similarity: number;

  @Column({ type: 'text', default: 'HELD' })
  status: RegistrationCollisionStatus;

  /** The user id of the tenant admin who decided; null while HELD. */
  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', precision: 3, nullable: true })
  decidedAt: Date | null;

  /** Why the admin decided so, as they wrote it. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;
}
