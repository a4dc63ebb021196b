import type { DataSource, EntityManager, EntityTarget } from 'typeorm';

/**
 * Helpers for rows from raw SQL, which differ by driver: MariaDB returns COUNT/SUM as strings
 * and datetimes as Date; SQLite returns numbers and UTC datetime strings without a zone.
 */
export function toDate(raw: unknown): Date {
  if (raw instanceof Date) return raw;
  const s = String(raw);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
}

export const toIso = (raw: unknown): string => toDate(raw).toISOString();

export const toNum = (raw: unknown): number => Number(raw ?? 0);

export const toNumOrNull = (raw: unknown): number | null => (raw == null ? null : Number(raw));

/** A boolean column: 1/0 from both drivers (TINYINT on MariaDB, INTEGER on SQLite). */
export const toBool = (raw: unknown): boolean => raw === true || Number(raw) === 1;

/** A time as a raw-SQL parameter: mysql2 binds Date; SQLite stores TypeORM's UTC text form. */
export function sqlTime(db: DataSource | EntityManager, d: Date): Date | string {
  const type = 'connection' in db ? db.connection.options.type : db.options.type;
  return type === 'better-sqlite3' ? d.toISOString().replace('T', ' ').replace('Z', '') : d;
}

/** SQL for the Beijing month (YYYY-MM) of a UTC datetime column, in the dialect of `db`. */
export function beijingMonthSql(db: DataSource | EntityManager, column: string): string {
  const type = 'connection' in db ? db.connection.options.type : db.options.type;
  return type === 'better-sqlite3' ? `strftime('%Y-%m', ${column}, '+8 hours')` : `DATE_FORMAT(DATE_ADD(${column}, INTERVAL 8 HOUR), '%Y-%m')`;
}

/** SQL for the hours (fractional) from datetime `a` to datetime `b`, in the dialect of `db`. */
export function hoursBetweenSql(db: DataSource | EntityManager, a: string, b: string): string {
  const type = 'connection' in db ? db.connection.options.type : db.options.type;
  return type === 'better-sqlite3' ? `((julianday(${b}) - julianday(${a})) * 24.0)` : `(TIMESTAMPDIFF(MICROSECOND, ${a}, ${b}) / 3600000000.0)`;
}

/** SQL for the floor of a non-negative number (SQLite has no FLOOR without its math extension). */
export function floorSql(db: DataSource | EntityManager, x: string): string {
  const type = 'connection' in db ? db.connection.options.type : db.options.type;
  return type === 'better-sqlite3' ? `CAST(${x} AS INTEGER)` : `FLOOR(${x})`;
}

/**
 * An index hint after a table (MariaDB/MySQL FORCE INDEX), where the optimizer would otherwise
 * choose a plan that reads rows it need not; SQLite plans these small queries well without one.
 */
export function forceIndexSql(db: DataSource | EntityManager, index: string): string {
  const type = 'connection' in db ? db.connection.options.type : db.options.type;
  return type === 'better-sqlite3' ? '' : `FORCE INDEX (${index})`;
}

/** Rows per INSERT statement in insertRows (SQLite binds at most 32,766 values in one). */
const INSERT_CHUNK = 500;

/**
 * Many rows of `entity` with one multi-row INSERT per INSERT_CHUNK rows, written directly: for a
 * batch of hundreds (a flash crowd's sign-ups, #15) TypeORM's InsertQueryBuilder spends most of
 * its time naming and copying one parameter per value. Each value is converted as TypeORM would
 * convert it for the driver (`preparePersistentValue`: dates, booleans); the columns are those
 * of the first row, so every row must give the same ones, timestamps included (no subscriber
 * runs here). `ignore`: a row whose unique key already exists is skipped, not an error.
 */
export async function insertRows<T extends object>(m: EntityManager, entity: EntityTarget<T>, rows: ReadonlyArray<Partial<T>>, opts: { ignore?: boolean } = {}): Promise<void> {
  if (!rows.length) return;
  const meta = m.connection.getMetadata(entity);
  const driver = m.connection.driver;
  const columns = meta.columns.filter((c) => c.propertyName in rows[0]);
  const ignore = opts.ignore ? (m.connection.options.type === 'better-sqlite3' ? 'OR IGNORE ' : 'IGNORE ') : '';
  const head = `INSERT ${ignore}INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const params = chunk.flatMap((r) => columns.map((c) => driver.preparePersistentValue((r as Record<string, unknown>)[c.propertyName], c)));
    await m.query(head + chunk.map(() => tuple).join(', '), params);
  }
}
