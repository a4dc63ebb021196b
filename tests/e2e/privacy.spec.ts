import type { Browser } from 'playwright-core';
import { cleanArtifacts, confirmModal, launchBrowser, loginAs, phonePage, type Product, shot, startProduct, waitForText } from './support';

/** 我的数据 (#14): a resident exports her data and deletes her account from the mini-program. */
describe('H5 in Chromium: 我的数据 — export and delete', () => {
  let product: Product;
  let browser: Browser;

  beforeAll(async () => {
    cleanArtifacts('privacy-');
    [product, browser] = await Promise.all([startProduct(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it('exports the workbook (a link on H5), then deletes the account after typing 注销 and confirming', async () => {
    const page = await phonePage(browser);
    await loginAs(page, product, 'qinghe-resident');
    await page.goto(`${product.url}/#/pages/me/index`);
    await page.locator('.me-data').click({ timeout: 20_000 });
    await page.locator('.my-data__export').click({ timeout: 20_000 });
    await page.locator('.my-data__open').waitFor({ timeout: 20_000 });
    expect(await page.locator('.my-data__open').innerText()).toContain('我的数据.xlsx');
    await shot(page, 'privacy-1-export');

    await page.locator('.my-data__confirm input').fill('注销');
    await page.locator('.my-data__delete-btn').click();
    await shot(page, 'privacy-2-confirm');
    await confirmModal(page, '确定注销');
    await page.waitForURL(/board\/pages\/index\/index/, { timeout: 20_000 });
    await waitForText(page, 'body', '社区');
    await shot(page, 'privacy-3-after');
    expect(page.errors).toEqual([]);
  });
});
