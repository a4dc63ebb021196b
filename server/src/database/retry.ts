import { QueryFailedError } from 'typeorm';

/** MariaDB/MySQL chose this transaction as a deadlock victim (errno 1213): safe to run again from the start. */
export function isDeadlock(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driver = (err as QueryFailedError & { driverError?: { code?: string; errno?: number } }).driverError;
  return driver?.code === 'ER_LOCK_DEADLOCK' || driver?.errno === 1213;
}

/** Runs a whole transaction again (up to `tries` times) when the database rolled it back as a deadlock victim. */
export async function retryOnDeadlock<T>(fn: () => Promise<T>, tries = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= tries || !isDeadlock(err)) throw err;
    }
  }
}
