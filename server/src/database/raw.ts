import type { DataSource, EntityManager } from 'typeorm';

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
