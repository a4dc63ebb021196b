import type { DataSource, EntityManager } from 'typeorm';
import { isDatabaseUnavailable, isLockContention } from '../common/db-errors';
import { busy, databaseUnavailable } from '../common/errors';

/** How many times a transaction is run in all before the request is answered 503. */
export const TRANSACTION_TRIES = 4;

/**
 * The one place where a write transaction is run. `fn` gets the transaction's manager and must
 * use only it. When the database gives the transaction up because of other transactions (a
 * deadlock victim, a lock-wait timeout, SQLite busy) the whole of `fn` runs again, up to
 * TRANSACTION_TRIES times, after a short random pause so that the two sides of a deadlock do not
 * meet again in step. If it still cannot get through, the caller gets a 503 with Retry-After
 * (the request was fine and nothing of it was kept), never a 500.
 *
 * A connection lost while `fn` runs (before COMMIT was sent: nothing of it can have been kept)
 * is retried once on a fresh connection; lost at COMMIT, the outcome is unknown and the caller
 * is told so (503) rather than risk doing it twice.
 *
 * Because `fn` may run more than once, it must not change anything outside the database before
 * it returns (collect results in its return value, not in outer variables it appends to).
 */
export async function inTransaction<T>(db: DataSource, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  let reconnected = false;
  for (let attempt = 1; ; attempt++) {
    let committing = false;
    try {
      const result = await db.transaction(async (m) => {
        const value = await fn(m);
        committing = true;
        return value;
      });
      bumpWriteGeneration(db);
      return result;
    } catch (err) {
      if (committing) bumpWriteGeneration(db); // lost at COMMIT: it may have been kept
      if (isDatabaseUnavailable(err)) {
        if (committing) throw databaseUnavailable('数据库连接刚刚中断，您的操作可能没有保存：请稍后刷新页面确认，再决定是否重新提交');
        if (reconnected) throw databaseUnavailable();
        reconnected = true;
        await pause(3);
        continue;
      }
      if (!isLockContention(err)) throw err;
      if (attempt >= TRANSACTION_TRIES) throw busy('当前办理的人较多，请稍等几秒后再提交一次', 2);
      await pause(attempt);
    }
  }
}

const generations = new WeakMap<DataSource, number>();
const listeners = new WeakMap<DataSource, Set<() => void>>();

/**
 * How many write transactions have committed (or may have) on `db` in this process: the
 * public-read cache (common/public-cache.ts) keeps an answer only while this has not moved.
 */
export const writeGeneration = (db: DataSource): number => generations.get(db) ?? 0;

/** After each commit here: moves the generation and tells the listeners (onWriteCommitted). */
function bumpWriteGeneration(db: DataSource): void {
  noteWriteElsewhere(db);
  listeners.get(db)?.forEach((fn) => fn());
}

/** Another instance committed on the same database (redis/shared-writes.ts): moves the generation, tells no one. */
export function noteWriteElsewhere(db: DataSource): void {
  generations.set(db, writeGeneration(db) + 1);
}

/** Calls `fn` after each write this process commits on `db`; answers the function that stops it. */
export function onWriteCommitted(db: DataSource, fn: () => void): () => void {
  const set = listeners.get(db) ?? new Set();
  listeners.set(db, set.add(fn));
  return () => set.delete(fn);
}

/** 10–40 ms, then 20–80 ms, …: enough for the winner of the race to commit. */
function pause(attempt: number): Promise<void> {
  const ms = 10 * 2 ** (attempt - 1) * (1 + Math.random() * 3);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
