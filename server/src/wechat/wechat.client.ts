import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';

/** An error answered by WeChat's server API (`errcode` ≠ 0) or a failure to reach it. */
export class WechatApiError extends Error {
  constructor(
    readonly api: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeChat ${api} failed: ${errcode} ${errmsg}`);
    this.name = 'WechatApiError';
  }
  /** The code from wx.login / getPhoneNumber is wrong, expired or already used. */
  get isBadCode(): boolean {
    return this.errcode === 40029 || this.errcode === 40163;
  }
}

export interface WechatSession {
  openid: string;
  unionid?: string;
  sessionKey: string;
}

export interface ContentCheck {
  /** pass: publishable; review: needs a person; risky: refuse. */
  suggest: 'pass' | 'review' | 'risky';
  label: number;
}

const TOKEN_ERRORS = new Set([40001, 40014, 41001, 42001]);

/**
 * The one client for WeChat's server API. Its base URL comes from config (WECHAT_API_BASE),
 * so tests, `npm run dev` and the demo talk to the fake on loopback. It caches the
 * access_token, refreshes it once when WeChat says it is stale, and never logs secrets or codes.
 */
@Injectable()
export class WechatClient {
  private readonly logger = new Logger(WechatClient.name);
  private token: { value: string; expiresAt: number } | null = null;
  private tokenInFlight: Promise<string> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private get base(): string {
    return this.config.wechat.apiBase;
  }

  async code2Session(code: string): Promise<WechatSession> {
    const { appId, appSecret } = this.config.wechat;
    const qs = new URLSearchParams({ appid: appId, secret: appSecret, js_code: code, grant_type: 'authorization_code' });
    const res = await this.call<{ openid: string; session_key: string; unionid?: string }>(
      'code2Session',
      `${this.base}/sns/jscode2session?${qs}`,
      { method: 'GET' },
    );
    return { openid: res.openid, sessionKey: res.session_key, ...(res.unionid ? { unionid: res.unionid } : {}) };
  }

  async getPhoneNumber(code: string): Promise<{ purePhoneNumber: string; countryCode: string }> {
    const res = await this.withAccessToken('getPhoneNumber', '/wxa/business/getuserphonenumber', { code });
    const info = (res as { phone_info: { purePhoneNumber: string; countryCode: string | number } }).phone_info;
    return { purePhoneNumber: info.purePhoneNumber, countryCode: String(info.countryCode) };
  }

  /** Text content security (msgSecCheck v2). scene: 1 资料, 2 评论, 3 论坛, 4 社交日志. */
  async msgSecCheck(input: { content: string; openid: string; scene: 1 | 2 | 3 | 4; title?: string }): Promise<ContentCheck> {
    const res = await this.withAccessToken('msgSecCheck', '/wxa/msg_sec_check', { version: 2, ...input });
    const result = (res as { result: ContentCheck }).result;
    return { suggest: result.suggest, label: result.label };
  }

  /**
   * Image content security (mediaCheckAsync v2): WeChat fetches `mediaUrl` and later pushes the
   * verdict to the message-push URL (event wxa_media_check) with this trace id.
   */
  async mediaCheckAsync(input: { mediaUrl: string; openid: string; scene: 1 | 2 | 3 | 4 }): Promise<{ traceId: string }> {
    const res = await this.withAccessToken('mediaCheckAsync', '/wxa/media_check_async', { media_url: input.mediaUrl, media_type: 2, version: 2, openid: input.openid, scene: input.scene });
    return { traceId: String((res as { trace_id: string }).trace_id) };
  }

  async sendSubscribeMessage(msg: {
    touser: string;
    templateId: string;
    page?: string;
    data: Record<string, { value: string }>;
  }): Promise<void> {
    await this.withAccessToken('subscribeMessage.send', '/cgi-bin/message/subscribe/send', {
      touser: msg.touser,
      template_id: msg.templateId,
      page: msg.page,
      data: msg.data,
      miniprogram_state: this.config.mode === 'production' ? 'formal' : 'developer',
      lang: 'zh_CN',
    });
  }

  // ---------------------------------------------------------------------------------------

  private async withAccessToken(api: string, path: string, body: object): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      try {
        return await this.call(api, `${this.base}${path}?access_token=${encodeURIComponent(token)}`, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'Content-Type': 'application/json' },
        });
      } catch (err) {
        if (attempt === 0 && err instanceof WechatApiError && TOKEN_ERRORS.has(err.errcode)) {
          this.token = null; // stale: fetch a fresh one and try once more
          continue;
        }
        throw err;
      }
    }
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now()) return this.token.value;
    this.tokenInFlight ??= (async () => {
      try {
        const { appId, appSecret } = this.config.wechat;
        const res = await this.call<{ access_token: string; expires_in: number }>('stableToken', `${this.base}/cgi-bin/stable_token`, {
          method: 'POST',
          body: JSON.stringify({ grant_type: 'client_credential', appid: appId, secret: appSecret, force_refresh: false }),
          headers: { 'Content-Type': 'application/json' },
        });
        // Refresh five minutes early so a token never expires mid-request.
        this.token = { value: res.access_token, expiresAt: Date.now() + Math.max(60, res.expires_in - 300) * 1000 };
        return res.access_token;
      } finally {
        this.tokenInFlight = null;
      }
    })();
    return this.tokenInFlight;
  }

  private async call<T>(api: string, url: string, init: RequestInit): Promise<T> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(this.config.wechat.timeoutMs) });
    } catch (err) {
      this.logger.warn({ msg: 'wechat unreachable', api, err: (err as Error).name });
      throw new WechatApiError(api, -1, 'unreachable');
    }
    let json: { errcode?: number; errmsg?: string } & Record<string, unknown>;
    try {
      json = (await res.json()) as typeof json;
    } catch {
      throw new WechatApiError(api, -1, `bad response (HTTP ${res.status})`);
    }
    if (json.errcode && json.errcode !== 0) {
      this.logger.warn({ msg: 'wechat error', api, errcode: json.errcode, errmsg: json.errmsg });
      throw new WechatApiError(api, json.errcode, json.errmsg ?? '');
    }
    return json as T;
  }
}
