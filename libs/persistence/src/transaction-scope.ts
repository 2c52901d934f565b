import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

const openTransaction = new AsyncLocalStorage<EntityManager>();

/**
 * Runs `work` in a transaction of `dataSource`, or in the one already open around this call.
 *
 * Joining is what lets an event consumer record "event applied" (`processed_events`) and the
 * effect a repository writes in one commit, without the consumer or the service ever holding an
 * EntityManager: the consumer opens the transaction, and the repository's own `transaction()`
 * joins it. Outside a consumer, a repository's transaction is simply its own.
 */
export function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const current = openTransaction.getStore();
  if (current && current.connection === dataSource && current.queryRunner?.isTransactionActive) {
    return work(current);
  }
  return dataSource.transaction((manager) => openTransaction.run(manager, () => work(manager)));
}
