import { Column, Entity, Index } from 'typeorm';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * One Zoho exchange sync made for an integration in debug mode, as `summarizeExchange` keeps it:
 * no token, no headers, no host, bodies shaped, cut and redacted. `createdAt` is when it happened.
 */
@Entity({ name: 'sync_debug_entries' })
@Index('IDX_sync_debug_entries_tenant_integration_created', ['tenantId', 'integrationId', 'createdAt', 'id'])
export class SyncDebugEntryEntity extends TenantScopedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'text' })
  operation: string;

  @Column({ type: 'text' })
  method: string;

  @Column({ type: 'text' })
  path: string;

  /** The query parameters as redacted JSON. */
  @Column({ type: 'text' })
  query: string;

  /** Null when no answer came (network error, time-out). */
  @Column({ type: 'integer', nullable: true })
  status: number | null;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs: number;

  @Column({ name: 'zoho_error_code', type: 'text', nullable: true })
  zohoErrorCode: string | null;

  @Column({ type: 'integer' })
  credits: number;

  @Column({ name: 'request_body', type: 'text', nullable: true })
  requestBody: string | null;

  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody: string | null;
}
