import type {
  DataSource,
  DeepPartial,
  EntityManager,
  EntityTarget,
  EntitySubscriberInterface,
  FindOptionsWhere,
  ObjectLiteral,
  Repository,
} from 'typeorm';
import type { CrmBridgeEvent } from '@crm-bridge/contracts';
import type { TenantScopedEntity } from './tenant-scoped.entity';
import { TenantScopedReader } from './tenant-scoped.reader';
import { inTransaction } from './transaction-scope';
import type { TransactionalOutbox } from './transactional-outbox';

const AFTER_COMMIT = Symbol('crm-bridge:after-commit');
/** The data sources whose commits run their transactions' `afterCommit` callbacks. */
const runningAfterCommit = new WeakSet<DataSource>();

/** Runs a committed transaction's callbacks once, and forgets a rolled-back one's. */
function runAfterCommitOn(dataSource: DataSource): void {
  if (runningAfterCommit.has(dataSource)) {
    return;
  }
  runningAfterCommit.add(dataSource);
  const subscriber: EntitySubscriberInterface = {
    afterTransactionCommit: ({ queryRunner }) => {
      const callbacks = (queryRunner.data as Record<symbol, (() => void)[] | undefined>)[AFTER_COMMIT] ?? [];
      delete (queryRunner.data as Record<symbol, unknown>)[AFTER_COMMIT];
      for (const callback of callbacks) {
        callback();
      }
    },
    afterTransactionRollback: ({ queryRunner }) => {
      delete (queryRunner.data as Record<symbol, unknown>)[AFTER_COMMIT];
    },
  };
  dataSource.subscribers.push(subscriber);
}

/**
 * One tenant's writes inside one transaction: every row it reads, locks, inserts or updates
 * belongs to `tenantId`, and every event it publishes is that tenant's. The events reach Kafka
 * through the outbox only if the transaction commits.
 */
export class TenantScopedTransaction {
  constructor(
    readonly tenantId: string,
    private readonly manager: EntityManager,
    private readonly outbox: TransactionalOutbox | undefined,
  ) {}

  /**
   * Runs `callback` once this transaction has committed — the outermost one when it joined an
   * event consumer's — and never if it rolls back: e.g. to wake a worker for the rows just written,
   * which it could not see before the commit. The callback must not throw; its work is its own.
   */
  afterCommit(callback: () => void): void {
    const queryRunner = this.manager.queryRunner;
    if (!queryRunner?.isTransactionActive) {
      throw new Error('afterCommit needs an open transaction');
    }
    runAfterCommitOn(queryRunner.connection);
    const data = queryRunner.data as Record<symbol, (() => void)[] | undefined>;
    (data[AFTER_COMMIT] ??= []).push(callback);
  }

  /** The row with this id, locked until commit (`FOR UPDATE`); null if it is not the tenant's. */
  lock<TEntity extends TenantScopedEntity & ObjectLiteral>(entity: EntityTarget<TEntity>, id: string): Promise<TEntity | null> {
    return this.lockOneBy(entity, { id } as FindOptionsWhere<TEntity>);
  }

