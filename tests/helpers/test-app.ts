import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { createApp } from '../../server/src/app.factory';
import { Clock } from '../../server/src/common/clock';
import { loadConfig, type AppConfig, FAKE_WECHAT_APPID, FAKE_WECHAT_SECRET } from '../../server/src/config/app-config';
import { FakeWechatServer } from '../../server/src/wechat/fake-wechat.server';
import { checkerFor, forgetChecker, registerChecker } from './contract-check';

/**
 * Starts the real application over real HTTP for one test file: a fresh database (a temporary
 * SQLite file, or a new MariaDB database), the real migrations, and the fake WeChat server on
 * loopback. TEST_DB (set per jest project) picks the database.
 */

export type DbKind = 'sqlite' | 'mariadb';
export const dbKind = (): DbKind => (process.env.TEST_DB === 'mariadb' ? 'mariadb' : 'sqlite');

const MARIADB_URL = process.env.TEST_MARIADB_URL ?? 'mariadb://root@127.0.0.1:3306/test';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database of the current kind. */
export async function createTestDatabase(kind: DbKind = dbKind()): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'wushe-test-'));
    return { url: `sqlite:${join(dir, 'test.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const base = new URL(MARIADB_URL);
  const name = `wushe_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const conn = await createConnection({ host: base.hostname, port: Number(base.port || 3306), user: decodeURIComponent(base.username), password: decodeURIComponent(base.password) });
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  const url = new URL(MARIADB_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = await createConnection({ host: base.hostname, port: Number(base.port || 3306), user: decodeURIComponent(base.username), password: decodeURIComponent(base.password) });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: { data?: T; error?: { code: string; message: string; requestId: string; fields?: Array<{ field: string; message: string }> } };
  data: T;
}

export class Api {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  as(token: string): Api {
    return new Api(this.baseUrl, token);
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const res = await fetch(`${this.baseUrl}/api${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: ApiResponse<T>['body'] = {};
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      throw new Error(`non-JSON response ${res.status} for ${method} ${path}: ${text.slice(0, 200)}`);
    }
    checkerFor(this.baseUrl)?.check(method, `/api${path}`, res.status, parsed);
    return { status: res.status, headers: res.headers, body: parsed, data: parsed.data as T };
  }

  get = <T = any>(path: string) => this.request<T>('GET', path);
  post = <T = any>(path: string, body?: unknown) => this.request<T>('POST', path, body ?? {});
  put = <T = any>(path: string, body?: unknown) => this.request<T>('PUT', path, body ?? {});
  patch = <T = any>(path: string, body?: unknown) => this.request<T>('PATCH', path, body ?? {});
  delete = <T = any>(path: string) => this.request<T>('DELETE', path);
}

export interface TestApp {
  kind: DbKind;
  app: NestFastifyApplication;
  config: AppConfig;
  url: string;
  api: Api;
  db: DataSource;
  clock: Clock;
  fake: FakeWechatServer;
  /** Logs in through the fake WeChat server as `openid` (created on first login); returns an Api with the token. */
  login(openid: string): Promise<Api & { userId: number }>;
  close(): Promise<void>;
}

/**
 * What several instances share (the scale-out test): an existing database, the fake WeChat
 * server. What is shared is not dropped or stopped by `close()`; its owner does that.
 */
export interface SharedParts {
  database?: TestDatabase;
  fake?: FakeWechatServer;
}

export async function startTestApp(env: Record<string, string> = {}, shared: SharedParts = {}): Promise<TestApp> {
  const kind = dbKind();
  const database = shared.database ?? (await createTestDatabase(kind));
  const fake = shared.fake ?? new FakeWechatServer({ appId: FAKE_WECHAT_APPID, appSecret: FAKE_WECHAT_SECRET });
  if (!shared.fake) await fake.start();
  const dropDatabase = () => (shared.database ? Promise.resolve() : database.drop());
  const stopFake = () => (shared.fake ? Promise.resolve() : fake.stop());
  const uploadDir = mkdtempSync(join(tmpdir(), 'wushe-uploads-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    WECHAT_API_BASE: fake.url,
    H5_DIR: 'none',
    UPLOAD_DIR: uploadDir,
    THROTTLE_LOGIN_PER_MINUTE: '100000',
    THROTTLE_PER_MINUTE: '1000000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const clock = new Clock();
  let app: NestFastifyApplication;
  try {
    app = await createApp(config, clock);
    await app.listen(0, '127.0.0.1');
  } catch (err) {
    await stopFake();
    await dropDatabase();
    rmSync(uploadDir, { recursive: true, force: true });
    throw err;
  }
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const api = new Api(url);
  // WeChat pushes image-check verdicts to the app's 消息推送 URL, signed with its token.
  fake.pushTo(`${url}/api/wechat/push`, config.wechat.pushToken);
  await registerChecker(url);
  return {
    kind,
    app,
    config,
    url,
    api,
    db: app.get(DataSource),
    clock,
    fake,
    async login(openid: string) {
      const res = await api.post('/auth/wechat-login', { code: fake.issueLoginCode(openid) });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
      return Object.assign(api.as(res.data.token), { userId: res.data.me.id as number });
    },
    async close() {
      forgetChecker(url);
      await app.close();
      await stopFake();
      await dropDatabase();
      rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}
