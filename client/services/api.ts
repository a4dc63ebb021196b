/**
 * The one way the mini-program talks to the server. It adds the token, unwraps `{ data }`,
 * turns `{ error }` into an ApiError, logs in again once when the token has expired (all
 * callers that hit the expiry share one login), and shows the server's Chinese message in a
 * toast. Pages never call Taro.request (or uploadFile / downloadFile) themselves: photos go
 * up through upload() and come down through photoSrc().
 */
import Taro from '@tarojs/taro';
import { platform } from '../platform/index';
import type { FieldError, PageInput, Paged } from '@contract/common';
import type {
  AcceptManyResult,
  AcceptNeedInput,
  HandlerOption,
  CloseNeedInput,
  DoneNeedInput,
  MyNeedItem,
  NeedAnyView,
  NeedCategoryView,
  NeedListItem,
  NeedQueueQuery,
  NeedTimeline,
  NeedView,
  RateNeedInput,
  ReopenNeedInput,
  ReportNeedInput,
  RouteNeedInput,
  SimilarNeed,
  SimilarNeedsQuery,
} from '@contract/needs';
import type { InboxPage, SubscriptionCredits, UnreadCount } from '@contract/notifications';
import type { TreeNodeView } from '@contract/tree';
import type { PhotoView } from '@contract/uploads';
import type { AccountDeleted, DemoAccount, LoginResult, MeView, PhoneBound, ResidenceInput } from '@contract/users';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fields?: FieldError[],
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Codes after which a fresh login may help. */
const RELOGIN_CODES = new Set(['TOKEN_EXPIRED', 'UNAUTHENTICATED']);
/** Raised when nobody can be logged in without asking (H5 without a chosen demo account). */
export const LOGIN_REQUIRED = 'LOGIN_REQUIRED';

const TOKEN_KEY = 'token';
const base: string = typeof API_BASE === 'string' ? API_BASE : '';

export function getToken(): string | null {
  return (Taro.getStorageSync(TOKEN_KEY) as string) || null;
}
export function setToken(token: string | null): void {
  if (token) Taro.setStorageSync(TOKEN_KEY, token);
  else Taro.removeStorageSync(TOKEN_KEY);
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export interface RequestOptions {
  method?: Method;
  data?: unknown;
  /**
   * Send the token (and log in first if there is none). Default true. 'optional': a public
   * read that says more to a logged-in caller — sent with the token when one can be had, and
   * without it when nobody is logged in (H5 before choosing an account) instead of failing.
   */
  auth?: boolean | 'optional';
  /** Show a toast with the error message. Default true. */
  toast?: boolean;
  /**
   * Sent as `Idempotency-Key` (POST): the same key on every retry of one submission makes the
   * server answer a repeat with the first result instead of creating twice. A POST without one
   * gets a fresh key (a double tap inside one call is still one request).
   */
  idempotencyKey?: string;
}

/** How long a request may take before the person is told (a weak 3G line in a stairwell). */
export const REQUEST_TIMEOUT_MS = 20_000;
/** NETWORK: nothing reached the server; TIMEOUT: no answer in time — it may have gone through. */
export const NETWORK = 'NETWORK';
export const TIMEOUT = 'TIMEOUT';

/** A key for one logical submission (kept across its retries): time + random, 8–64 of [A-Za-z0-9-]. */
export function newIdempotencyKey(): string {
  const random = () => Math.floor(Math.random() * 0x100000000).toString(36);
  return `${Date.now().toString(36)}-${random()}${random()}${random()}`;
}

/** Whether the failure may be only the network's (a retry with the same key is safe). */
export function isNetworkError(err: unknown): boolean {
  return err instanceof ApiError && (err.code === NETWORK || err.code === TIMEOUT);
}

/** What went wrong on the way, in words a person can act on; a write that timed out may have arrived. */
function networkError(failure: unknown, write: boolean): ApiError {
  const errMsg = String((failure as { errMsg?: string; message?: string } | null)?.errMsg ?? (failure as Error | null)?.message ?? '');
  if (/timeout|超时/i.test(errMsg)) {
    return write
      ? new ApiError(TIMEOUT, '网络太慢，没等到回复：这次提交可能已经成功，也可能没有。请点“重试”，不会重复提交。', 0)
      : new ApiError(TIMEOUT, '网络太慢，加载超时，请稍后重试', 0);
  }
  return write
    ? new ApiError(NETWORK, '网络连接失败，这次提交可能没有发出。您填写的内容都还在，请检查网络后点“重试”，不会重复提交。', 0)
    : new ApiError(NETWORK, '网络连接失败，请检查网络后重试', 0);
}

const loginListeners = new Set<(result: LoginResult) => void>();
/** Called after every successful login (the session store keeps `me` from it). */
export function onLogin(listener: (result: LoginResult) => void): () => void {
  loginListeners.add(listener);
  return () => loginListeners.delete(listener);
}

let loginInFlight: Promise<LoginResult> | null = null;

/** Log in with the platform's credential. Concurrent callers share one request. */
export function login(): Promise<LoginResult> {
  if (!loginInFlight) {
    loginInFlight = doLogin().finally(() => {
      loginInFlight = null;
    });
  }
  return loginInFlight;
}

async function doLogin(): Promise<LoginResult> {
  const credential = await platform.loginCredential();
  if (!credential) throw new ApiError(LOGIN_REQUIRED, '请先选择账号登录', 401);
  const result =
    credential.kind === 'wechat'
      ? await send<LoginResult>('POST', '/api/auth/wechat-login', { code: credential.code }, null)
      : await send<LoginResult>('POST', '/api/auth/dev-login', { account: credential.account }, null);
  setToken(result.token);
  loginListeners.forEach((l) => l(result));
  return result;
}

/** H5 demo: log in as one of the demo accounts and remember the choice. */
export async function loginAs(account: string): Promise<LoginResult> {
  platform.rememberAccount(account);
  setToken(null);
  try {
    return await login();
  } catch (err) {
    platform.rememberAccount(null);
    if (err instanceof ApiError) showError(err);
    throw err;
  }
}

/** Forget the token (and the H5 demo account). */
export function logout(): void {
  setToken(null);
  platform.rememberAccount(null);
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', data, auth = true, toast = true } = options;
  const key = method === 'POST' ? (options.idempotencyKey ?? newIdempotencyKey()) : undefined;
  const call = (token: string | null) => send<T>(method, path, data, token, key);
  return shown(toast, async () => {
    if (auth !== 'optional') return withAuth<T>(call, auth);
    try {
      return await withAuth<T>(call, true);
    } catch (err) {
      if (err instanceof ApiError && err.code === LOGIN_REQUIRED) return call(null);
      throw err;
    }
  });
}

async function shown<T>(toast: boolean, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (toast && err instanceof ApiError && err.code !== LOGIN_REQUIRED) showError(err);
    throw err;
  }
}

