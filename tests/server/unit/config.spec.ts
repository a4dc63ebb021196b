import { ConfigError, DEV_JWT_SECRET, loadConfig } from '../../../server/src/config/app-config';
import { redactNumbers as redactText } from '../../../server/src/contract/redact';

const PROD_OK = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-real-secret-that-is-long-enough-0123456789',
  WECHAT_APPID: 'wx1234567890abcdef',
  WECHAT_SECRET: 'real-secret',
  WECHAT_PUSH_TOKEN: 'real-push-token',
  DATA_KEY: '11'.repeat(32),
  DATABASE_URL: 'mariadb://u:p@127.0.0.1:3306/wushe',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe(loadConfig.name, () => {
  it('accepts a complete production configuration', () => {
    const config = loadConfig(PROD_OK);
    expect(config.mode).toBe('production');
    expect(config.devLogin).toBe(false);
    expect(config.wechat.fake).toBe(false);
    expect(config.database).toEqual({ kind: 'mariadb', url: PROD_OK.DATABASE_URL });
  });

  it('refuses to start in production with the default JWT secret or without one', () => {
    expect(problemsOf({ ...PROD_OK, JWT_SECRET: DEV_JWT_SECRET })).toEqual([expect.stringContaining('JWT_SECRET')]);
    const { JWT_SECRET: _omit, ...noSecret } = PROD_OK;
    expect(problemsOf(noSecret)).toEqual([expect.stringContaining('JWT_SECRET')]);
  });

  it('refuses production without WeChat credentials or the data key', () => {
    const { WECHAT_APPID: _a, WECHAT_SECRET: _s, DATA_KEY: _k, ...rest } = PROD_OK;
    const problems = problemsOf(rest);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('WECHAT_APPID'), expect.stringContaining('DATA_KEY')]));
  });

  it('can never enable the development login, the fake WeChat server or demo data in production', () => {
    const problems = problemsOf({ ...PROD_OK, DEV_LOGIN: 'true', WECHAT_FAKE: 'true', SEED_DEMO: 'true' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/DEV_LOGIN[\s\S]*WECHAT_FAKE|WECHAT_FAKE[\s\S]*DEV_LOGIN/);
  });

  it('can never enable the time-travel endpoint in production, and has it off unless asked', () => {
    expect(problemsOf({ ...PROD_OK, DEV_CLOCK: 'true' })).toEqual([expect.stringContaining('DEV_CLOCK')]);
    expect(loadConfig({}).devClock).toBe(false);
    expect(loadConfig({ DEV_CLOCK: 'true' }).devClock).toBe(true);
  });

  it('reports every problem at once, in Chinese, naming the variable', () => {
    const problems = problemsOf({ PORT: 'eighty', DEV_LOGIN: 'maybe', DATABASE_URL: 'postgres://x/y' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toContain('PORT');
    expect(problems.join('\n')).toContain('DEV_LOGIN');
    expect(problems.join('\n')).toContain('postgres');
  });

  it('defaults to the embedded database under data/ in development', () => {
    const config = loadConfig({});
    expect(config.database.kind).toBe('sqlite');
    expect(config.devLogin).toBe(false); // only explicit configuration turns it on
  });
});

describe('redactNumbers (log lines)', () => {
  it('masks mobile and ID numbers in anything that reaches a log line', () => {
    expect(redactText('call 13812345678 now')).toBe('call 138****5678 now');
    expect(redactText('id 110101199003071234')).toBe('id 110101********1234');
    expect(redactText('order 2026112212')).toBe('order 2026112212');
  });
});
