import type { Browser } from 'playwright-core';
import { cleanArtifacts, launchBrowser, loginAs, phonePage, type Product, shot, startProduct } from './support';

/** The street admin opens 统计台账 from the workbench and sees both communities side by side (#12, first slice). */
describe('H5 in Chromium: 统计台账 for the street', () => {
  let product: Product;
  let browser: Browser;

  beforeAll(async () => {
    cleanArtifacts('stats-');
    [product, browser] = await Promise.all([startProduct(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it('shows the three rates with their fractions and each community', async () => {
    const admin = await phonePage(browser);
    await loginAs(admin, product, 'street-admin');
    await admin.goto(`${product.url}/#/workbench/pages/index/index`);
    await admin.locator('.workbench-item--stats').click({ timeout: 20_000 });
    // 本年: the demo's needs span more than this month.
    await admin.locator('.st-period-year').click({ timeout: 20_000 });
    await admin.locator('.st-child').nth(1).waitFor({ timeout: 20_000 });
    const rows = await admin.locator('.st-child').allInnerTexts();
    expect(rows[0]).toContain('文昌社区');
    expect(rows[1]).toContain('清河社区');
    expect(await admin.locator('.st-rate__fraction').count()).toBe(3);
    await shot(admin, 'stats-1-street');
    // The needs 台账 comes down as a file (H5: a link to it).
    await admin.locator('.st-ledger__download').click();
    await admin.locator('.st-ledger__open').waitFor({ timeout: 20_000 });
    await admin.locator('.st-ledger').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shot(admin, 'stats-2-ledger');
    expect(admin.errors).toEqual([]);
  });
});
