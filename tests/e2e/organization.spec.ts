import type { Browser } from 'playwright-core';
import { cleanArtifacts, launchBrowser, loginAs, phonePage, type Product, showAndShot, startProduct } from './support';

/**
 * The social organization's member (#20: every role's journey walked): from 我的 to 我的项目, the
 * project the community gave the organization, and a progress report with the people served,
 * which the project page then shows.
 */
describe('H5 in Chromium: the organization reports progress on its project', () => {
  let product: Product;
  let browser: Browser;

  beforeAll(async () => {
    cleanArtifacts('org-');
    [product, browser] = await Promise.all([startProduct(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it('opens 我的项目, posts progress with people served, and sees it on the project page', async () => {
    const org = await phonePage(browser);
    await loginAs(org, product, 'wenchang-org');
    await org.goto(`${product.url}/#/pages/me/index`);
    await org.locator('.me-projects').click({ timeout: 20_000 });
    await org.locator('.loop-project-row').first().click({ timeout: 20_000 });
    await org.locator('.loop-go-progress').click({ timeout: 20_000 });
    await org.locator('.loop-progress__text textarea').fill('本周为3栋、5栋的独居老人送餐12次，老人反映饭菜合口。', { timeout: 20_000 });
    await org.locator('.loop-progress__served input').fill('12');
    await showAndShot(org, '.loop-progress__submit', 'org-1-progress');
    await org.locator('.loop-progress__submit').click();
    // Back on the project: the new report is there, with its people served.
    const mine = org.locator('.loop-project__progress .loop-update', { hasText: '本周为3栋、5栋的独居老人送餐12次' });
    await mine.waitFor({ timeout: 20_000 });
    expect(await mine.innerText()).toContain('服务 12 人次');
    await showAndShot(org, '.loop-project__progress', 'org-2-project');
    expect(org.errors).toEqual([]);
  });
});
