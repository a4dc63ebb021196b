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

  it('runs alone by default: photos in the local folder, no Redis', () => {
    const config = loadConfig(PROD_OK);
    expect(config.storage).toEqual({ kind: 'local' });
    expect(config.redis).toBeNull();
  });

  it('reads Redis and S3-compatible storage for several instances', () => {
    const config = loadConfig({
      ...PROD_OK,
      REDIS_URL: 'redis://:secret@10.0.0.5:6379/2',
      STORAGE: 's3',
      S3_ENDPOINT: 'https://cos.ap-chongqing.myqcloud.com',
      S3_REGION: 'ap-chongqing',
      S3_BUCKET: 'wushe-1250000000',
      S3_ACCESS_KEY_ID: 'AKID',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'false',
      S3_PREFIX: 'qijiang',
    });
    expect(config.redis).toEqual({ url: 'redis://:secret@10.0.0.5:6379/2', keyPrefix: 'wushe:' });
    expect(config.storage).toEqual({
      kind: 's3',
      endpoint: 'https://cos.ap-chongqing.myqcloud.com',
      region: 'ap-chongqing',
      bucket: 'wushe-1250000000',
      accessKeyId: 'AKID',
      secretAccessKey: 'secret',
      forcePathStyle: false,
      prefix: 'qijiang/',
    });
    // MinIO and most self-hosted servers want the bucket in the path: the default.
    expect(loadConfig({ STORAGE: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' }).storage).toMatchObject({ forcePathStyle: true, endpoint: null, region: 'us-east-1', prefix: '' });
  });

  it('refuses S3 storage without a bucket or keys, a bad endpoint, an unknown STORAGE or a bad REDIS_URL, saying which', () => {
    expect(problemsOf({ STORAGE: 's3' })).toEqual(['STORAGE=s3 需要设置 S3_BUCKET、S3_ACCESS_KEY_ID、S3_SECRET_ACCESS_KEY']);
    expect(problemsOf({ STORAGE: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's', S3_ENDPOINT: 'cos.example.com' }).join('\n')).toContain('S3_ENDPOINT 应为 http:// 或 https://');
    expect(problemsOf({ STORAGE: 'nfs' })).toEqual(['STORAGE 应为 local 或 s3，实际为 "nfs"']);
    expect(problemsOf({ REDIS_URL: 'http://127.0.0.1:6379' }).join('\n')).toContain('REDIS_URL 应为 redis:// 或 rediss://');
    expect(problemsOf({ REDIS_URL: 'redis://127.0.0.1', REDIS_KEY_PREFIX: 'has space' }).join('\n')).toContain('REDIS_KEY_PREFIX');
  });
});

describe('redactNumbers (log lines)', () => {
  it('masks mobile and ID numbers in anything that reaches a log line', () => {
    expect(redactText('call 13812345678 now')).toBe('call 138****5678 now');
    expect(redactText('id 110101199003071234')).toBe('id 110101********1234');
    expect(redactText('order 2026112212')).toBe('order 2026112212');
  });
});
