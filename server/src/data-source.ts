import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from './config/app-config';
import { Clock } from './common/clock';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './database/migrations';
import { SnakeNamingStrategy } from './database/naming';
import { serializeSqliteAccess } from './database/sqlite-serializer';
import { TimestampsSubscriber } from './database/timestamps.subscriber';

export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
  } as const;
  if (db.kind === 'sqlite') {
    return { ...common, type: 'better-sqlite3', database: db.file, enableWAL: true, timeout: 5000 };
  }
  return {
    ...common,
    type: db.kind,
    url: db.url,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    // mysql2 otherwise captures a stack trace on every query, for errors that we log with their
    // SQL code and message anyway: 3–4 % of the CPU of a public read (#15, node --cpu-prof).
    trace: false,
    extra: { connectionLimit: 20 },
  };
}

/**
 * Opens the database: creates the SQLite file's folder, wires the clock into timestamps,
 * serializes SQLite access (see sqlite-serializer.ts) and, if asked, runs the migrations.
 */
export async function openDataSource(
  db: DatabaseConfig,
  opts: { clock?: Clock; migrate?: boolean } = {},
): Promise<DataSource> {
  if (db.kind === 'sqlite') mkdirSync(dirname(db.file), { recursive: true });
  const ds = new DataSource(dataSourceOptions(db));
  await ds.initialize();
  // After initialize(): it rebuilds the subscriber list from the options.
  ds.subscribers.push(new TimestampsSubscriber(opts.clock ?? new Clock()));
  if (db.kind === 'sqlite') serializeSqliteAccess(ds);
  if (opts.migrate) await migrateOnce(ds, db);
  return ds;
}

/**
 * Runs the pending migrations. On MariaDB/MySQL several instances starting together (a rolling
 * deploy that forgot to migrate first) take turns under a named lock per database (GET_LOCK, held by one
 * connection for as long as the migrations run): the first migrates, the others find nothing left.
 */
async function migrateOnce(ds: DataSource, db: DatabaseConfig): Promise<void> {
  if (db.kind === 'sqlite') {
    await ds.runMigrations({ transaction: 'each' });
    return;
  }
  const lock = ds.createQueryRunner();
  try {
    const [row] = await lock.query("SELECT GET_LOCK(LEFT(CONCAT('wushe_migrations:', DATABASE()), 64), 300) AS got");
    if (Number(row?.got) !== 1) throw new Error('could not take the migration lock within 5 minutes');
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query("SELECT RELEASE_LOCK(LEFT(CONCAT('wushe_migrations:', DATABASE()), 64))").catch(() => undefined);
    await lock.release();
  }
}
