import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';

/**
 * Configuration, read once from the environment and checked before anything starts.
 * `loadConfig` collects every problem and throws them together, so an operator fixes
 * a bad deployment in one pass. Nothing secret has a usable default in production.
 */

export type RunMode = 'production' | 'development' | 'test';

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string }
  | { kind: 'mysql' | 'mariadb'; url: string };

export interface AppConfig {
  mode: RunMode;
  host: string;
  port: number;
  /**
   * Where people reach this deployment (PUBLIC_BASE_URL, e.g. https://wushe.example.cn): the
   * H5 build is served at `/`, so links printed on paper (a certificate's QR code and its
   * verification address) are built from it. Default http://localhost:<PORT>.
   */
  publicBaseUrl: string;
  trustProxy: boolean;
  database: DatabaseConfig;
  migrateOnStart: boolean;
  seedDemo: boolean;
  jwt: { secret: string; expiresInSeconds: number };
  /** 32-byte key material for personal data at rest (phone numbers, session keys). */
  dataKey: Buffer;
  wechat: {
    appId: string;
    appSecret: string;
    /** Base URL of WeChat's server API; a loopback fake in tests and the demo. */
    apiBase: string;
    /** Start the fake WeChat server in-process and point `apiBase` at it. */
    fake: boolean;
    timeoutMs: number;
    /** The token of the 消息推送 (message push) configuration: signs what WeChat posts to /api/wechat/push. */
    pushToken: string;
  };
  /** The development login (H5 demo, local use). Never on in production. */
  devLogin: boolean;
  /**
   * The time-travel endpoint (POST /api/dev/clock) for browser tests of flows that span hours or
   * days (an activity's end, a voting window). Off unless DEV_CLOCK=true; never in production.
   */
  devClock: boolean;
  /** Directory of the H5 build served at `/`; null serves no front end. */
  h5Dir: string | null;
  throttle: { loginPerMinute: number; defaultPerMinute: number };
  /** Photos: stored under `dir` with random names; larger files are refused. */
  uploads: { dir: string; maxBytes: number };
  /** Where photos are kept (STORAGE): the local folder `uploads.dir` (one server), or an S3-compatible bucket (several). */
  storage: StorageConfig;
  /**
   * Redis (REDIS_URL), for what several server instances must share: the rate limiter's
   * counters. Null: one instance, everything in the process as before. Keys start with `keyPrefix`.
   */
  redis: { url: string; keyPrefix: string } | null;
  /** A need marked done and left unrated this many days is closed as closed_no_feedback. */
  needs: {
    feedbackDays: number;
    /** Hours to accept (or answer) a need by urgency, for 响应率 (NEED_RESPONSE_HOURS_CRITICAL / _URGENT / _NORMAL). */
    responseHours: { critical: number; urgent: number; normal: number };
    /** Days an accepted need may go without a step on its timeline before it turns yellow (twice: red) (NEED_PROGRESS_DAYS). */
    progressDays: number;
  };
  notifications: {
    /** Subscribe-message template ids (订阅消息模板) by key; null disables that message. */
    templates: { needStatus: string | null; activityReminder?: string | null; fundApproval?: string | null; urgentNeed?: string | null };
    /** A subscribe message that failed this many times is given up. */
    maxAttempts: number;
    /** How often the server runs its background jobs (outbox dispatch, unrated-need sweep). */
    jobIntervalSeconds: number;
  };
  /** Community fund and micro-wishes (charity resources). */
  charity: {
    /** An allocation above this many fen also needs a street-level approval (FUND_STREET_APPROVAL_FEN). */
    fundStreetApprovalFen: number;
    /** A wish claim not delivered within this many days is released (WISH_CLAIM_DAYS). */
    wishClaimDays: number;
  };
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Public reads shared for this many seconds and never past a write (PUBLIC_CACHE_SECONDS; 0 = off). */
  publicCacheSeconds: number;
}

export type StorageConfig =
  | { kind: 'local' }
  | {
      kind: 's3';
      /** S3_ENDPOINT: MinIO, Tencent COS, Aliyun OSS (S3 mode) …; null is AWS itself. */
      endpoint: string | null;
      region: string;
      bucket: string;
      accessKeyId: string;
      secretAccessKey: string;
      /** bucket in the path (MinIO, s3rver) rather than the host name (COS, OSS want virtual-hosted). */
      forcePathStyle: boolean;
      /** Key prefix inside the bucket (S3_PREFIX), e.g. `wushe/`; '' for none. */
      prefix: string;
    };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置有误，服务未启动：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Defaults that exist only for development and tests; production refuses them. */
