import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntegrationWorkEntity } from './integration-work.entity';

/** An integration this instance holds the lease of. */
export interface ClaimedIntegration {
  readonly tenantId: string;
  readonly integrationId: string;
  /** The wake count when claimed: a wake after it survives the release. */
  readonly wakeCount: string;
}

/**
 * The leases of `integration_work`. Claiming is across tenants by design: the worker serves every
 * tenant; what it does for each integration then runs scoped to that integration's tenant.
 */
@Injectable()
export class IntegrationLeaseRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims up to `limit` integrations whose work is due and whose lease is free or ran out, for
   * `owner`. Rows another instance is claiming at this moment are skipped, not waited for.
   */
  async claimDue(owner: string, leaseMs: number, limit: number): Promise<ClaimedIntegration[]> {
    const table = this.table();
    // TypeORM answers an UPDATE with [returned rows, affected count].
    const [rows]: [{ tenant_id: string; integration_id: string; wake_count: string }[], number] = await this.dataSource.query(
      `UPDATE ${table} AS work
          SET lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2::double precision / 1000)
        WHERE work.id IN (
          SELECT id FROM ${table}
           WHERE next_work_at <= now() AND (lease_expires_at IS NULL OR lease_expires_at < now())
           ORDER BY next_work_at
           LIMIT $3
           FOR UPDATE SKIP LOCKED)
        RETURNING work.tenant_id, work.integration_id, work.wake_count::text AS wake_count`,
      [owner, leaseMs, limit],
    );
    return rows.map((row) => ({ tenantId: row.tenant_id, integrationId: row.integration_id, wakeCount: row.wake_count }));
  }

  /** Extends `owner`'s lease; false when it is no longer `owner`'s (it ran out and another instance claimed it). */
  async renew(owner: string, integrationId: string, leaseMs: number): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE ${this.table()} SET lease_expires_at = now() + make_interval(secs => $3::double precision / 1000)
        WHERE integration_id = $1 AND lease_owner = $2`,
      [integrationId, owner, leaseMs],
    );
    return affected === 1;
  }

  /**
   * Frees `owner`'s lease and sets when work is next due; a wake that arrived while the owner worked
   * keeps its (earlier) due time.
   */
  async release(owner: string, claimed: ClaimedIntegration, nextWorkAt: Date | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.table()}
          SET lease_owner = NULL, lease_expires_at = NULL, updated_at = now(),
              next_work_at = CASE WHEN wake_count = $3::bigint THEN $4::timestamptz ELSE least($4::timestamptz, next_work_at) END
        WHERE integration_id = $1 AND lease_owner = $2`,
      [claimed.integrationId, owner, claimed.wakeCount, nextWorkAt],
    );
  }

  private table(): string {
    return this.dataSource.getMetadata(IntegrationWorkEntity).tablePath;
  }
}
