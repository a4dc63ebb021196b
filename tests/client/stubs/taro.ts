/**
 * A small stand-in for @tarojs/taro in the client jest project: in-memory storage, a request
 * function whose answers each test scripts, and recorded toasts and navigation.
 */
import { useEffect } from 'react';

export interface FakeRequest {
  url: string;
  method: string;
  data?: unknown;
  header: Record<string, string>;
}
export interface FakeResponse {
  statusCode: number;
  data: unknown;
}
type Handler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

const storage = new Map<string, unknown>();
let handler: Handler = () => ({ statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '未配置' } } });

export const fake = {
  requests: [] as FakeRequest[],
  toasts: [] as string[],
  navigations: [] as string[],
  pages: 1,
  loginCode: 'wx-code-1',
  setHandler(h: Handler) {
    handler = h;
  },
  reset() {
    storage.clear();
    this.requests.length = 0;
    this.toasts.length = 0;
    this.navigations.length = 0;
    this.pages = 1;
    handler = () => ({ statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '未配置' } } });
  },
};

const nav = (kind: string) => async (opts: { url: string }) => {
  fake.navigations.push(`${kind} ${opts.url}`);
  return { errMsg: `${kind}:ok` };
};

const Taro = {
  getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
  setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
  removeStorageSync: (key: string) => void storage.delete(key),
  async request(opts: { url: string; method?: string; data?: unknown; header?: Record<string, string> }) {
    const req: FakeRequest = { url: opts.url, method: opts.method ?? 'GET', data: opts.data, header: { ...(opts.header ?? {}) } };
    fake.requests.push(req);
    const res = await handler(req);
    return { ...res, header: {}, errMsg: 'request:ok' };
  },
  async showToast(opts: { title: string }) {
    fake.toasts.push(opts.title);
    return { errMsg: 'showToast:ok' };
  },
  async login() {
    return { code: fake.loginCode, errMsg: 'login:ok' };
  },
  async scanCode() {
    return { result: 'scanned' };
  },
  async requestSubscribeMessage() {
    return {};
  },
  navigateTo: nav('navigateTo'),
  redirectTo: nav('redirectTo'),
  switchTab: nav('switchTab'),
  reLaunch: nav('reLaunch'),
  navigateBack: async () => {
    fake.navigations.push('navigateBack');
    return { errMsg: 'navigateBack:ok' };
  },
  getCurrentPages: () => Array.from({ length: fake.pages }, () => ({})),
};

export function useDidShow(cb: () => void) {
  useEffect(() => {
    cb();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
export function useLaunch(cb: () => void) {
  useEffect(() => {
    cb();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
export function useError() {}

export default Taro;