export const DEV_JWT_SECRET = 'dev-only-jwt-secret-do-not-use-in-production';
/** The message-push token outside production (the fake WeChat server signs with it). */
export const DEV_WECHAT_PUSH_TOKEN = 'dev-wechat-push-token';
const DEV_DATA_KEY = createHash('sha256').update('dev-only-data-key').digest();
export const FAKE_WECHAT_APPID = 'wx0000000000fake0';
export const FAKE_WECHAT_SECRET = 'fake-wechat-app-secret';
/** Template id used outside production when WECHAT_TEMPLATE_NEED_STATUS is not set. */
export const DEV_TEMPLATE_NEED_STATUS = 'dev-template-need-status';
/** Template id used outside production when WECHAT_TEMPLATE_ACTIVITY_REMINDER is not set (volunteer activity reminders). */
export const DEV_TEMPLATE_ACTIVITY_REMINDER = 'dev-template-activity-reminder';
/** Template id used outside production when WECHAT_TEMPLATE_FUND_APPROVAL is not set (a spending waits for approval). */
export const DEV_TEMPLATE_FUND_APPROVAL = 'dev-template-fund-approval';
/** Template id used outside production when WECHAT_TEMPLATE_URGENT_NEED is not set (a 紧急 need was reported). */
export const DEV_TEMPLATE_URGENT_NEED = 'dev-template-urgent-need';

type Env = Record<string, string | undefined>;

function flag(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  problems.push(`${name} 应为 true 或 false，实际为 "${raw}"`);
  return fallback;
}

function int(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} 应为 ${min}–${max} 之间的整数，实际为 "${raw}"`);
    return fallback;
  }
  return n;
}

export function parseDatabaseUrl(raw: string | undefined, dataDir: string, problems: string[]): DatabaseConfig {
  if (!raw) return { kind: 'sqlite', file: resolve(dataDir, 'wushe.sqlite') };
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!file) problems.push('DATABASE_URL 的 sqlite: 后应写数据库文件路径');
    return { kind: 'sqlite', file: isAbsolute(file) ? file : resolve(file) };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push('DATABASE_URL 不是有效的地址（应为 mysql://…、mariadb://… 或 sqlite:路径）');
    return { kind: 'sqlite', file: resolve(dataDir, 'wushe.sqlite') };
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'mysql' && scheme !== 'mariadb') {
    problems.push(`DATABASE_URL 的协议 "${scheme}" 不受支持（应为 mysql、mariadb 或 sqlite）`);
    return { kind: 'sqlite', file: resolve(dataDir, 'wushe.sqlite') };
  }
  if (!url.pathname || url.pathname === '/') problems.push('DATABASE_URL 需要包含数据库名，例如 mysql://user:pass@host:3306/wushe');
  return { kind: scheme, url: raw };
}

function parseDataKey(raw: string | undefined, problems: string[]): Buffer | null {
  if (!raw) return null;
  const trimmed = raw.trim();
  const buf = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (buf.length !== 32) {
    problems.push('DATA_KEY 应为 32 字节的密钥（64 位十六进制或 base64），可用 `openssl rand -hex 32` 生成');
    return null;
  }
  return buf;
}

/** PUBLIC_BASE_URL as an http(s) origin (and path) without the trailing slash. */
function publicBase(env: Env, problems: string[]): string {
  const raw = env.PUBLIC_BASE_URL?.trim();
  if (!raw) return `http://localhost:${env.PORT || 3000}`;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    return url.toString().replace(/\/+$/, '');
  } catch {
    problems.push(`PUBLIC_BASE_URL 应为 http:// 或 https:// 开头的网址，例如 https://wushe.example.cn，实际为 "${raw}"`);
    return '';
  }
}