/** Runs `call` with the token, logging in first if there is none and once more if it expired. */
async function withAuth<T>(call: (token: string | null) => Promise<T>, auth: boolean): Promise<T> {
  if (!auth) return call(null);
  let token = getToken();
  let loggedInJustNow = false;
  if (!token) {
    token = (await login()).token;
    loggedInJustNow = true;
  }
  try {
    return await call(token);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401 || !RELOGIN_CODES.has(err.code) || loggedInJustNow) throw err;
    // Another caller may already have logged in again while this request was on its way.
    const current = getToken();
    const fresh = current && current !== token ? current : (await login()).token;
    return call(fresh);
  }
}

/**
 * Uploads one photo (a temp path from Taro.chooseImage: a wxfile:// path in WeChat, a blob: URL
 * on H5) as multipart field `file` to POST /api/uploads; answers the stored photo.
 */
export function upload(filePath: string, options: { toast?: boolean; idempotencyKey?: string } = {}): Promise<PhotoView> {
  const key = options.idempotencyKey ?? newIdempotencyKey();
  return shown(options.toast ?? true, () =>
    withAuth(async (token) => {
      let res: Taro.uploadFile.SuccessCallbackResult;
      try {
        res = await Taro.uploadFile({
          url: `${base}/api/uploads`,
          filePath,
          name: 'file',
          fileName: 'photo',
          timeout: 60_000,
          header: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Idempotency-Key': key },
        } as Taro.uploadFile.Option);
      } catch (failure) {
        const err = networkError(failure, true);
        throw new ApiError(err.code, err.code === TIMEOUT ? '照片上传超时，请点照片上的“重试”' : '照片上传失败，请检查网络后点照片上的“重试”', 0);
      }
      return unwrap<PhotoView>(res.statusCode, res.data);
    }, true),
  );
}

export interface DownloadOptions {
  /** What to tell the person for a refusal, by HTTP status (the body of a download cannot be read). */
  refusals?: Record<number, string>;
  /** When the network fails or the status has no word of its own. */
  failure?: string;
}

