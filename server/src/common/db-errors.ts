import { QueryFailedError } from 'typeorm';

/**
 * What a database error means, on either database. TypeORM wraps driver errors in
 * QueryFailedError with the driver's own error as `driverError`; errors thrown by the driver
 * outside a query (a commit, a connection) arrive bare. Both shapes are read here.
 */
interface DriverError {
  code?: string;
  errno?: number;
}

function driverError(err: unknown): DriverError | undefined {
  if (err == null || typeof err !== 'object') return undefined;
  return err instanceof QueryFailedError ? (err as QueryFailedError & { driverError?: DriverError }).driverError : (err as DriverError);
}

/** A duplicate key (MariaDB/MySQL ER_DUP_ENTRY 1062, SQLite UNIQUE constraint). */
export function isUniqueViolation(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const d = driverError(err);
  return d?.code === 'ER_DUP_ENTRY' || d?.errno === 1062 || d?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(err.message);
}

/**
 * The database gave up on this transaction because of other transactions, not because of
 * anything wrong in it: a deadlock victim (MySQL 1213, rolled back whole), a lock-wait timeout
 * (1205) or SQLite's busy/locked. Running the whole transaction again is safe and usually works.
 */
export function isLockContention(err: unknown): boolean {
  const d = driverError(err);
  if (!d) return false;
  return (
    d.code === 'ER_LOCK_DEADLOCK' ||
    d.errno === 1213 ||
    d.code === 'ER_LOCK_WAIT_TIMEOUT' ||
    d.errno === 1205 ||
    d.code === 'SQLITE_BUSY' ||
    d.code === 'SQLITE_LOCKED' ||
    (typeof d.code === 'string' && d.code.startsWith('SQLITE_BUSY'))
  );
}

/** Driver codes of a database that cannot be reached or went away mid-request (MariaDB/MySQL through mysql2). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_CONNECTION_KILLED',
]);
/** errno: 1040 too many connections, 1053 shutdown in progress, 1927 connection killed, 2006 gone away, 2013 lost during query. */
const UNAVAILABLE_ERRNOS = new Set([1040, 1053, 1927, 2006, 2013]);

/**
 * The database is down, restarting or dropped the connection: not the request's fault, and worth
 * trying again in a few seconds (answered 503 with Retry-After, never 500).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const d = driverError(err);
  if (!d) return false;
  if ((d.code && UNAVAILABLE_CODES.has(d.code)) || (d.errno && UNAVAILABLE_ERRNOS.has(d.errno))) return true;
  const message = (err as Error).message ?? '';
  return /Connection lost|connection is in closed state|Pool is closed|Can't add new command when connection is in closed state/i.test(message);
}
