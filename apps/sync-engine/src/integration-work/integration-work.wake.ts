import type { TenantScopedTransaction } from '@crm-bridge/persistence';
import { IntegrationWorkEntity } from './integration-work.entity';

/**
 * Marks the integrations as having work due at `at` (default now), inside the caller's transaction,
 * so the wake commits exactly when the change that needs the work does. An earlier due time already
 * set is kept; the row is created for an integration seen for the first time.
 */
export async function wakeIntegrations(tx: TenantScopedTransaction, integrationIds: readonly string[], at?: Date): Promise<void> {
  if (integrationIds.length === 0) {
    return;
  }
  const repository = tx.repository(IntegrationWorkEntity);
  const table = repository.metadata.tablePath;
  await repository.query(
    `INSERT INTO ${table} (tenant_id, integration_id, next_work_at, wake_count)
     SELECT $1, unnest($2::uuid[]), coalesce($3::timestamptz, now()), 1
     ON CONFLICT (integration_id) DO UPDATE
       SET next_work_at = least(${table}.next_work_at, excluded.next_work_at),
           wake_count = ${table}.wake_count + 1,
           updated_at = now()
       WHERE ${table}.tenant_id = excluded.tenant_id`,
    [tx.tenantId, integrationIds, at ?? null],
  );
}
