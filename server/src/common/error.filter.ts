import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable, isUniqueViolation } from './db-errors';
import { AppError, databaseUnavailable, ErrorCode, type ErrorBody } from './errors';

const HTTP_FALLBACK: Record<number, [ErrorCode, string]> = {
  400: [ErrorCode.BAD_REQUEST, '请求格式不正确，请检查后重试'],
  401: [ErrorCode.UNAUTHENTICATED, '请先登录'],
  403: [ErrorCode.FORBIDDEN, '您没有权限进行此操作'],
  404: [ErrorCode.NOT_FOUND, '请求的内容不存在'],
  405: [ErrorCode.NOT_FOUND, '请求的内容不存在'],
  409: [ErrorCode.CONFLICT, '数据已被他人修改，请刷新后重试'],
  413: [ErrorCode.PAYLOAD_TOO_LARGE, '提交的内容太大，请精简后重试'],
  415: [ErrorCode.BAD_REQUEST, '请求格式不正确（应为 JSON）'],
  429: [ErrorCode.RATE_LIMITED, '操作太频繁，请稍后再试'],
};

/**
 * The one place where failures become responses: every error leaves as `{ error: { code,
 * message, requestId, fields? } }`. Known errors keep their code and message; anything
 * unexpected is logged with its stack and answered as a 500 that reveals nothing but the
 * request id a person can quote.
 */
@Catch()
export class AllErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const { status, body, retryAfter } = this.toResponse(exception, request);
    if (status >= 500) {
      this.logger.error({
        msg: 'unhandled error',
        reqId: request.id,
        route: request.routeOptions?.url,
        err: exception instanceof Error ? { name: exception.name, message: exception.message, stack: exception.stack } : String(exception),
      });
    }
    const wait = exception instanceof AppError ? exception.retryAfterSeconds : retryAfter;
    if (wait) void reply.header('retry-after', String(wait));
    void reply.status(status).send(body);
  }

  toResponse(exception: unknown, request: FastifyRequest): { status: number; body: ErrorBody; retryAfter?: number } {
    const requestId = String(request.id);
    if (exception instanceof AppError) {
      return {
        status: exception.status,
        body: { error: { code: exception.code, message: exception.message, requestId, ...(exception.fields ? { fields: exception.fields } : {}) } },
      };
    }
    if (exception instanceof ThrottlerException) {
      return { status: 429, body: { error: { code: ErrorCode.RATE_LIMITED, message: '操作太频繁，请稍后再试', requestId } } };
    }
    if (exception instanceof HttpException || isFastifyClientError(exception)) {
      const status = exception instanceof HttpException ? exception.getStatus() : (exception as { statusCode: number }).statusCode;
      const [code, message] = HTTP_FALLBACK[status] ?? [ErrorCode.BAD_REQUEST, '请求无法处理，请检查后重试'];
      if (status < 500) return { status, body: { error: { code, message, requestId } } };
    }
    if (isDatabaseUnavailable(exception)) {
      const e = databaseUnavailable('系统暂时连不上数据库，请稍等几秒后再试');
      return { status: e.status, body: { error: { code: e.code, message: e.message, requestId } }, retryAfter: e.retryAfterSeconds };
    }
    if (isUniqueViolation(exception)) {
      return { status: 409, body: { error: { code: ErrorCode.CONFLICT, message: '该记录已存在或已被他人处理，请刷新后重试', requestId } } };
    }
    return {
      status: 500,
      body: { error: { code: ErrorCode.INTERNAL, message: `服务器开小差了，请稍后重试。如问题持续，请把请求编号 ${requestId} 告诉社区工作人员`, requestId } },
    };
  }
}

/** Fastify's own errors (malformed JSON, body too large, wrong content type) carry a 4xx statusCode. */
function isFastifyClientError(err: unknown): boolean {
  const e = err as { code?: unknown; statusCode?: unknown };
  return typeof e?.code === 'string' && e.code.startsWith('FST_') && typeof e.statusCode === 'number' && e.statusCode < 500;
}
