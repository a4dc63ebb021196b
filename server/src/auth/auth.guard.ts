import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../common/errors';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { hasAnyRole } from '../roles/access';
import type { Role } from '../roles/role';
import { IS_PUBLIC, REQUIRED_ROLES } from './decorators';
import { jwtKey } from './jwt-key';
import { PrincipalLoader } from './principal.loader';

/** How many verified tokens are remembered; past it the memory starts afresh. */
const MAX_VERIFIED = 10_000;

interface Verified {
  sub: string;
  /** seconds since the epoch, as in the token */
  exp: number;
}

/**
 * Deny by default: every route needs a valid token unless marked @Public(). The token is our
 * own (HS256, short-lived); the user and their roles are read from the database on each
 * request, so a revoked role stops working at once. @Roles(...) then requires one of the
 * roles somewhere; which *place* the caller may act on is checked in the service.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /**
   * Tokens this process has verified, by the whole token string: the same signed string again
   * (a user's next request) skips the signature check and the JSON decoding until it expires
   * (#15: ~5 % of a sign-up's CPU in a flash crowd). Only what verification established is kept.
   */
  private readonly verified = new Map<string, Verified>();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly principals: PrincipalLoader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    const header = request.headers.authorization;

    if (!header) {
      if (isPublic) return true;
      throw new AppError(ErrorCode.UNAUTHENTICATED, '请先登录');
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError(ErrorCode.UNAUTHENTICATED, '登录信息格式不正确，请重新登录');

    const { sub } = await this.verify(match[1]);
    const principal = await this.principals.load(Number(sub));
    if (!principal) throw new AppError(ErrorCode.UNAUTHENTICATED, '账号不存在，请重新登录');
    request.principal = principal;

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required?.length && !hasAnyRole(principal, required)) {
      throw new AppError(ErrorCode.FORBIDDEN, '您没有进行此操作的权限');
    }
    return true;
  }

  /** The token's subject, from memory while it has not expired (jsonwebtoken's rule: now < exp). */
  private async verify(token: string): Promise<Verified> {
    const known = this.verified.get(token);
    if (known && Math.floor(Date.now() / 1000) < known.exp) return known;
    if (known) this.verified.delete(token);

    let payload: { sub?: unknown; exp?: unknown };
    try {
      payload = await this.jwt.verifyAsync<{ sub?: unknown; exp?: unknown }>(token, {
        secret: jwtKey(this.config.jwt.secret),
        algorithms: ['HS256'],
      });
    } catch (err) {
      if (err instanceof TokenExpiredError) throw new AppError(ErrorCode.TOKEN_EXPIRED, '登录已过期，请重新登录');
      throw new AppError(ErrorCode.UNAUTHENTICATED, '登录信息无效，请重新登录');
    }
    // Our tokens always expire and name a user by a positive integer: anything else, however signed, is refused.
    const sub = typeof payload.sub === 'string' || typeof payload.sub === 'number' ? String(payload.sub) : '';
    if (typeof payload.exp !== 'number' || !/^[1-9]\d{0,9}$/.test(sub)) throw new AppError(ErrorCode.UNAUTHENTICATED, '登录信息无效，请重新登录');
    if (this.verified.size >= MAX_VERIFIED) this.verified.clear();
    const verified = { sub, exp: payload.exp };
    this.verified.set(token, verified);
    return verified;
  }
}