function parseStorage(env: Env, problems: string[]): StorageConfig {
  const kind = (env.STORAGE || 'local').trim().toLowerCase();
  if (kind === 'local') return { kind: 'local' };
  if (kind !== 's3') {
    problems.push(`STORAGE 应为 local 或 s3，实际为 "${env.STORAGE}"`);
    return { kind: 'local' };
  }
  const missing = ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'].filter((n) => !env[n]?.trim());
  if (missing.length) problems.push(`STORAGE=s3 需要设置 ${missing.join('、')}`);
  const endpoint = env.S3_ENDPOINT?.trim() || null;
  if (endpoint) {
    try {
      const url = new URL(endpoint);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    } catch {
      problems.push(`S3_ENDPOINT 应为 http:// 或 https:// 开头的地址，例如 https://cos.ap-chongqing.myqcloud.com，实际为 "${endpoint}"`);
    }
  }
  const prefix = (env.S3_PREFIX ?? '').trim().replace(/^\/+/, '');
  if (prefix && !/^[A-Za-z0-9._\/-]+$/.test(prefix)) problems.push('S3_PREFIX 只能包含字母、数字和 . _ - /');
  return {
    kind: 's3',
    endpoint,
    region: env.S3_REGION?.trim() || 'us-east-1',
    bucket: env.S3_BUCKET?.trim() ?? '',
    accessKeyId: env.S3_ACCESS_KEY_ID?.trim() ?? '',
    secretAccessKey: env.S3_SECRET_ACCESS_KEY?.trim() ?? '',
    forcePathStyle: flag(env, 'S3_FORCE_PATH_STYLE', true, problems),
    prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix,
  };
}

