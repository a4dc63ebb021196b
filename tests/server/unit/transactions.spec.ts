import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { QueryFailedError } from 'typeorm';
import { isLockContention, isUniqueViolation } from '../../../server/src/common/db-errors';
import { AllErrorsFilter } from '../../../server/src/common/error.filter';
import { busy } from '../../../server/src/common/errors';

const SRC = join(__dirname, '../../../server/src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const queryError = (driverError: Record<string, unknown>, message = 'failed') => new QueryFailedError('SELECT 1', [], Object.assign(new Error(message), driverError));

describe('write transactions', () => {
  it('are all run through inTransaction (database/transaction.ts), which retries on lock contention', () => {
    const allowed = new Set(['database/transaction.ts', 'database/sqlite-serializer.ts']);
    const offenders = sources(SRC)
      .map((path) => relative(SRC, path))
      .filter((rel) => !allowed.has(rel) && /\.transaction\(/.test(readFileSync(join(SRC, rel), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe(isLockContention.name, () => {
  it.each([
    ['MariaDB deadlock victim', { code: 'ER_LOCK_DEADLOCK', errno: 1213 }],
    ['MariaDB lock-wait timeout', { code: 'ER_LOCK_WAIT_TIMEOUT', errno: 1205 }],
    ['SQLite busy', { code: 'SQLITE_BUSY' }],
    ['SQLite busy snapshot', { code: 'SQLITE_BUSY_SNAPSHOT' }],
    ['SQLite locked', { code: 'SQLITE_LOCKED' }],
  ])('%s is contention, wrapped or bare', (_, driver) => {
    expect(isLockContention(queryError(driver))).toBe(true);
    expect(isLockContention(Object.assign(new Error('x'), driver))).toBe(true);
  });

  it.each([
    ['a duplicate key', { code: 'ER_DUP_ENTRY', errno: 1062 }],
    ['a syntax error', { code: 'ER_PARSE_ERROR', errno: 1064 }],
    ['a foreign key', { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }],
  ])('%s is not', (_, driver) => {
    expect(isLockContention(queryError(driver))).toBe(false);
  });
  it('nor is anything that is not a database error', () => {
    expect(isLockContention(new Error('boom'))).toBe(false);
    expect(isLockContention(undefined)).toBe(false);
    expect(isLockContention('ER_LOCK_DEADLOCK')).toBe(false);
  });
});

describe(isUniqueViolation.name, () => {
  it('knows both databases', () => {
    expect(isUniqueViolation(queryError({ code: 'ER_DUP_ENTRY', errno: 1062 }))).toBe(true);
    expect(isUniqueViolation(queryError({ code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBe(true);
    expect(isUniqueViolation(queryError({ code: 'SQLITE_CONSTRAINT' }, 'UNIQUE constraint failed: user.openid'))).toBe(true);
  });
  it('and nothing else', () => {
    expect(isUniqueViolation(queryError({ code: 'ER_LOCK_DEADLOCK', errno: 1213 }))).toBe(false);
    expect(isUniqueViolation(queryError({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }, 'FOREIGN KEY constraint failed'))).toBe(false);
    expect(isUniqueViolation(Object.assign(new Error('dup'), { code: 'ER_DUP_ENTRY' }))).toBe(false);
  });
});

describe('a transaction that cannot get through', () => {
  it('is answered 503 in the error shape with Retry-After', () => {
    const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
    const reply = {
      header(name: string, value: string) {
        sent.headers[name] = value;
        return reply;
      },
      status(code: number) {
        sent.status = code;
        return reply;
      },
      send(body: unknown) {
        sent.body = body;
        return reply;
      },
    };
    const host = { switchToHttp: () => ({ getRequest: () => ({ id: 'req-1', routeOptions: {} }), getResponse: () => reply }) };
    new AllErrorsFilter().catch(busy('当前办理的人较多，请稍等几秒后再提交一次', 2), host as never);
    expect(sent).toEqual({
      status: 503,
      headers: { 'retry-after': '2' },
      body: { error: { code: 'SERVICE_UNAVAILABLE', message: '当前办理的人较多，请稍等几秒后再提交一次', requestId: 'req-1' } },
    });
  });
});
