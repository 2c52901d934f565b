import { Column, Entity, Index } from 'typeorm';
import type { PortalWriteOperation } from '@crm-bridge/contracts';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * A portal's deal request that was applied, by the portal's own request id: the same request
 * published again (a retry of the portal's producer gets a new event id, which `processed_events`
 * cannot recognise) writes nothing. Refused requests are not kept, so the portal may send a
 * corrected request under the same id.
 */
@Entity({ name: 'deal_intake_requests' })
@Index('UQ_deal_intake_requests_request', ['tenantId', 'integrationId', 'requestId'], { unique: true })
export class DealIntakeRequestEntity extends TenantScopedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  /** The portal's idempotency key, unique per integration of the tenant. */
  @Column({ name: 'request_id', type: 'text' })
  requestId: string;

  @Column({ type: 'text' })
  operation: PortalWriteOperation;

  /** The deal the request created, updated or deleted (no foreign key: a deleted deal's request is still remembered). */
  @Column({ name: 'deal_id', type: 'uuid' })
  dealId: string;

  /** The `portal-deal.submitted` event that carried it first. */
  @Column({ name: 'submitted_event_id', type: 'uuid' })
  submittedEventId: string;
}
