import { Column, Entity, Index } from 'typeorm';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * When an integration next has sync work, and which sync-engine instance holds it now. Every
 * instance's worker claims due rows with a lease, so one integration is worked by exactly one
 * instance at a time (ADR 0009); a crashed instance's lease runs out and another takes over.
 */
@Entity({ name: 'integration_work' })
@Index('UQ_integration_work_integration', ['integrationId'], { unique: true })
@Index('IDX_integration_work_next_work_at', ['nextWorkAt'])
export class IntegrationWorkEntity extends TenantScopedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  /** The earliest time a work step has something due; null when nothing is. */
  @Column({ name: 'next_work_at', type: 'timestamptz', precision: 3, nullable: true })
  nextWorkAt: Date | null;

  /**
   * Grows with every wake. The worker compares it when it releases the lease: a wake that came in
   * while it worked is kept, not overwritten by the due time the worker computed.
   */
  @Column({ name: 'wake_count', type: 'bigint', default: 0 })
  wakeCount: string;

  /** The instance working the integration now; null when none is. */
  @Column({ name: 'lease_owner', type: 'text', nullable: true })
  leaseOwner: string | null;

  @Column({ name: 'lease_expires_at', type: 'timestamptz', precision: 3, nullable: true })
  leaseExpiresAt: Date | null;
}
