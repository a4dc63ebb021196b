/**
 * The harness for the BUILT mini-program (dist/weapp, or $DIST_DIR/weapp) in miniprogram-simulate,
 * which compiles the wxml with WeChat's own template compiler. wx.request answers from the fake
 * API routes that each spec file registers with fakeRoutes(), so pages go through the real login
 * (wx.login → /api/auth/wechat-login) and their real requests. Each spec file calls
 * installSimulator() once at its top; jest gives each file its own globals.
 *
 * Needs `npm run build:weapp` first.
 */
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(__dirname, '..', '..', process.env.DIST_DIR || 'dist', 'weapp');

if (!fs.existsSync(path.join(root, 'app.js'))) {
  throw new Error(`dist/weapp is missing: run \`npm run build:weapp\` before this test (looked in ${root}).`);
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const wxApi = require('miniprogram-simulate/src/api');

export interface WxRequest {
  url: string;
  method?: string;
  data?: unknown;
  header?: Record<string, string>;
  success?: (res: unknown) => void;
  fail?: (err: unknown) => void;
  complete?: (res: unknown) => void;
}

export const requests: Array<{ url: string; method: string; auth?: string }> = [];
export const downloads: Array<{ url: string; auth?: string }> = [];
export const badges: string[] = [];
/** The query the next rendered page is opened with (Taro reads it in onLoad). */
let nextQuery: Record<string, string> = {};


export type FakeResponse = { statusCode: number; data: unknown };
/** A fake API route: answers a request (url without the host) or returns undefined to pass. */
export type FakeRoute = (url: string, req: WxRequest) => FakeResponse | undefined;
const routes: FakeRoute[] = [];
/** Registers fake API routes; the first route that answers wins; unanswered requests get 404. */
export function fakeRoutes(route: FakeRoute): void {
  routes.push(route);
}
export const ok = (data: unknown): FakeResponse => ({ statusCode: 200, data: { data } });
export const fail = (statusCode: number, code: string, message: string): FakeResponse => ({ statusCode, data: { error: { code, message, requestId: 'r' } } });

function fakeApi(req: WxRequest): FakeResponse {
  const url = req.url.replace(/^https?:\/\/[^/]+/, '');
  for (const route of routes) {
    const res = route(url, req);
    if (res) return res;
  }
  return fail(404, 'NOT_FOUND', '没有找到');
}

let app: Record<string, (...args: unknown[]) => unknown> | null = null;
const pages: unknown[] = [];

/** Sets up wx, App and Page and loads app.js before the calling file's tests; `storage`: what the phone kept from before (e.g. 长辈模式). */
export function installSimulator(storage: Record<string, unknown> = {}): void {
beforeAll(() => {
  const g = global as unknown as Record<string, unknown>;
  const wx = { ...wxApi };
  wx.login = (opts: { success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
    const res = { code: 'wx-code', errMsg: 'login:ok' };
    setTimeout(() => {
      opts?.success?.(res);
      opts?.complete?.(res);
    }, 0);
  };
  wx.request = (opts: WxRequest) => {
    requests.push({ url: opts.url, method: opts.method ?? 'GET', auth: opts.header?.Authorization });
    const res = { ...fakeApi(opts), header: {}, errMsg: 'request:ok' };
    const timer = setTimeout(() => {
      opts.success?.(res);
      opts.complete?.(res);
    }, 5);
    return { abort: () => clearTimeout(timer), onHeadersReceived() {}, offHeadersReceived() {}, onChunkReceived() {}, offChunkReceived() {} };
  };
  wx.downloadFile = (opts: { url: string; header?: Record<string, string>; success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
    downloads.push({ url: opts.url, auth: opts.header?.Authorization });
    const res = { statusCode: 200, tempFilePath: 'wxfile://tmp/photo.png', errMsg: 'downloadFile:ok' };
    setTimeout(() => {
      opts.success?.(res);
      opts.complete?.(res);
    }, 5);
    return { abort() {}, onProgressUpdate() {}, offProgressUpdate() {}, onHeadersReceived() {}, offHeadersReceived() {} };
  };
  const badge =
    (kind: string) =>
    (opts: { index: number; text?: string; success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
      badges.push(`${kind} ${opts.index} ${opts.text ?? ''}`.trim());
      const res = { errMsg: `${kind}:ok` };
      setTimeout(() => {
        opts.success?.(res);
        opts.complete?.(res);
      }, 0);
    };
  wx.setTabBarBadge = badge('setTabBarBadge');
  wx.removeTabBarBadge = badge('removeTabBarBadge');
  g.wx = wx;
  // miniprogram-simulate's storage keeps nothing: an in-memory one, like the phone's.
  const kept = new Map<string, unknown>(Object.entries(storage));
  wx.getStorageSync = (key: string) => (kept.has(key) ? kept.get(key) : '');
  wx.setStorageSync = (key: string, value: unknown) => void kept.set(key, value);
  wx.removeStorageSync = (key: string) => void kept.delete(key);
  g.App = (options: Record<string, (...args: unknown[]) => unknown>) => {
    app = options;
  };
  g.getApp = () => app;
  g.getCurrentPages = () => pages;
  // Taro registers pages with Page(); miniprogram-simulate knows Component(). Page lifecycles
  // become methods, called when the component is attached.
  g.Page = (options: Record<string, unknown>) => {
    const methods: Record<string, unknown> = {};
    const data = (options.data as Record<string, unknown>) ?? {};
    for (const [k, v] of Object.entries(options)) if (typeof v === 'function') methods[k] = v;
    (g.Component as (o: unknown) => void)({
      data,
      methods,
      lifetimes: {
        attached(this: Record<string, (...a: unknown[]) => void> & { route?: string; __route__?: string }) {
          pages.push(this);
          this.onLoad?.(nextQuery);
          this.onShow?.();
          this.onReady?.();
        },
      },
    });
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(root, 'app.js'));
  if (!app) throw new Error('dist/weapp/app.js did not call App()');
  app.onLaunch?.call(app, { path: 'pages/index/index', query: {}, scene: 1001 });
  app.onShow?.call(app, { path: 'pages/index/index', query: {}, scene: 1001 });
});
}

export async function renderPage(pagePath: string, query: Record<string, string> = {}): Promise<{ text: () => string; html: () => string; data: () => string }> {
  nextQuery = query;
  const id = simulate.load(path.join(root, pagePath), { rootPath: root });
  const comp = simulate.render(id);
  // (No DOM type names here: server/tsconfig.json, which has no DOM lib, also checks this folder.)
  const doc = (global as unknown as { document: { createElement(tag: string): unknown } }).document;
  comp.attach(doc.createElement('parent-wrapper'));
  const dom = comp.dom as { textContent: string | null; innerHTML: string };
  const text = () => dom.textContent ?? '';
  const html = () => dom.innerHTML;
  // The render tree Taro hands to the template (attribute values such as open-type live here).
  const data = () => JSON.stringify(comp.instance.data);
  return { text, html, data };
}

export async function waitForText(page: { text: () => string }, expected: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!page.text().includes(expected)) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for "${expected}"; page text: ${page.text().slice(0, 400)}`);
    await simulate.sleep(20);
  }
}

/** Waits until `cond` holds (the simulator's clock), or fails with `what`. */
export async function waitUntil(cond: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await simulate.sleep(20);
  }
}
