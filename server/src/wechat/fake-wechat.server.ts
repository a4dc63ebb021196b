import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for WeChat's server API on loopback, for tests, `npm run dev` and the demo.
 * It speaks the real request and response shapes (query strings, JSON bodies, `errcode` /
 * `errmsg`) of the endpoints we use, including their error codes:
 *
 *   GET  /sns/jscode2session                  code2Session (wx.login code → openid, session_key)
 *   GET  /cgi-bin/token                       access_token
 *   POST /cgi-bin/stable_token                stable access_token
 *   POST /wxa/business/getuserphonenumber     phone number from a getPhoneNumber code
 *   POST /wxa/msg_sec_check                   text content-security check (version 2)
 *   POST /wxa/media_check_async               image content-security check (version 2): the verdict is
 *                                             pushed later to the app's 消息推送 URL, signed with its token
 *   POST /cgi-bin/message/subscribe/send      one-time subscribe message
 *
 * Tests drive it in-process: issue login and phone codes the way the WeChat client would
 * receive them, inject failures, read what was sent.
 */

export interface FakeWechatOptions {
  appId: string;
  appSecret: string;
  /** Unknown wx.login codes log in as this openid (local DevTools against the fake); off in tests. */
  unknownLoginCodesAs?: string;
  /** Unknown getPhoneNumber codes return this number (local use); off in tests. */
  unknownPhoneCodesAs?: string;
  /** When true, a subscribe message needs a prior `grantSubscription` (one message per grant). */
  strictSubscriptions?: boolean;
  accessTokenTtlSeconds?: number;
}

export interface SentSubscribeMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: string;
  lang?: string;
}

type WxError = { errcode: number; errmsg: string };

