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
export interface FakeUpload {
  url: string;
  filePath: string;
  name: string;
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
  /** Query of the current page (useRouter). */
  params: {} as Record<string, string>,
  /** Path of the current page (getCurrentInstance().router). */
  path: '/pages/index/index',
  uploads: [] as FakeUpload[],
  downloads: [] as FakeRequest[],
  /** What Taro.chooseImage answers (null: the user cancelled). */
  chosenImages: ['blob:photo-1'] as string[] | null,
  badges: [] as string[],
  /** Selectors the page scrolled to (Taro.pageScrollTo). */
  scrolls: [] as string[],
  /** Modals shown (Taro.showModal: title and content); `confirm` answers them. */
  modals: [] as Array<{ title: string; content: string }>,
  confirm: true,
  setHandler(h: Handler) {
    handler = h;
  },
  reset() {
    storage.clear();
    this.requests.length = 0;
    this.toasts.length = 0;
    this.navigations.length = 0;
    this.pages = 1;
    this.params = {};
    this.path = '/pages/index/index';
    this.uploads.length = 0;
    this.downloads.length = 0;
    this.chosenImages = ['blob:photo-1'];
    this.badges.length = 0;
    this.scrolls.length = 0;
    this.modals.length = 0;
    this.confirm = true;
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
  async uploadFile(opts: { url: string; filePath: string; name: string; header?: Record<string, string> }) {
    fake.uploads.push({ url: opts.url, filePath: opts.filePath, name: opts.name, header: { ...(opts.header ?? {}) } });
    const req: FakeRequest = { url: opts.url, method: 'POST', data: { file: opts.filePath }, header: { ...(opts.header ?? {}) } };
    fake.requests.push(req);
    const res = await handler(req);
    // Like wx.uploadFile: the body arrives as a string.
    return { statusCode: res.statusCode, data: JSON.stringify(res.data), errMsg: 'uploadFile:ok' };
  },
  async downloadFile(opts: { url: string; header?: Record<string, string> }) {
    const req: FakeRequest = { url: opts.url, method: 'GET', header: { ...(opts.header ?? {}) } };
    fake.downloads.push(req);
    const res = await handler(req);
    return { statusCode: res.statusCode, tempFilePath: `tmp:${opts.url}`, errMsg: 'downloadFile:ok' };
  },
  async chooseImage(opts: { count?: number }) {
    if (!fake.chosenImages) throw { errMsg: 'chooseImage:fail cancel' };
    const paths = fake.chosenImages.slice(0, opts.count ?? 9);
    return { tempFilePaths: paths, tempFiles: paths.map((path) => ({ path, size: 100 })), errMsg: 'chooseImage:ok' };
  },
  async previewImage() {
    return { errMsg: 'previewImage:ok' };
  },
  async chooseLocation() {
    return { latitude: 29.0, longitude: 106.6, name: '文昌社区广场', address: '古南街道' };
  },
  async setTabBarBadge(opts: { index: number; text: string }) {
    fake.badges.push(`${opts.index}:${opts.text}`);
    return { errMsg: 'setTabBarBadge:ok' };
  },
  async removeTabBarBadge(opts: { index: number }) {
    fake.badges.push(`${opts.index}:`);
    return { errMsg: 'removeTabBarBadge:ok' };
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
  async setKeepScreenOn() {
    return { errMsg: 'setKeepScreenOn:ok' };
  },
  showModal: async (opts: { title: string; content: string }) => {
    fake.modals.push({ title: opts.title, content: opts.content });
    return { confirm: fake.confirm, cancel: !fake.confirm, errMsg: 'showModal:ok' };
  },
  pageScrollTo: async (opts: { selector?: string; scrollTop?: number }) => {
    fake.scrolls.push(opts.selector ?? String(opts.scrollTop));
    return { errMsg: 'pageScrollTo:ok' };
  },
  getCurrentPages: () => Array.from({ length: fake.pages }, () => ({})),
  getCurrentInstance: () => ({ router: { path: fake.path, params: fake.params } }),
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
export function useRouter() {
  return { params: fake.params, path: '' };
}

export default Taro;
