import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Browser tests run the product the way `npm start` runs it (server/tools/start.js: embedded
 * database in a fresh data folder, demo mode, the H5 build at /) and drive it with Debian's
 * Chromium through playwright-core. The test command builds dist/ before jest starts.
 */

const ROOT = resolve(__dirname, '..', '..');
export const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
/** The builds under test (DIST_DIR, as for `npm start`, default dist). */
const DIST = process.env.DIST_DIR || 'dist';

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => res(port));
    });
  });
}

export interface Product {
  url: string;
  dataDir: string;
  logs: string[];
  stop(): Promise<void>;
}

export async function startProduct(env: Record<string, string> = {}): Promise<Product> {
  for (const f of [`${DIST}/server/main.js`, `${DIST}/h5/index.html`]) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` first (npm test does)`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'wushe-e2e-'));
  const port = await freePort();
  const logs: string[] = [];
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'server/tools/start.js')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SKIP_BUILD: 'true', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => logs.push(String(d)));
  child.stderr!.on('data', (d) => logs.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${logs.join('')}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy in 30 s:\n${logs.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir,
    logs,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))]);
        clearTimeout(timer);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`${executablePath} is missing: apt-get install -y chromium (.ci/run does)`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export type PhonePage = Page & {
  /** What went wrong in the page that it did not expect: uncaught errors, console errors, 5xx answers, failed requests. */
  errors: string[];
  /** Console errors and failed requests this test expects (matched against the message). */
  allow: (pattern: RegExp) => void;
};

const openPages: PhonePage[] = [];

/**
 * A phone-sized page (iPhone 12-like), Chinese locale. Everything that goes wrong in it is
 * collected, and every browser test fails if a page it opened collected anything (checked after
 * each test): an uncaught error, a console error, a 5xx, a request that failed. 4xx answers are
 * the app's to handle (401 → login, 409 → the message) and are not errors by themselves; the
 * browser's own "Failed to load resource" line for them is therefore not counted either.
 */
export async function phonePage(browser: Browser): Promise<PhonePage> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page = (await context.newPage()) as PhonePage;
  const allowed: RegExp[] = [];
  page.errors = [];
  page.allow = (pattern) => allowed.push(pattern);
  const add = (message: string) => {
    if (!allowed.some((p) => p.test(message))) page.errors.push(message);
  };
  page.on('pageerror', (e) => add(`uncaught: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) add(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500) add(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText ?? '';
    // A navigation or a photo the page itself abandoned (leaving the page) is not a failure.
    if (!why.includes('ERR_ABORTED')) add(`request failed: ${r.method()} ${r.url()} ${why}`);
  });
  openPages.push(page);
  return page;
}

// Every browser test: no page it opened may have collected an error.
afterEach(() => {
  const found = openPages.flatMap((p) => p.errors.splice(0));
  if (found.length) throw new Error(`the page reported errors it did not expect:\n${found.join('\n')}`);
});
afterAll(() => {
  openPages.length = 0;
});

export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  // Taro's H5 router slides pages in; let the transition finish before the picture.
  await page.waitForTimeout(500);
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

export function cleanArtifacts(prefix: string): void {
  if (!existsSync(ARTIFACTS)) return;
  for (const f of require('node:fs').readdirSync(ARTIFACTS) as string[]) if (f.startsWith(prefix)) rmSync(join(ARTIFACTS, f));
}

/** A small real PNG (a red-to-blue gradient), made here so the test needs no fixture file. */
export function png(width = 64, height = 48): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = -1;
    for (const b of buf) c = table[(c ^ b) & 255] ^ (c >>> 8);
    return (c ^ -1) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = y * (width * 3 + 1) + 1 + x * 3;
      raw[o] = 200;
      raw[o + 1] = Math.round((x / width) * 160);
      raw[o + 2] = Math.round((y / height) * 255);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Logs in on the H5 demo login page as a demo account and waits for the home page. */
export async function loginAs(page: Page, product: Product, account: string): Promise<void> {
  await page.goto(product.url + '/#/pages/login/index');
  await page.locator(`.demo-account[data-account="${account}"]`).click({ timeout: 20_000 });
  await page.locator('.home-community').waitFor({ timeout: 20_000 });
}

/** Scrolls the element into the middle of the phone screen before a picture. */
export async function showAndShot(page: Page, selector: string, name: string): Promise<void> {
  await page.locator(selector).first().evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await shot(page, name);
}

/** Waits until the first element for `selector` contains `text`. */
export async function waitForText(page: Page, selector: string, text: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const loc = page.locator(selector).first();
    if ((await page.locator(selector).count()) > 0 && (last = await loc.innerText()).includes(text)) return;
    if (Date.now() > deadline) throw new Error(`"${selector}" reads "${last}", expected it to contain "${text}"`);
    await page.waitForTimeout(100);
  }
}

/** Waits until the first element for `selector` reads exactly `text` (or, with null, until none is left). */
export async function waitForExactText(page: Page, selector: string, text: string | null, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const el = page.locator(selector).first();
    const count = await page.locator(selector).count();
    if (text === null ? count === 0 : count > 0 && (last = await el.innerText()) === text) return;
    if (Date.now() > deadline) throw new Error(`"${selector}" still reads "${last}" (count ${count}), expected ${text === null ? 'none' : `"${text}"`}`);
    await page.waitForTimeout(100);
  }
}

/** Taro's H5 modal (confirmDialog): press the button that says `text`. */
export async function confirmModal(page: Page, text: string): Promise<void> {
  await page.locator('.taro-modal__foot').getByText(text, { exact: true }).click({ timeout: 10_000 });
}

/** Calls the product's API as a demo account (the H5 demo login), answering `data`. */
export async function apiAs(product: Product, account: string) {
  const login = await fetch(`${product.url}/api/auth/dev-login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ account }) });
  const { data } = (await login.json()) as { data: { token: string; me: { roles: Array<{ role: string; nodeId: number; nodeLevel: string }>; residence: { communityId: number } | null } } };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${product.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${data.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as { data?: T; error?: { message: string } };
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${json.error?.message}`);
    return json.data as T;
  };
  return { me: data.me, call };
}
