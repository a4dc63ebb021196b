import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defer, lastValueFrom, type Observable, throwError } from 'rxjs';
import { badRequest } from './errors';
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY_PATTERN, IdempotencyStore } from './idempotency';

/**
 * `Idempotency-Key` on a POST (the mini-program sends one with every submission that creates
 * something, the same key on each retry of the same submission): the first request runs, a
 * repeat by the same user within a day — at the same moment or after a timeout — gets the first
 * answer (header `Idempotent-Replayed: true`) instead of creating the thing again. A POST
 * without the header runs as before; a malformed key is 400; a request nobody is logged in for
 * (login itself) runs as before, since keys are kept per user.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    if (req.method !== 'POST') return next.handle();
    const raw = req.headers[IDEMPOTENCY_HEADER];
    if (raw === undefined) return next.handle();
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      return throwError(() => badRequest('请求编号（Idempotency-Key）格式不对：应为 8–64 位字母、数字、- 或 _'));
    }
    const userId = req.principal?.userId;
    if (!userId) return next.handle();
    const reply = http.getResponse<FastifyReply>();
    const request = `POST ${req.url.split('?')[0]}`;
    // Multipart bodies (photo uploads) are not parsed here: the route alone is compared.
    const body = req.isMultipart?.() ? null : req.body;
    return defer(async () => {
      const claim = await this.store.claim({ userId, key, request, body });
      if (claim.kind === 'replay') {
        void reply.header('idempotent-replayed', 'true');
        if (claim.statusCode) void reply.status(claim.statusCode);
        return claim.response;
      }
      let result: unknown;
      try {
        result = await lastValueFrom(next.handle(), { defaultValue: undefined });
      } catch (err) {
        await this.store.release(claim.id).catch(() => undefined);
        throw err;
      }
      const status = reply.statusCode;
      if (status >= 200 && status < 300) await this.store.complete(claim.id, status, result).catch(() => this.store.release(claim.id).catch(() => undefined));
      else await this.store.release(claim.id).catch(() => undefined);
      return result;
    });
  }
}
