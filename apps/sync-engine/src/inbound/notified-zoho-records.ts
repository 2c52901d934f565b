import type { RecordModule } from '@crm-bridge/contracts';
import type { TenantScopedTransaction } from '@crm-bridge/persistence';
import { wakeIntegrations } from '../integration-work/integration-work.wake';
import { NotifiedZohoRecordEntity } from './notified-zoho-record.entity';

/** Zoho records a notification named, as the notification said them. */
export interface NotifiedRecords {
  readonly integrationId: string;
  readonly module: RecordModule;
  readonly zohoRecordIds: readonly string[];
  readonly deleted: boolean;
  readonly notifiedAt: Date;
}

/**
 * Queues the named records for inbound sync and wakes the integration, in the caller's
 * transaction. A record already queued keeps one row, with the newest notification's time and
 * deletion flag; one waiting to be retried after a failure is due now again, its failures
 * forgotten (Zoho changed it, so the cause may be gone).
 */
export async function queueNotifiedRecords(tx: TenantScopedTransaction, notified: NotifiedRecords): Promise<void> {
  if (notified.zohoRecordIds.length === 0) {
    return;
  }
  const repository = tx.repository(NotifiedZohoRecordEntity);
  const table = repository.metadata.tablePath;
  await repository.query(
    `INSERT INTO ${table} (tenant_id, integration_id, module, zoho_record_id, deleted, notified_at)
     SELECT $1, $2, $3, unnest($4::text[]), $5, $6
     ON CONFLICT (integration_id, module, zoho_record_id) DO UPDATE
       SET deleted = excluded.deleted, attempts = 0, retry_at = NULL, failed_modified_at = NULL,
         notified_at = greatest(${table}.notified_at, excluded.notified_at), updated_at = now()
       WHERE ${table}.tenant_id = excluded.tenant_id`,
    [tx.tenantId, notified.integrationId, notified.module, notified.zohoRecordIds, notified.deleted, notified.notifiedAt],
  );
  await wakeIntegrations(tx, [notified.integrationId]);
}
