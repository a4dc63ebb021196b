import { get } from 'node:http';
import type { Browser } from 'playwright-core';
import { cleanArtifacts, launchBrowser, phonePage, type Product, shot, startProduct } from './support';

/** The bytes a brotli-accepting client receives (node:http does not decompress). */
function bytesOnTheWire(url: string): Promise<number> {
  return new Promise((done, fail) => {
    get(url, { headers: { 'accept-encoding': 'br' } }, (res) => {
      let n = 0;
      res.on('data', (c: Buffer) => (n += c.length));
      res.on('end', () => done(n));
    }).on('error', fail);
  });
}

/** The product as `npm start` serves it: the demo login, the home page, 我的 and the workbench. */
describe('H5 in Chromium: demo login and the home page', () => {
  let product: Product;
  let browser: Browser;

  beforeAll(async () => {
    cleanArtifacts('home-');
    [product, browser] = await Promise.all([startProduct(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it('offers the demo accounts, logs in as the demo resident and shows her community on the home page', async () => {
    const page = await phonePage(browser);
    await page.goto(product.url + '/');
    const resident = page.locator('.demo-account[data-account="wenchang-resident"]');
    await resident.waitFor({ timeout: 20_000 });
    expect(await page.locator('.demo-account').count()).toBe(12);
    await shot(page, 'home-1-login');

    await resident.click();
    await page.locator('.home-community').waitFor({ timeout: 20_000 });
    expect(await page.locator('.home-community').innerText()).toContain('文昌社区');
    expect(await page.locator('.loop-step__title').allInnerTexts()).toEqual([
      '居民需求',
      '社区协商',
      '慈善资源保障',
      '社会组织实施',
      '社工指导',
      '志愿者参与',
      '居民监督和反馈',
    ]);
    // A resident has no workbench.
    expect(await page.locator('.home-workbench-entry').count()).toBe(0);
    await shot(page, 'home-2-resident');

    await page.goto(product.url + '/#/pages/me/index');
    await page.locator('.me-nickname').waitFor();
    expect(await page.locator('.me-nickname').innerText()).toContain('王秀英');
    const phone = await page.locator('.me-phone').innerText();
    expect(phone).toContain('138****1001');
    expect(await page.content()).not.toContain('13800001001');
    expect(await page.locator('.workbench-entry').count()).toBe(0);
    await shot(page, 'home-3-me');
    expect(page.errors).toEqual([]);
  });

  it('shows staff the workbench entry and opens the workbench subpackage', async () => {
    const page = await phonePage(browser);
    await page.goto(product.url + '/#/pages/login/index');
    await page.locator('.demo-account[data-account="wenchang-staff"]').click();
    await page.locator('.home-community').waitFor({ timeout: 20_000 });
    await page.goto(product.url + '/#/pages/me/index');
    await page.locator('.workbench-entry').click();
    await page.locator('.workbench-scope').waitFor({ timeout: 20_000 });
    expect(await page.locator('.workbench-scope').innerText()).toContain('文昌社区');
    await shot(page, 'home-4-workbench');
    expect(page.errors).toEqual([]);
  });

  it('serves the H5 scripts compressed (brotli, else gzip) with long-lived caching of hashed files (#15)', async () => {
    const html = await (await fetch(`${product.url}/`)).text();
    const scripts = [...html.matchAll(/src="\/?(js\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    let raw = 0;
    let wire = 0;
    for (const path of scripts) {
      const br = await fetch(`${product.url}/${path}`, { headers: { 'accept-encoding': 'br' } });
      expect(br.headers.get('content-encoding')).toBe('br');
      expect(br.headers.get('cache-control')).toContain('immutable');
      const gz = await fetch(`${product.url}/${path}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(gz.headers.get('content-encoding')).toBe('gzip');
      raw += (await gz.arrayBuffer()).byteLength;
      wire += await bytesOnTheWire(`${product.url}/${path}`);
    }
    expect(wire).toBeLessThan(raw / 2);
  });
});
