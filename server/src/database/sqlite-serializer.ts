import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * TypeORM's SQLite drivers share one connection for everything. Two transactions that await
 * inside themselves then interleave on it: the second BEGIN becomes a SAVEPOINT of the first,
 * and one request's ROLLBACK undoes another request's committed rows (STACK.md measured lost
 * sign-ups answered 201). On the embedded database we therefore run one transaction at a time:
 *
 *  - `manager.transaction(...)` (and `dataSource.transaction`, which calls it) holds a mutex
 *    for the whole transaction;
 *  - any query issued outside a transaction waits for the mutex too, so it neither lands
 *    inside someone else's transaction nor reads their uncommitted rows;
 *  - code already inside a transaction (tracked with AsyncLocalStorage) passes straight through,
 *    so nested transactions become savepoints as usual.
 *
 * better-sqlite3 is synchronous and fast; the cost is that slow work inside a transaction
 * (a network call) would stall everyone, so keep such work outside transactions.
 */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  async run<T>(fn: () => Promise<T>): Promise<T> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const previous = this.tail;
    this.tail = previous.then(() => next);
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

const INSTALLED = Symbol('sqlite-serializer');

export function serializeSqliteAccess(dataSource: DataSource): void {
  const ds = dataSource as DataSource & { [INSTALLED]?: true };
  if (ds[INSTALLED]) return;
  ds[INSTALLED] = true;

  const mutex = new Mutex();
  const inside = new AsyncLocalStorage<true>();
  const locked = <T>(fn: () => Promise<T>): Promise<T> =>
    inside.getStore() ? fn() : mutex.run(() => inside.run(true, fn));

  const manager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  manager.transaction = ((...args: unknown[]) => locked(() => transaction(...args))) as typeof manager.transaction;

  // The driver hands out one shared query runner; guard its query method.
  const runner: QueryRunner = dataSource.driver.createQueryRunner('master');
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  runner.query = ((...args: unknown[]) => locked(() => query(...args))) as typeof runner.query;
}