/**
 * Downloads a file from the API with the token (WeChat: a temp file; H5: a blob: URL) and
 * answers its local path; logs in again once if the token expired. Errors are ApiErrors with a
 * message a person can act on. Pages never call Taro.downloadFile themselves.
 */
export function download(path: string, options: DownloadOptions = {}): Promise<string> {
  const failure = options.failure ?? '下载失败，请稍后再试';
  return withAuth(async (token) => {
    let res: Taro.downloadFile.FileSuccessCallbackResult;
    try {
      res = await Taro.downloadFile({ url: `${base}${path}`, header: token ? { Authorization: `Bearer ${token}` } : {} });
    } catch {
      throw new ApiError('NETWORK', `${failure}（请检查网络）`, 0);
    }
    if (res.statusCode === 200) return res.tempFilePath;
    if (res.statusCode === 401) throw new ApiError('TOKEN_EXPIRED', '登录已过期，请重新登录', 401);
    throw new ApiError('HTTP_' + res.statusCode, options.refusals?.[res.statusCode] ?? failure, res.statusCode);
  }, true);
}

/** 我的数据: the workbook of everything held about me; deleting the account (type 注销 to confirm). */
export const myDataApi = {
  export: () => openDocument('/api/me/data.xlsx', 'xlsx', { failure: '导出失败，请稍后再试' }),
  deleteAccount: (confirm: string) => request<AccountDeleted>('/api/me/delete', { method: 'POST', data: { confirm }, toast: false }),
};

/** Downloads a document and opens it (WeChat); on H5 `opened` is false and `url` is for a link. */
export async function openDocument(path: string, fileType: 'pdf' | 'xlsx', options: DownloadOptions = {}): Promise<{ opened: boolean; url: string }> {
  const url = await download(path, options);
  return { opened: await platform.openDocument(url, fileType), url };
}

const photoCache = new Map<string, Promise<string>>();

/**
 * A path an <Image> can show for a photo URL from the server (/api/uploads/:id). Photos of
 * private needs need the token, which neither WeChat's <image> nor an H5 <img> can send, so the
 * file is downloaded with the token (WeChat: a temp file; H5: a blob: URL) and cached.
 */
export function photoSrc(url: string): Promise<string> {
  let hit = photoCache.get(url);
  if (!hit) {
    hit = download(url, { failure: '照片加载失败' });
    hit.catch(() => photoCache.delete(url));
    photoCache.set(url, hit);
  }
  return hit;
}

interface ErrorBody {
  error?: { code?: string; message?: string; requestId?: string; fields?: FieldError[] };
}

async function send<T>(method: Method, path: string, data: unknown, token: string | null, idempotencyKey?: string): Promise<T> {
  const header: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) header.Authorization = `Bearer ${token}`;
  if (idempotencyKey) header['Idempotency-Key'] = idempotencyKey;
  // The server refuses an empty body sent as JSON: a POST without data sends {}.
  const body = data === undefined && method !== 'GET' && method !== 'DELETE' ? {} : data;
  let res: Taro.request.SuccessCallbackResult<string | TaroGeneral.IAnyObject | ArrayBuffer>;
  try {
    res = await Taro.request({ url: `${base}${path}`, method, data: body as Record<string, unknown> | undefined, header, dataType: 'json', timeout: REQUEST_TIMEOUT_MS });
  } catch (failure) {
    throw networkError(failure, method !== 'GET');
  }
  return unwrap<T>(res.statusCode, res.data);
}

function unwrap<T>(statusCode: number, raw: unknown): T {
  const body = parseBody(raw);
  if (statusCode >= 200 && statusCode < 300) {
    return (body as { data: T } | null)?.data as T;
  }
  const e = (body as ErrorBody | null)?.error;
  if (e?.code) throw new ApiError(e.code, e.message || '操作失败，请稍后重试', statusCode, e.fields, e.requestId);
  throw new ApiError('HTTP_' + statusCode, statusCode >= 500 ? '服务暂时不可用，请稍后重试' : '请求失败，请稍后重试', statusCode);
}

