/**
 * The one way the mini-program talks to the server. It adds the token, unwraps `{ data }`,
 * turns `{ error }` into an ApiError, logs in again once when the token has expired (all
 * callers that hit the expiry share one login), and shows the server's Chinese message in a
 * toast. Pages never call Taro.request themselves.
 */
import Taro from '@tarojs/taro';
import { platform } from '../platform/index';
import type { DemoAccount, FieldError, LoginResult, MeView, TreeNode } from './types';

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
  /** Send the token (and log in first if there is none). Default true. */
  auth?: boolean;
  /** Show a toast with the error message. Default true. */
  toast?: boolean;
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
  try {
    return await withAuth<T>(method, path, data, auth);
  } catch (err) {
    if (toast && err instanceof ApiError && err.code !== LOGIN_REQUIRED) showError(err);
    throw err;
  }
}

async function withAuth<T>(method: Method, path: string, data: unknown, auth: boolean): Promise<T> {
  if (!auth) return send<T>(method, path, data, null);
  let token = getToken();
  let loggedInJustNow = false;
  if (!token) {
    token = (await login()).token;
    loggedInJustNow = true;
  }
  try {
    return await send<T>(method, path, data, token);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401 || !RELOGIN_CODES.has(err.code) || loggedInJustNow) throw err;
    // Another caller may already have logged in again while this request was on its way.
    const current = getToken();
    const fresh = current && current !== token ? current : (await login()).token;
    return send<T>(method, path, data, fresh);
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; requestId?: string; fields?: FieldError[] };
}

async function send<T>(method: Method, path: string, data: unknown, token: string | null): Promise<T> {
  const header: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) header.Authorization = `Bearer ${token}`;
  let res: Taro.request.SuccessCallbackResult<string | TaroGeneral.IAnyObject | ArrayBuffer>;
  try {
    res = await Taro.request({ url: `${base}${path}`, method, data: data as Record<string, unknown> | undefined, header, dataType: 'json' });
  } catch {
    throw new ApiError('NETWORK', '网络连接失败，请检查网络后重试', 0);
  }
  const body = parseBody(res.data);
  if (res.statusCode >= 200 && res.statusCode < 300) {
    return (body as { data: T } | null)?.data as T;
  }
  const e = (body as ErrorBody | null)?.error;
  if (e?.code) throw new ApiError(e.code, e.message || '操作失败，请稍后重试', res.statusCode, e.fields, e.requestId);
  throw new ApiError('HTTP_' + res.statusCode, res.statusCode >= 500 ? '服务暂时不可用，请稍后重试' : '请求失败，请稍后重试', res.statusCode);
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
  bindPhone: (code: string) => request<{ phoneMasked: string }>('/api/me/phone', { method: 'POST', data: { code } }),
  setResidence: (input: { communityId: number; building: string; unit: string }) =>
    request<MeView>('/api/me/residence', { method: 'PUT', data: input }),
  tree: () => request<TreeNode[]>('/api/nodes/tree', { auth: false }),
};
