import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Column, Entity, Index, type DataSource } from 'typeorm';
import { createTestDatabase, eventually, type TestDatabase } from '@crm-bridge/testing';
import { openServiceDatabase } from './service-database';
import { inTransaction } from './transaction-scope';
import { TenantScopedEntity } from './tenant-scoped.entity';
import { TenantScopedRepository, type TenantScopedTransaction } from './tenant-scoped.repository';

/** A tenant's row identified by a unique name, as integration ids identify most rows of the services. */
@Entity({ name: 'named_counters' })
@Index('UQ_named_counters_name', ['tenantId', 'name'], { unique: true })
class NamedCounterEntity extends TenantScopedEntity {
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'integer' })
  value: number;
}

/** Exposes the protected `transaction` so each test writes its own transaction body. */
class NamedCounterRepository extends TenantScopedRepository<NamedCounterEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, NamedCounterEntity);
  }

  run<TResult>(tenantId: string, work: (tx: TenantScopedTransaction) => Promise<TResult>): Promise<TResult> {
    return this.transaction(tenantId, work);
  }
}

/** A promise and the function that resolves it: a transaction holds its lock until the test releases it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('TenantScopedTransaction: lockOneBy and afterCommit', () => {
  const tenantA = `tenant-a-${randomUUID()}`;
  const tenantB = `tenant-b-${randomUUID()}`;
  let database: TestDatabase;
  let dataSource: DataSource;
  let counters: NamedCounterRepository;

  before(async () => {
    database = await createTestDatabase();
    dataSource = await openServiceDatabase(
      { schema: 'persistence_lock_test', entities: [NamedCounterEntity], migrations: [] },
      database.url,
    );
    // A table of this test only, in its own throwaway database: no service migration describes it.
    await dataSource.synchronize();
    counters = new NamedCounterRepository(dataSource);
    await dataSource.getRepository(NamedCounterEntity).insert([
      { tenantId: tenantA, name: 'shared', value: 0 },
      { tenantId: tenantA, name: 'other', value: 0 },
      { tenantId: tenantB, name: 'shared', value: 100 },
      { tenantId: tenantB, name: 'only-b', value: 100 },
    ]);
  });

  after(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  /** Backends of this test database waiting for a row lock. */
  async function lockWaiters(): Promise<number> {
    const [{ count }] = await dataSource.query<[{ count: number }]>(
      `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return count;
  }

  test('finds the tenant row by a unique column, and null when the tenant has none', async () => {
    const found = await counters.run(tenantA, (tx) => tx.lockOneBy(NamedCounterEntity, { name: 'other' }));
    assert.equal(found?.tenantId, tenantA);
    assert.equal(found?.name, 'other');
    assert.equal(await counters.run(tenantA, (tx) => tx.lockOneBy(NamedCounterEntity, { name: 'missing' })), null);
  });

  test("a second transaction locking the same row waits until the first commits, then reads the first's write", async () => {
    const release = gate();
    const locked = gate();
    const first = counters.run(tenantA, async (tx) => {
      const row = await tx.lockOneBy(NamedCounterEntity, { name: 'shared' });
      assert.ok(row);
      locked.open();
      await release.opened;
      row.value += 1;
      return tx.save(NamedCounterEntity, row);
    });
    await locked.opened;

    let secondSettled = false;
    const second = counters
      .run(tenantA, (tx) => tx.lockOneBy(NamedCounterEntity, { name: 'shared' }))
      .finally(() => (secondSettled = true));
    await eventually(async () => assert.equal(await lockWaiters(), 1));
    assert.equal(secondSettled, false);

    // The lock is the row's: tenant B's row of the same name and tenant A's other row are free.
    const [ofTenantB, otherOfTenantA] = await Promise.all([
      counters.run(tenantB, (tx) => tx.lockOneBy(NamedCounterEntity, { name: 'shared' })),
      counters.run(tenantA, (tx) => tx.lockOneBy(NamedCounterEntity, { name: 'other' })),
    ]);
    assert.equal(ofTenantB?.value, 100);
    assert.equal(otherOfTenantA?.name, 'other');
    assert.equal(secondSettled, false);

    release.open();
    assert.equal((await first).value, 1);
    assert.equal((await second)?.value, 1);
  });

  test("another tenant's row is never found, even by a where that names its tenantId", async () => {
    const [byName, byForcedTenant, sharedByForcedTenant] = await counters.run(tenantA, async (tx) => [
      await tx.lockOneBy(NamedCounterEntity, { name: 'only-b' }),
      // The type leaves tenantId out; a caller that forces it in gets the transaction's tenant anyway.
      await tx.lockOneBy(NamedCounterEntity, { name: 'only-b', tenantId: tenantB } as { name: string }),
      await tx.lockOneBy(NamedCounterEntity, { name: 'shared', tenantId: tenantB } as { name: string }),
    ]);
    assert.equal(byName, null);
    assert.equal(byForcedTenant, null);
    assert.equal(sharedByForcedTenant?.tenantId, tenantA);
  });

  test('a condition of undefined or null is refused instead of being dropped, which would lock any row of the tenant', async () => {
    const maybeName: string | undefined = undefined;
    await assert.rejects(
      counters.run(tenantA, (tx) => tx.lockOneBy(NamedCounterEntity, { name: maybeName })),
      /condition on name is undefined/,
    );
    await assert.rejects(
      counters.run(tenantA, (tx) => tx.lockOneBy(NamedCounterEntity, { name: null as unknown as string })),
      /condition on name is null/,
    );
  });

  test('afterCommit runs once the transaction has committed, when its write is visible to others, and never after a rollback', async () => {
    const seen: number[] = [];
    const readByOthers = async () =>
      (await dataSource.getRepository(NamedCounterEntity).findOneByOrFail({ tenantId: tenantA, name: 'other' })).value;
    await counters.run(tenantA, async (tx) => {
      const row = (await tx.lockOneBy(NamedCounterEntity, { name: 'other' }))!;
      await tx.save(NamedCounterEntity, { ...row, value: 7 });
      tx.afterCommit(() => void readByOthers().then((value) => seen.push(value)));
      assert.deepEqual(seen, [], 'not before the commit');
    });
    await eventually(() => assert.deepEqual(seen, [7]));

    await assert.rejects(
      counters.run(tenantA, async (tx) => {
        const row = (await tx.lockOneBy(NamedCounterEntity, { name: 'other' }))!;
        await tx.save(NamedCounterEntity, { ...row, value: 8 });
        tx.afterCommit(() => seen.push(-1));
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    // The next commits (on pooled connections, one of them the rolled-back one's) do not run it.
    for (let commit = 0; commit < 3; commit += 1) {
      await counters.run(tenantA, async (tx) => void (await tx.lockOneBy(NamedCounterEntity, { name: 'other' })));
    }
    assert.deepEqual(seen, [7]);
    assert.equal(await readByOthers(), 7);
  });

  test('afterCommit inside a joined transaction waits for the outermost commit, and runs once', async () => {
    let calls = 0;
    let callsBeforeOuterCommit = -1;
    await inTransaction(dataSource, async () => {
      await counters.run(tenantA, (tx) => Promise.resolve(tx.afterCommit(() => (calls += 1))));
      await counters.run(tenantA, async (tx) => void (await tx.lockOneBy(NamedCounterEntity, { name: 'shared' })));
      callsBeforeOuterCommit = calls;
    });
    assert.equal(callsBeforeOuterCommit, 0, 'the joined repository transaction did not commit on its own');
    assert.equal(calls, 1);
  });
});
