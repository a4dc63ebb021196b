import { QueryFailedError } from 'typeorm';

/** Fen as a person reads it: 123456 → "1234.56 元". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} 元`;
}

const BEIJING_MS = 8 * 3600_000;

/** The Beijing-time calendar date (YYYY-MM-DD) of an instant. */
export const beijingDate = (d: Date): string => new Date(d.getTime() + BEIJING_MS).toISOString().slice(0, 10);

/** The last `n` Beijing-time months up to and including the one of `now`, oldest first: ['2026-01', …]. */
export function lastMonths(now: Date, n: number): string[] {
  const b = new Date(now.getTime() + BEIJING_MS);
  let y = b.getUTCFullYear();
  let m = b.getUTCMonth() + 1;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.unshift(`${y}-${String(m).padStart(2, '0')}`);
    if (--m === 0) {
      m = 12;
      y--;
    }
  }
  return out;
}

/** A duplicate key on either database (MariaDB ER_DUP_ENTRY, SQLite UNIQUE constraint). */
export function isUniqueViolation(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driver = (err as QueryFailedError & { driverError?: { code?: string; errno?: number } }).driverError;
  return driver?.code === 'ER_DUP_ENTRY' || driver?.errno === 1062 || /UNIQUE constraint failed/.test(err.message) || driver?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Long runs of digits look like phone or ID numbers: kept out of text that is shown publicly. */
export const looksLikePersonalNumber = (text: string): boolean => /\d{7,}/.test(text.replace(/[\s-]/g, ''));
