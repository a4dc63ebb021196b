import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, ERROR_STATUS } from './errors';

/**
 * What Fastify and Node answer before any route runs — a malformed or too-long URL, headers too
 * large, a broken request line — in the API's one error shape, in Chinese, never Fastify's own
 * bodies and internal codes (FST_ERR_*, HPE_*).
 */
function body(code: ErrorCode, message: string, requestId: string): string {
  return JSON.stringify({ error: { code, message, requestId } });
}

/** Fastify's `frameworkErrors`: a bad URL encoding (400) or a path segment over maxParamLength (414). */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const code = tooLong ? ErrorCode.URI_TOO_LONG : ErrorCode.BAD_REQUEST;
  const message = tooLong ? '请求地址太长，请检查链接是否完整、正确' : '请求地址的格式不正确，请检查链接是否完整、正确';
  void reply.code(ERROR_STATUS[code]).header('content-type', 'application/json; charset=utf-8').send(body(code, message, String(request.id)));
}

/** Node's `clientError` (through Fastify's `clientErrorHandler`): headers too large (431), anything else unreadable (400). */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
  const timeout = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
  const code = err.code === 'HPE_HEADER_OVERFLOW' ? ErrorCode.HEADERS_TOO_LARGE : ErrorCode.BAD_REQUEST;
  const status = timeout ? 408 : ERROR_STATUS[code];
  const message = timeout ? '请求超时，请检查网络后重试' : code === ErrorCode.HEADERS_TOO_LARGE ? '请求头太大，请清理后重试' : '无法读取请求，请检查后重试';
  const json = Buffer.from(body(code, message, 'none'));
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${json.length}\r\nConnection: close\r\n\r\n${json.toString()}`);
}
