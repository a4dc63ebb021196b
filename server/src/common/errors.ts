/**
 * One error vocabulary for the whole API. Every failure a client sees is an AppError with a
 * stable `code` (for programs) and a Chinese `message` a person can act on. The HTTP status of
 * each code is decided here, in one exhaustive table.
 */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  BAD_REQUEST = 'BAD_REQUEST',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  TOKEN_EXPIRED = 'TOKEN_EXPIRED',
  FORBIDDEN = 'FORBIDDEN',
  OUT_OF_SCOPE = 'OUT_OF_SCOPE',
  /** A declared resident whose residence the community has not confirmed (yet). */
  RESIDENT_UNVERIFIED = 'RESIDENT_UNVERIFIED',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  CONTENT_REJECTED = 'CONTENT_REJECTED',
  /** The same Idempotency-Key sent again with another route or body. */
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  URI_TOO_LONG = 'URI_TOO_LONG',
  HEADERS_TOO_LARGE = 'HEADERS_TOO_LARGE',
  RATE_LIMITED = 'RATE_LIMITED',
  WECHAT_CODE_INVALID = 'WECHAT_CODE_INVALID',
  WECHAT_UNAVAILABLE = 'WECHAT_UNAVAILABLE',
  DEV_LOGIN_DISABLED = 'DEV_LOGIN_DISABLED',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL = 'INTERNAL',
}

export const ERROR_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.VALIDATION_FAILED]: 400,
  [ErrorCode.BAD_REQUEST]: 400,
  [ErrorCode.WECHAT_CODE_INVALID]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.TOKEN_EXPIRED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.OUT_OF_SCOPE]: 403,
  [ErrorCode.RESIDENT_UNVERIFIED]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.DEV_LOGIN_DISABLED]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.CONTENT_REJECTED]: 422,
  [ErrorCode.IDEMPOTENCY_KEY_REUSED]: 422,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.URI_TOO_LONG]: 414,
  [ErrorCode.HEADERS_TOO_LARGE]: 431,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.INTERNAL]: 500,
  [ErrorCode.WECHAT_UNAVAILABLE]: 503,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  /** Sent as `Retry-After` (seconds): the request is fine and may simply be sent again later. */
  retryAfterSeconds?: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

/** The body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; fields?: FieldError[] };
}

export const notFound = (what: string) => new AppError(ErrorCode.NOT_FOUND, `${what}不存在或已被删除`);
export const outOfScope = (message = '该事项不在您的管辖范围内') => new AppError(ErrorCode.OUT_OF_SCOPE, message);
export const forbidden = (message: string) => new AppError(ErrorCode.FORBIDDEN, message);
export const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, message);
/** The server is fine but busy (or a dependency is briefly away): try the same request again in a moment. */
/** The database cannot be reached (down, restarting): 503 with Retry-After; nothing of the request was kept. */
export function databaseUnavailable(message = '系统正在维护数据库，请稍等几秒后再试；您这次提交的内容没有保存，请重新提交'): AppError {
  return busy(message, 5);
}

export function busy(message: string, retryAfterSeconds = 2): AppError {
  const err = new AppError(ErrorCode.SERVICE_UNAVAILABLE, message);
  err.retryAfterSeconds = retryAfterSeconds;
  return err;
}
export const badRequest = (message: string, field?: string) =>
  new AppError(ErrorCode.BAD_REQUEST, message, field ? [{ field, message }] : undefined);