  /**
   * The tenant's row matching `where`, locked until commit (`FOR UPDATE`), or null if the tenant
   * has none: the read-then-insert-or-update of a row identified by a unique column, e.g.
   * `tx.lockOneBy(ActiveMappingEntity, { integrationId })`. A second transaction locking the same
   * row waits until this one ends. `where` should name a unique key (with the tenant), because
   * only the first match is locked.
   *
   * The transaction adds its own tenant: `where` has no `tenantId`, and one forced in anyway is
   * overridden, so another tenant's row is never returned. A `where` value of `undefined` or
   * `null` is refused, because TypeORM would silently drop that condition and lock some other row
   * of the tenant (use `IsNull()` to match a NULL column).
   */
  async lockOneBy<TEntity extends TenantScopedEntity & ObjectLiteral>(
    entity: EntityTarget<TEntity>,
    where: Omit<FindOptionsWhere<TEntity>, 'tenantId'>,
  ): Promise<TEntity | null> {
    const missing = Object.entries(where).find(([, value]) => value === undefined || value === null);
    if (missing) {
      throw new Error(`lockOneBy: the condition on ${missing[0]} is ${String(missing[1])}, which TypeORM would ignore`);
    }
    return this.manager.getRepository(entity).findOne({
      where: { ...where, tenantId: this.tenantId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Inserts one row of the tenant and returns it as stored (generated id and timestamps included). */
  async insert<TEntity extends TenantScopedEntity & ObjectLiteral>(
    entity: EntityTarget<TEntity>,
    values: Omit<DeepPartial<TEntity>, 'tenantId' | 'id' | 'createdAt' | 'updatedAt'>,
  ): Promise<TEntity> {
    const repository = this.manager.getRepository(entity);
    return repository.save(repository.create({ ...values, tenantId: this.tenantId } as DeepPartial<TEntity>));
  }

  /** Saves changes to a row this transaction read (e.g. with {@link lock} or {@link lockOneBy}); refuses another tenant's row. */
  async save<TEntity extends TenantScopedEntity & ObjectLiteral>(entity: EntityTarget<TEntity>, row: TEntity): Promise<TEntity> {
    if (row.tenantId !== this.tenantId) {
      throw new Error(`refusing to save a row of tenant ${row.tenantId} in a transaction of tenant ${this.tenantId}`);
    }
    return this.manager.getRepository(entity).save(row);
  }

  /**
   * The TypeORM repository of `entity` in this transaction, for queries the methods above do not
   * cover. Such a query must filter by `tenant_id` itself.
   */
  repository<TEntity extends ObjectLiteral>(entity: EntityTarget<TEntity>): Repository<TEntity> {
    return this.manager.getRepository(entity);
  }

  /** Adds events to the outbox in this transaction. An event of another tenant is a bug and is refused. */
  async publish(events: readonly CrmBridgeEvent[]): Promise<void> {
    if (!this.outbox) {
      throw new Error('this repository was built without a TransactionalOutbox, so it cannot publish events');
    }
    const foreign = events.find((event) => event.tenantId !== this.tenantId);
    if (foreign) {
      throw new Error(`refusing to publish ${foreign.type} of tenant ${foreign.tenantId} in a transaction of tenant ${this.tenantId}`);
    }
    await this.outbox.append(this.manager, events);
  }
}

/**
 * The base of every repository: the tenant-scoped reads of {@link TenantScopedReader}, and
 * {@link transaction} for writes. The repository owns its transactions; services call one
 * repository method per change and never see an EntityManager; an event describing the change is
 * published inside the same transaction (the transactional outbox).
 *
 * @example
 *   @Injectable()
 *   export class MappingVersionRepository extends TenantScopedRepository<MappingVersionEntity> {
 *     constructor(dataSource: DataSource, outbox: TransactionalOutbox) {
 *       super(dataSource, MappingVersionEntity, outbox);
 *     }
 *
 *     publish(tenantId: string, input: NewVersion): Promise<MappingVersionEntity> {
 *       return this.transaction(tenantId, async (tx) => {
 *         const integration = await tx.lock(IntegrationEntity, input.integrationId);
 *         const version = await tx.insert(MappingVersionEntity, { ... });
 *         await tx.publish([createEvent('mapping.published', { ... })]);
 *         return version;
 *       });
 *     }
 *   }
 */
export class TenantScopedRepository<TEntity extends TenantScopedEntity & ObjectLiteral> extends TenantScopedReader<TEntity> {
  constructor(
    private readonly dataSource: DataSource,
    entity: EntityTarget<TEntity>,
    private readonly outbox?: TransactionalOutbox,
  ) {
    super(dataSource.getRepository(entity));
  }

  /**
   * Runs `work` as one transaction of `tenantId`: all of it commits, or none of it. Inside an event
   * consumer's transaction it joins that transaction (see `inTransaction`).
   */
  protected transaction<TResult>(tenantId: string, work: (tx: TenantScopedTransaction) => Promise<TResult>): Promise<TResult> {
    return inTransaction(this.dataSource, (manager) => work(new TenantScopedTransaction(tenantId, manager, this.outbox)));
  }
}
