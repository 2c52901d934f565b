import { Column, Entity, Index } from 'typeorm';
import { TenantScopedEntity } from '@crm-bridge/persistence';
import type { ApiKeyRight } from '@crm-bridge/contracts';

/**
 * A partner system's API key for one tenant. The key itself is shown once, at creation; only
 * the SHA-256 of its secret is stored (see `hashApiKeySecret`), so a database reader cannot
 * call the API with it.
 */
@Entity({ name: 'api_keys' })
@Index('IX_api_keys_tenant_created', ['tenantId', 'createdAt', 'id'])
export class ApiKeyEntity extends TenantScopedEntity {
  /** What the admin called it, e.g. the partner system it was made for. */
  @Column({ name: 'name', type: 'text' })
  name: string;

  @Column({ name: 'rights', type: 'text', array: true })
  rights: ApiKeyRight[];

  /** hex SHA-256 of the key's secret part. */
  @Column({ name: 'secret_hash', type: 'text' })
  secretHash: string;

  /** The admin (user id) who created it. */
  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  /** Last accepted at the gateway, to the minute: written at most once a minute per key. */
  @Column({ name: 'last_used_at', type: 'timestamptz', precision: 3, nullable: true })
  lastUsedAt: Date | null;

  /** Set once; a revoked key is refused from then on. */
  @Column({ name: 'revoked_at', type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_by', type: 'text', nullable: true })
  revokedBy: string | null;
}
