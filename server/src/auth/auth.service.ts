import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomInt } from 'node:crypto';
import { DataSource, IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { PiiCipher } from '../common/crypto';
import { Clock } from '../common/clock';
import { AppError, ErrorCode } from '../common/errors';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { WechatApiError, WechatClient } from '../wechat/wechat.client';
import { jwtKey } from './jwt-key';
import { inTransaction } from '../database/transaction';

import type { DemoAccount, LoginResult } from '../contract/users';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly wechat: WechatClient,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly pii: PiiCipher,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** wx.login code → code2Session (server to WeChat) → our own token. session_key stays here. */
  async wechatLogin(code: string): Promise<LoginResult> {
    let session;
    try {
      session = await this.wechat.code2Session(code);
    } catch (err) {
      if (err instanceof WechatApiError && err.isBadCode) {
        throw new AppError(ErrorCode.WECHAT_CODE_INVALID, '登录凭证已失效，请关闭小程序后重新打开');
      }
      if (err instanceof WechatApiError) throw new AppError(ErrorCode.WECHAT_UNAVAILABLE, '微信登录服务暂时不可用，请稍后重试');
      throw err;
    }
    const { user, isNew } = await this.upsertUser(session.openid, {
      unionid: session.unionid ?? null,
      sessionKeyEnc: this.pii.encrypt(session.sessionKey),
    });
    return this.issue(user, isNew);
  }

  /**
   * The development login, for the H5 demo and local work. It exists only when DEV_LOGIN is
   * set, which production refuses at start-up. A demo account's key logs in that account;
   * any other key logs in (or creates) a throwaway user `dev:<key>`.
   */
  async devLogin(account: string): Promise<LoginResult> {
    this.assertDevLogin();
    const demo = await this.db.manager.findOne(User, { where: { demoKey: account } });
    if (demo) {
      await this.db.manager.update(User, { id: demo.id }, { lastLoginAt: this.clock.now() });
      return this.issue(demo, false);
    }
    const { user, isNew } = await this.upsertUser(`dev:${account}`, {});
    return this.issue(user, isNew);
  }

  async demoAccounts(): Promise<DemoAccount[]> {
    this.assertDevLogin();
    const users = await this.db.manager.find(User, { where: { demoKey: Not(IsNull()) }, order: { id: 'ASC' } });
    const out: DemoAccount[] = [];
    for (const u of users) {
      const roles = await this.users.roleViews(u.id);
      const top = roles.find((r) => r.role !== 'resident') ?? roles[0];
      out.push({
        account: u.demoKey!,
        nickname: u.nickname,
        description: top ? `${top.nodeName} · ${top.orgName ? `${top.orgName} ` : ''}${top.roleLabel}` : '新用户',
      });
    }
    return out;
  }

  private assertDevLogin(): void {
    if (!this.config.devLogin) throw new AppError(ErrorCode.DEV_LOGIN_DISABLED, '开发登录未开启，请在微信中打开小程序');
  }

  private async upsertUser(openid: string, fields: Partial<User>): Promise<{ user: User; isNew: boolean }> {
    const now = this.clock.now();
    const attempt = () =>
      inTransaction(this.db, async (m) => {
        const existing = await m.findOne(User, { where: { openid } });
        if (existing) {
          await m.update(User, { id: existing.id }, { ...fields, lastLoginAt: now });
          return { user: { ...existing, ...fields }, isNew: false };
        }
        const user = await m.save(User, m.create(User, { openid, nickname: `微信用户${randomInt(1000, 10000)}`, ...fields, lastLoginAt: now }));
        await this.audit.record(m, { actorId: user.id, action: 'user.register', entityType: 'user', entityId: user.id });
        return { user, isNew: true };
      });
    try {
      return await attempt();
    } catch (err) {
      // Two first logins of one person at the same moment: the loser finds the winner's row.
      const again = await this.db.manager.findOne(User, { where: { openid } });
      if (again) return attempt();
      throw err;
    }
  }

  private async issue(user: User, isNew: boolean): Promise<LoginResult> {
    const expiresIn = this.config.jwt.expiresInSeconds;
    const token = await this.jwt.signAsync({ sub: String(user.id) }, { secret: jwtKey(this.config.jwt.secret), expiresIn, algorithm: 'HS256' });
    this.logger.log({ msg: 'login', userId: user.id, isNew });
    return { token, expiresIn, isNew, me: await this.users.me(user.id) };
  }
}