const ERR = {
  systemBusy: { errcode: -1, errmsg: 'system error' },
  invalidAppid: { errcode: 40013, errmsg: 'invalid appid' },
  invalidSecret: { errcode: 40125, errmsg: 'invalid appsecret' },
  invalidCode: { errcode: 40029, errmsg: 'invalid code' },
  codeUsed: { errcode: 40163, errmsg: 'code been used' },
  invalidToken: { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' },
  expiredToken: { errcode: 42001, errmsg: 'access_token expired' },
  missingToken: { errcode: 41001, errmsg: 'access_token missing' },
  invalidOpenid: { errcode: 40003, errmsg: 'invalid openid' },
  invalidTemplate: { errcode: 40037, errmsg: 'invalid template_id' },
  userRefused: { errcode: 43101, errmsg: 'user refuse to accept the msg' },
  argumentInvalid: { errcode: 47001, errmsg: 'data format error' },
  emptyContent: { errcode: 44004, errmsg: 'empty content' },
} satisfies Record<string, WxError>;

/** Words the fake content check flags, with WeChat's label codes. */
const RISKY_WORDS: Array<[string, number]> = [
  ['赌博', 20006],
  ['博彩', 20006],
  ['诈骗', 20008],
  ['代开发票', 10001],
  ['色情', 20002],
];

export class FakeWechatServer {
  private server: Server | null = null;
  private readonly loginCodes = new Map<string, { openid: string; unionid?: string; used: boolean }>();
  private readonly phoneCodes = new Map<string, { phone: string; used: boolean }>();
  private readonly tokens = new Map<string, number>();
  private readonly grants = new Map<string, number>();
  private readonly failures = new Map<string, WxError[]>();
  readonly sent: SentSubscribeMessage[] = [];
  private push: { url: string; token: string } | null = null;
  private holdMedia = false;
  readonly calls: Array<{ path: string; at: number }> = [];
  templateIds = new Set<string>();
  url = '';

  constructor(readonly options: FakeWechatOptions) {}

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    const addr = this.server.address() as AddressInfo;
    this.url = `http://${host}:${addr.port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** What wx.login would hand the mini-program for this user. Each code works once. */
  issueLoginCode(openid: string, unionid?: string): string {
    const code = randomBytes(16).toString('hex');
    this.loginCodes.set(code, { openid, unionid, used: false });
    return code;
  }

  /** What the getPhoneNumber button would hand the mini-program. Each code works once. */
  issuePhoneCode(phone: string): string {
    const code = randomBytes(16).toString('hex');
    this.phoneCodes.set(code, { phone, used: false });
    return code;
  }

  /** The user accepted a one-time subscription for this template (wx.requestSubscribeMessage). */
  grantSubscription(openid: string, templateId: string): void {
    const key = `${openid}|${templateId}`;
    this.grants.set(key, (this.grants.get(key) ?? 0) + 1);
  }

  /** Where image verdicts are pushed (the app's /api/wechat/push) and the token that signs them. */
  pushTo(url: string, token: string): void {
    this.push = { url, token };
  }

  /**
   * Image verdicts: by default every image passes, pushed a moment after the check is asked for;
   * `hold()` keeps them until `verdict(traceId, suggest)` pushes one.
   */
  holdMediaChecks(hold = true): void {
    this.holdMedia = hold;
  }

  /** The image checks asked for (trace id, the URL WeChat would fetch, the user). */
  readonly mediaChecks: Array<{ traceId: string; mediaUrl: string; openid: string }> = [];

  /** Pushes the verdict of an image check as WeChat does (event wxa_media_check, JSON, signed query). */
  async verdict(traceId: string, suggest: 'pass' | 'risky' | 'review'): Promise<number> {
    if (!this.push) throw new Error('fake WeChat: no push URL (pushTo)');
    const check = this.mediaChecks.find((c) => c.traceId === traceId);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(6).toString('hex');
    const signature = createHash('sha1').update([this.push.token, timestamp, nonce].sort().join('')).digest('hex');
    const body = {
      ToUserName: 'gh_fake',
      FromUserName: check?.openid ?? '',
      CreateTime: Number(timestamp),
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: this.options.appId,
      trace_id: traceId,
      version: 2,
      detail: [{ strategy: 'content_model', errcode: 0, suggest, label: suggest === 'pass' ? 100 : 20002, prob: 90 }],
      errcode: 0,
      errmsg: 'ok',
      result: { suggest, label: suggest === 'pass' ? 100 : 20002 },
    };
    const res = await fetch(`${this.push.url}?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await res.text();
    return res.status;
  }

  /** Make the next call(s) to `path` fail with WeChat's error. */
  failNext(path: string, error: WxError, times = 1): void {
    const list = this.failures.get(path) ?? [];
    for (let i = 0; i < times; i++) list.push(error);
    this.failures.set(path, list);
  }

  /** Invalidate every issued access_token, as WeChat does when a new one is fetched elsewhere. */
  expireAccessTokens(): void {
    this.tokens.clear();
  }

  countCalls(path: string): number {
    return this.calls.filter((c) => c.path === path).length;
  }

  static readonly errors = ERR;

  // ---------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    this.calls.push({ path, at: Date.now() });
    let body: Record<string, unknown> = {};
    if (req.method === 'POST') {
      const raw = await readBody(req);
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        return send(res, { errcode: 47001, errmsg: 'data format error' });
      }
    }
    const injected = this.failures.get(path)?.shift();
    if (injected) return send(res, injected);

    const q = Object.fromEntries(url.searchParams);
    switch (`${req.method} ${path}`) {
      case 'GET /sns/jscode2session':
        return send(res, this.code2Session(q));
      case 'GET /cgi-bin/token':
        return send(res, this.issueToken(q.appid, q.secret, q.grant_type));
      case 'POST /cgi-bin/stable_token':
        return send(res, this.issueToken(String(body.appid ?? ''), String(body.secret ?? ''), String(body.grant_type ?? '')));
      case 'POST /wxa/business/getuserphonenumber':
        return send(res, this.withToken(q.access_token, () => this.phoneNumber(body)));
      case 'POST /wxa/msg_sec_check':
        return send(res, this.withToken(q.access_token, () => this.msgSecCheck(body)));
      case 'POST /wxa/media_check_async':
        return send(res, this.withToken(q.access_token, () => this.mediaCheckAsync(body)));
      case 'POST /cgi-bin/message/subscribe/send':
        return send(res, this.withToken(q.access_token, () => this.subscribeSend(body)));
      default:
        res.statusCode = 404;
        return send(res, { errcode: 404, errmsg: 'not found' });
    }
  }

  private checkApp(appid: string | undefined, secret: string | undefined): WxError | null {
    if (appid !== this.options.appId) return ERR.invalidAppid;
    if (secret !== this.options.appSecret) return ERR.invalidSecret;
    return null;
  }

  private code2Session(q: Record<string, string>): object {
    const bad = this.checkApp(q.appid, q.secret);
    if (bad) return bad;
    if (q.grant_type !== 'authorization_code' || !q.js_code) return ERR.invalidCode;
    let entry = this.loginCodes.get(q.js_code);
    if (!entry && this.options.unknownLoginCodesAs) {
      entry = { openid: this.options.unknownLoginCodesAs, used: false };
    }
    if (!entry) return ERR.invalidCode;
    if (entry.used) return ERR.codeUsed;
    entry.used = true;
    const sessionKey = createHash('sha256').update(`${entry.openid}:${q.js_code}`).digest('base64').slice(0, 24);
    return { openid: entry.openid, session_key: sessionKey, ...(entry.unionid ? { unionid: entry.unionid } : {}) };
  }

  private issueToken(appid: string | undefined, secret: string | undefined, grantType: string | undefined): object {
    if (grantType !== 'client_credential') return { errcode: 40002, errmsg: 'invalid grant_type' };
    const bad = this.checkApp(appid, secret);
    if (bad) return bad;
    const token = `fake_at_${randomBytes(24).toString('hex')}`;
    const ttl = this.options.accessTokenTtlSeconds ?? 7200;
    this.tokens.set(token, Date.now() + ttl * 1000);
    return { access_token: token, expires_in: ttl };
  }

  private withToken(token: string | undefined, fn: () => object): object {
    if (!token) return ERR.missingToken;
    const exp = this.tokens.get(token);
    if (exp === undefined) return ERR.invalidToken;
    if (exp < Date.now()) return ERR.expiredToken;
    return fn();
  }

  private phoneNumber(body: Record<string, unknown>): object {
    const code = typeof body.code === 'string' ? body.code : '';
    let entry = this.phoneCodes.get(code);
    if (!entry && code && this.options.unknownPhoneCodesAs) entry = { phone: this.options.unknownPhoneCodesAs, used: false };
    if (!entry) return ERR.invalidCode;
    if (entry.used) return ERR.codeUsed;
    entry.used = true;
    return {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: entry.phone,
        purePhoneNumber: entry.phone,
        countryCode: '86',
        watermark: { timestamp: Math.floor(Date.now() / 1000), appid: this.options.appId },
      },
    };
  }

  private mediaCheckAsync(body: Record<string, unknown>): object {
    if (body.version !== 2 || body.media_type !== 2 || ![1, 2, 3, 4].includes(body.scene as number) || typeof body.media_url !== 'string') return ERR.argumentInvalid;
    if (typeof body.openid !== 'string' || !body.openid) return ERR.invalidOpenid;
    const traceId = randomBytes(12).toString('hex');
    this.mediaChecks.push({ traceId, mediaUrl: body.media_url, openid: body.openid });
    // WeChat answers at once and pushes the verdict later; so does the fake (unless held).
    if (!this.holdMedia && this.push) setTimeout(() => void this.verdict(traceId, 'pass').catch(() => undefined), 5);
    return { errcode: 0, errmsg: 'ok', trace_id: traceId };
  }

  private msgSecCheck(body: Record<string, unknown>): object {
    const content = typeof body.content === 'string' ? body.content : '';
    if (body.version !== 2 || ![1, 2, 3, 4].includes(body.scene as number)) return ERR.argumentInvalid;
    if (typeof body.openid !== 'string' || !body.openid) return ERR.invalidOpenid;
    if (!content) return ERR.emptyContent;
    const hit = RISKY_WORDS.find(([w]) => content.includes(w));
    const traceId = randomBytes(12).toString('hex');
    if (!hit) {
      return {
        errcode: 0,
        errmsg: 'ok',
        result: { suggest: 'pass', label: 100 },
        detail: [{ strategy: 'content_model', errcode: 0, suggest: 'pass', label: 100, prob: 90 }],
        trace_id: traceId,
      };
    }
    const [keyword, label] = hit;
    return {
      errcode: 0,
      errmsg: 'ok',
      result: { suggest: 'risky', label },
      detail: [
        { strategy: 'content_model', errcode: 0, suggest: 'risky', label, prob: 90 },
        { strategy: 'keyword', errcode: 0, suggest: 'risky', label, level: 20, keyword },
      ],
      trace_id: traceId,
    };
  }

  private subscribeSend(body: Record<string, unknown>): object {
    const msg = body as unknown as SentSubscribeMessage;
    if (typeof msg.touser !== 'string' || !msg.touser) return ERR.invalidOpenid;
    if (typeof msg.template_id !== 'string' || (this.templateIds.size && !this.templateIds.has(msg.template_id))) {
      return ERR.invalidTemplate;
    }
    if (!msg.data || typeof msg.data !== 'object') return { errcode: 47003, errmsg: 'argument invalid! data.thing1.value invalid' };
    if (this.options.strictSubscriptions) {
      const key = `${msg.touser}|${msg.template_id}`;
      const left = this.grants.get(key) ?? 0;
      if (left <= 0) return ERR.userRefused;
      this.grants.set(key, left - 1);
    }
    this.sent.push(msg);
    return { errcode: 0, errmsg: 'ok', msgid: Date.now() };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, payload: object): void {
  // WeChat answers errors with HTTP 200 and an errcode in the body; so does the fake.
  const json = JSON.stringify(payload);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(json);
}