function parseRedis(env: Env, problems: string[]): AppConfig['redis'] {
  const raw = env.REDIS_URL?.trim();
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error('protocol');
  } catch {
    problems.push(`REDIS_URL 应为 redis:// 或 rediss:// 开头的地址，例如 redis://127.0.0.1:6379/0，实际为 "${raw}"`);
    return null;
  }
  const keyPrefix = env.REDIS_KEY_PREFIX?.trim() || 'wushe:';
  if (!/^[A-Za-z0-9:._-]{1,64}$/.test(keyPrefix)) problems.push('REDIS_KEY_PREFIX 只能包含字母、数字和 : . _ -（不超过 64 个字符）');
  return { url: raw, keyPrefix };
}

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const nodeEnv = (env.NODE_ENV ?? 'development').trim();
  const mode: RunMode = nodeEnv === 'production' ? 'production' : nodeEnv === 'test' ? 'test' : 'development';
  const production = mode === 'production';

  const dataDir = resolve(env.DATA_DIR || 'data');
  const database = parseDatabaseUrl(env.DATABASE_URL, dataDir, problems);

  const fake = flag(env, 'WECHAT_FAKE', false, problems);
  const devLogin = flag(env, 'DEV_LOGIN', false, problems);
  const seedDemo = flag(env, 'SEED_DEMO', false, problems);
  const devClock = flag(env, 'DEV_CLOCK', false, problems);

  let jwtSecret = env.JWT_SECRET ?? '';
  if (production) {
    if (!jwtSecret || jwtSecret === DEV_JWT_SECRET) problems.push('生产模式必须设置 JWT_SECRET（不可使用默认值）');
    else if (jwtSecret.length < 32) problems.push('JWT_SECRET 至少需要 32 个字符');
    if (fake) problems.push('生产模式不能启用 WECHAT_FAKE（模拟微信服务器）');
    if (devLogin) problems.push('生产模式不能启用 DEV_LOGIN（开发登录）');
    if (seedDemo) problems.push('生产模式不能写入演示数据（SEED_DEMO）');
    if (devClock) problems.push('生产模式不能启用 DEV_CLOCK（调整服务器时间）');
    if (!env.WECHAT_APPID || !env.WECHAT_SECRET) problems.push('生产模式必须设置 WECHAT_APPID 和 WECHAT_SECRET');
    if (!env.DATA_KEY) problems.push('生产模式必须设置 DATA_KEY（个人信息加密密钥）');
  } else if (!jwtSecret) {
    jwtSecret = DEV_JWT_SECRET;
  }

  const dataKey = parseDataKey(env.DATA_KEY, problems) ?? DEV_DATA_KEY;

  const pushToken = env.WECHAT_PUSH_TOKEN || (production ? '' : DEV_WECHAT_PUSH_TOKEN);
  if (production && !pushToken) problems.push('生产模式必须设置 WECHAT_PUSH_TOKEN（小程序“消息推送”配置中的 Token，用于图片内容安全检查结果的推送）');
  const appId = env.WECHAT_APPID || (production ? '' : FAKE_WECHAT_APPID);
  const appSecret = env.WECHAT_SECRET || (production ? '' : FAKE_WECHAT_SECRET);
  const apiBase = (env.WECHAT_API_BASE || 'https://api.weixin.qq.com').replace(/\/+$/, '');
  try {
    new URL(apiBase);
  } catch {
    problems.push('WECHAT_API_BASE 不是有效的地址');
  }

  const logLevel = (env.LOG_LEVEL || (mode === 'test' ? 'warn' : 'info')) as AppConfig['logLevel'];
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) {
    problems.push('LOG_LEVEL 应为 debug、info、warn、error 或 silent');
  }

  const h5DirRaw = env.H5_DIR;
  const config: AppConfig = {
    mode,
    host: env.HOST || '0.0.0.0',
    port: int(env, 'PORT', 3000, 0, 65535, problems),
    publicBaseUrl: publicBase(env, problems),
    trustProxy: flag(env, 'TRUST_PROXY', false, problems),
    database,
    migrateOnStart: flag(env, 'MIGRATE_ON_START', true, problems),
    seedDemo,
    jwt: { secret: jwtSecret, expiresInSeconds: int(env, 'JWT_EXPIRES_IN', 2 * 3600, 60, 30 * 24 * 3600, problems) },
    dataKey,
    wechat: {
      appId,
      appSecret,
      apiBase,
      fake,
      timeoutMs: int(env, 'WECHAT_TIMEOUT_MS', 5000, 100, 60000, problems),
      pushToken,
    },
    devLogin,
    devClock,
    h5Dir: h5DirRaw === '' || h5DirRaw === 'none' ? null : resolve(h5DirRaw ?? 'dist/h5'),
    throttle: {
      loginPerMinute: int(env, 'THROTTLE_LOGIN_PER_MINUTE', 30, 1, 1_000_000, problems),
      defaultPerMinute: int(env, 'THROTTLE_PER_MINUTE', 1200, 1, 10_000_000, problems),
    },
    uploads: {
      dir: resolve(env.UPLOAD_DIR || 'data/uploads'),
      maxBytes: int(env, 'UPLOAD_MAX_BYTES', 5 * 1024 * 1024, 1024, 50 * 1024 * 1024, problems),
    },
    storage: parseStorage(env, problems),
    redis: parseRedis(env, problems),
    needs: {
      feedbackDays: int(env, 'NEED_FEEDBACK_DAYS', 7, 1, 365, problems),
      responseHours: {
        critical: int(env, 'NEED_RESPONSE_HOURS_CRITICAL', 2, 1, 720, problems),
        urgent: int(env, 'NEED_RESPONSE_HOURS_URGENT', 24, 1, 720, problems),
        normal: int(env, 'NEED_RESPONSE_HOURS_NORMAL', 72, 1, 720, problems),
      },
      progressDays: int(env, 'NEED_PROGRESS_DAYS', 7, 1, 90, problems),
    },
    notifications: {
      // In production an unset template disables that subscribe message (the inbox still works).
      templates: {
        needStatus: env.WECHAT_TEMPLATE_NEED_STATUS || (production ? null : DEV_TEMPLATE_NEED_STATUS),
        activityReminder: env.WECHAT_TEMPLATE_ACTIVITY_REMINDER || (production ? null : DEV_TEMPLATE_ACTIVITY_REMINDER),
        fundApproval: env.WECHAT_TEMPLATE_FUND_APPROVAL || (production ? null : DEV_TEMPLATE_FUND_APPROVAL),
        urgentNeed: env.WECHAT_TEMPLATE_URGENT_NEED || (production ? null : DEV_TEMPLATE_URGENT_NEED),
      },
      maxAttempts: int(env, 'OUTBOX_MAX_ATTEMPTS', 5, 1, 50, problems),
      jobIntervalSeconds: int(env, 'JOB_INTERVAL_SECONDS', 60, 1, 3600, problems),
    },
    charity: {
      fundStreetApprovalFen: int(env, 'FUND_STREET_APPROVAL_FEN', 500_000, 1, 1_000_000_000, problems),
      wishClaimDays: int(env, 'WISH_CLAIM_DAYS', 7, 1, 90, problems),
    },
    logLevel,
    publicCacheSeconds: int(env, 'PUBLIC_CACHE_SECONDS', 3, 0, 60, problems),
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