function parseBody(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw ?? null;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

/** The text shown to a person: the server's message, plus the first field's reason if any. */
export function errorText(err: ApiError): string {
  const field = err.fields?.[0];
  return field && !err.message.includes(field.message) ? `${err.message}：${field.message}` : err.message;
}

function showError(err: ApiError): void {
  void Taro.showToast({ title: errorText(err), icon: 'none', duration: 3000 });
}

/** Typed endpoints. */
export const api = {
  demoAccounts: () => request<DemoAccount[]>('/api/auth/demo-accounts', { auth: false, toast: false }),
  me: () => request<MeView>('/api/me'),
  updateNickname: (nickname: string) => request<MeView>('/api/me', { method: 'PATCH', data: { nickname } }),
  bindPhone: (code: string) => request<PhoneBound>('/api/me/phone', { method: 'POST', data: { code } }),
  setResidence: (input: ResidenceInput) =>
    request<MeView>('/api/me/residence', { method: 'PUT', data: input }),
  tree: () => request<TreeNodeView[]>('/api/nodes/tree', { auth: false }),

  // 居民需求
  categories: () => request<NeedCategoryView[]>('/api/needs/categories', { auth: false }),
  /** toast: false — the report form shows the reasons next to the fields. */
  reportNeed: (input: ReportNeedInput, idempotencyKey?: string) => request<NeedView>('/api/needs', { method: 'POST', data: input, toast: false, idempotencyKey }),
  similarNeeds: (q: SimilarNeedsQuery) => request<SimilarNeed[]>('/api/needs/similar' + query(q), { toast: false }),
  myNeeds: () => request<MyNeedItem[]>('/api/needs/mine'),
  need: (id: number) => request<NeedAnyView>(`/api/needs/${id}`),
  timeline: (id: number) => request<NeedTimeline>(`/api/needs/${id}/timeline`),
  /** A public need's page for a visitor who is not logged in (404 for a private one). */
  publicTimeline: (id: number) => request<NeedTimeline>(`/api/public/needs/${id}`, { auth: false }),
  board: (communityId: number, page: PageInput = {}) =>
    request<Paged<NeedListItem>>(`/api/public/communities/${communityId}/needs` + query(page), { auth: false }),
  meToo: (id: number, subscribed: string[] = []) => request<NeedAnyView>(`/api/needs/${id}/me-too`, { method: 'POST', data: { subscribed } }),
  rate: (id: number, input: RateNeedInput, idempotencyKey?: string) => request<NeedView>(`/api/needs/${id}/rate`, { method: 'POST', data: input, toast: false, idempotencyKey }),
  reopen: (id: number, input: ReopenNeedInput, idempotencyKey?: string) =>
    request<NeedView>(`/api/needs/${id}/reopen`, { method: 'POST', data: input, toast: false, idempotencyKey }),

  // 工作台: triage
  queue: (filter: NeedQueueQuery) => request<Paged<NeedListItem>>('/api/needs/queue' + query(filter)),
  accept: (id: number, input: AcceptNeedInput = {}) => request<NeedView>(`/api/needs/${id}/accept`, { method: 'POST', data: input }),
  acceptMany: (ids: number[]) => request<AcceptManyResult>('/api/needs/accept-many', { method: 'POST', data: { ids } }),
  handlerOptions: (id: number) => request<HandlerOption[]>(`/api/needs/${id}/handler-options`),
  assign: (id: number, handlerId: number) => request<NeedView>(`/api/needs/${id}/assign`, { method: 'POST', data: { handlerId } }),
  reject: (id: number, reason: string) => request<NeedView>(`/api/needs/${id}/reject`, { method: 'POST', data: { reason } }),
  merge: (id: number, intoId: number, reason?: string) => request<NeedView>(`/api/needs/${id}/merge`, { method: 'POST', data: { intoId, reason } }),
  setPriority: (id: number, priority: number) => request<NeedView>(`/api/needs/${id}/priority`, { method: 'POST', data: { priority } }),
  route: (id: number, input: RouteNeedInput) => request<NeedView>(`/api/needs/${id}/route`, { method: 'POST', data: input }),
  done: (id: number, input: DoneNeedInput) => request<NeedView>(`/api/needs/${id}/done`, { method: 'POST', data: input }),
  close: (id: number, input: CloseNeedInput) => request<NeedView>(`/api/needs/${id}/close`, { method: 'POST', data: input }),

  // 消息
  inbox: (page: PageInput = {}) => request<InboxPage>('/api/inbox' + query(page)),
  unreadCount: () => request<UnreadCount>('/api/inbox/unread-count', { toast: false }),
  readMessage: (id: number) => request<UnreadCount>(`/api/inbox/${id}/read`, { method: 'POST' }),
  readAll: () => request<UnreadCount>('/api/inbox/read-all', { method: 'POST' }),
  /** Staff accepted subscribe messages for their own work (fund approvals). */
  grantSubscriptions: (keys: string[]) => request<SubscriptionCredits>('/api/inbox/subscriptions', { method: 'POST', data: { keys }, toast: false }),
};

/** `?a=1&b=x` from the defined values (empty when none). */
export function query(params: object): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
