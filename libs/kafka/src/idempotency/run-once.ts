import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '@crm-bridge/persistence';
import { ProcessedEventEntity } from './processed-event.entity';

export type RunOnceOutcome<T> = { readonly applied: true; readonly result: T } | { readonly applied: false };

/**
 * Applies an event's effect at most once per consumer: in one transaction, records
 * `(consumer, eventId)` in `processed_events` (`ON CONFLICT DO NOTHING`) and, only if that row is
 * new, runs `effect` with the transaction's EntityManager; repositories the effect calls join the
 * same transaction (`inTransaction`). A redelivery finds the row and is
 * skipped; an effect that throws rolls the row back, so a retry applies it again. A concurrent
 * duplicate waits on the first one's uncommitted row and then skips.
 *
 * @example
 *   handler: (event) => runOnce(dataSource, 'sync-engine.mappings', event, (manager) => applyMapping(manager, event)).then(() => undefined)
 */
export async function runOnce<T>(
  dataSource: DataSource,
  consumer: string,
  event: { readonly eventId: string },
  effect: (manager: EntityManager) => Promise<T>,
): Promise<RunOnceOutcome<T>> {
  const table = dataSource.getMetadata(ProcessedEventEntity);
  const tableName = table.schema ? `"${table.schema}"."${table.tableName}"` : `"${table.tableName}"`;
  return inTransaction(dataSource, async (manager): Promise<RunOnceOutcome<T>> => {
    const inserted = await manager.query<unknown[]>(
      `INSERT INTO ${tableName} (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
      [consumer, event.eventId],
    );
    if (inserted.length === 0) {
      return { applied: false };
    }
    return { applied: true, result: await effect(manager) };
  });
}
