import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../roles/role';
import type { Principal } from './principal';

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_ROLES = 'auth:roles';
export const LOGIN_RATE_LIMIT = 'auth:login-rate-limit';

/** Opens a route to callers without a token. Everything else requires one (deny by default). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller must hold at least one of these roles somewhere; services then check the place. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** Marks a login route: it gets the stricter per-IP rate limit. */
export const LoginRateLimit = () => SetMetadata(LOGIN_RATE_LIMIT, true);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<FastifyRequest>().principal;
  if (!principal) throw new Error('CurrentUser used on a route without authentication');
  return principal;
});
