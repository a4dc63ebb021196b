import type { Browser } from 'playwright-core';
import { cleanArtifacts, launchBrowser, loginAs, phonePage, type Product, shot, startProduct } from './support';

/** The street admin opens 统计台账 from the workbench, sees both communities side by side, the red one first, the trend, a 台账, a community's own page (#12). */
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

  it('shows the three rates with their fractions, each community by what is late, the trend, and a 台账', async () => {
    const admin = await phonePage(browser);
    await loginAs(admin, product, 'street-admin');
    await admin.goto(`${product.url}/#/workbench/pages/index/index`);
    await admin.locator('.workbench-item--stats').click({ timeout: 20_000 });
    // 本年: the demo's needs span more than this month.
    await admin.locator('.st-period-year').click({ timeout: 20_000 });
    await admin.locator('.st-child').nth(1).waitFor({ timeout: 20_000 });
    const rows = await admin.locator('.st-child').allInnerTexts();
    // The red need (清河's 门禁, 60 h on a 24 h limit) puts 清河 first, in red.
    expect(rows[0]).toContain('清河社区');
    expect(await admin.locator('.st-child').first().locator('.st-table__cell--red').innerText()).toContain('红1');
    expect(rows[1]).toContain('文昌社区');
    expect(await admin.locator('.st-rate__fraction').count()).toBe(3);
    await shot(admin, 'stats-1-street');
    await admin.locator('.st-trend').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    // 本年: its months, or the six up to today in the first half of the year.
    const month = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(5, 7));
    expect(await admin.locator('.st-trend__month').count()).toBe(Math.max(6, month));
    await shot(admin, 'stats-2-trend');
    // A 台账 comes down as a file (H5: a link to it).
    await admin.locator('.st-ledger--needs .st-ledger__download').click();
    await admin.locator('.st-ledger__open').waitFor({ timeout: 20_000 });
    await admin.locator('.st-ledger').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shot(admin, 'stats-3-ledger');
    // A row opens the community's own figures.
    await admin.locator('.st-child').first().click();
    await admin.locator('.st-up').waitFor({ timeout: 20_000 });
    // The link back shows at once; the community's figures follow when they arrive.
    await admin.locator('.st-range', { hasText: '清河社区' }).waitFor({ timeout: 20_000 });
    await shot(admin, 'stats-4-community');
    expect(admin.errors).toEqual([]);
  });
});
