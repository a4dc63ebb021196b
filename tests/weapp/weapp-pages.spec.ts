/**
 * Loads the BUILT mini-program (dist/weapp) with miniprogram-simulate, which compiles the wxml
 * with WeChat's own template compiler, and checks that each tab page and the workbench
 * subpackage page render their content. wx.request answers from a small fake of our API, so
 * the pages go through the real login (wx.login → /api/auth/wechat-login) and /api/me.
 *
 * Needs `npm run build:weapp` first.
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', 'dist', 'weapp');

if (!fs.existsSync(path.join(root, 'app.js'))) {
  throw new Error(`dist/weapp is missing: run \`npm run build:weapp\` before this test (looked in ${root}).`);
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const wxApi = require('miniprogram-simulate/src/api');

interface WxRequest {
  url: string;
  method?: string;
  data?: unknown;
  header?: Record<string, string>;
  success?: (res: unknown) => void;
  fail?: (err: unknown) => void;
  complete?: (res: unknown) => void;
}

const requests: Array<{ url: string; method: string; auth?: string }> = [];

const STAFF_ME = {
  id: 6,
  nickname: '李娜',
  phoneMasked: '138****1005',
  residence: { communityId: 3, communityName: '文昌社区', streetName: '古南街道', districtName: '綦江区', building: '1栋', unit: '1单元' },
  roles: [
    { id: 1, role: 'resident', roleLabel: '居民', nodeId: 3, nodeName: '文昌社区', nodeLevel: 'community', nodeLevelLabel: '社区', orgId: null, orgName: null },
    { id: 2, role: 'staff', roleLabel: '社区工作人员', nodeId: 3, nodeName: '文昌社区', nodeLevel: 'community', nodeLevelLabel: '社区', orgId: null, orgName: null },
  ],
  workbench: true,
  manager: true,
};

function fakeApi(req: WxRequest): { statusCode: number; data: unknown } {
  const url = req.url.replace(/^https?:\/\/[^/]+/, '');
  if (url === '/api/auth/wechat-login') return { statusCode: 200, data: { data: { token: 'tk-weapp', expiresIn: 3600, isNew: false, me: STAFF_ME } } };
  if (req.header?.Authorization !== 'Bearer tk-weapp') return { statusCode: 401, data: { error: { code: 'UNAUTHENTICATED', message: '请先登录', requestId: 'r' } } };
  if (url === '/api/me') return { statusCode: 200, data: { data: STAFF_ME } };
  return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '没有找到', requestId: 'r' } } };
}

let app: Record<string, (...args: unknown[]) => unknown> | null = null;
const pages: unknown[] = [];

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
  g.wx = wx;
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
          this.onLoad?.({});
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

async function renderPage(pagePath: string): Promise<{ text: () => string; html: () => string; data: () => string }> {
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

async function waitForText(page: { text: () => string }, expected: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!page.text().includes(expected)) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for "${expected}"; page text: ${page.text().slice(0, 400)}`);
    await simulate.sleep(20);
  }
}

describe('built mini-program (dist/weapp) in miniprogram-simulate', () => {
  it('首页 shows the community and the closed loop', async () => {
    const page = await renderPage('pages/index/index');
    await waitForText(page, '文昌社区');
    for (const step of ['居民需求', '社区协商', '慈善资源保障', '社会组织实施', '社工指导', '志愿者参与', '居民监督和反馈']) {
      expect(page.text()).toContain(step);
    }
    expect(page.text()).toContain('李娜，您好');
    expect(page.html()).toContain('home-community');
    // It logged in through WeChat and used the token.
    expect(requests.some((r) => r.url.endsWith('/api/auth/wechat-login') && r.method === 'POST')).toBe(true);
    expect(requests.filter((r) => r.url.endsWith('/api/me')).every((r) => r.auth === 'Bearer tk-weapp')).toBe(true);
  });

  it('需求 says honestly that needs reporting comes next', async () => {
    const page = await renderPage('pages/needs/index');
    await waitForText(page, '需求反映即将上线');
  });

  it('志愿 says honestly that volunteering comes next', async () => {
    const page = await renderPage('pages/volunteer/index');
    await waitForText(page, '志愿服务即将上线');
  });

  it('我的 shows nickname, masked phone, the bind-phone button, roles and the workbench entry', async () => {
    const page = await renderPage('pages/me/index');
    await waitForText(page, '李娜');
    expect(page.text()).toContain('手机号 138****1005');
    expect(page.text()).toContain('社区工作人员');
    expect(page.text()).toContain('进入工作台');
    expect(page.text()).toContain('更换手机号');
    expect(page.html()).toContain('me-bind-phone');
    expect(page.data()).toContain('"getPhoneNumber"');
    expect(page.text()).not.toContain('切换体验账号');
  });

  it('工作台 (subpackage) shows the roles it covers and the entries, marked 即将上线', async () => {
    const page = await renderPage('workbench/pages/index/index');
    await waitForText(page, '李娜的工作台');
    expect(page.text()).toContain('负责范围：文昌社区（社区）');
    expect(page.text()).toContain('需求受理');
    expect(page.text()).toContain('即将上线');
  });
});
