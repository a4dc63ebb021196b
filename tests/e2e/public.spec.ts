import type { Browser } from 'playwright-core';
import { apiAs, cleanArtifacts, confirmModal, launchBrowser, phonePage, type Product, shot, showAndShot, startProduct, waitForText } from './support';

/**
 * The anonymous visitor (#20): the community's public board, a public need, the wish wall and a
 * wish, the fund ledger all open without logging in; an action asks for login and, after it,
 * lands back on the page the shared link pointed to. Every page but the tab roots shows a back
 * control — and after a reload (no history) it goes home instead of doing nothing.
 */
describe('H5 in Chromium: public pages without login, and links that land where they point', () => {
  let product: Product;
  let browser: Browser;
  let communityId: number;
  let wishId: number;
  let needId: number;

  beforeAll(async () => {
    cleanArtifacts('public-');
    [product, browser] = await Promise.all([startProduct(), launchBrowser()]);
    const resident = await apiAs(product, 'wenchang-resident');
    communityId = resident.me.residence!.communityId;
    const wishes = await resident.call<{ items: Array<{ id: number }> }>('GET', `/api/wishes?nodeId=${communityId}&status=open&limit=5`);
    wishId = wishes.items[0].id;
    const board = await resident.call<{ items: Array<{ id: number }> }>('GET', `/api/public/communities/${communityId}/needs?limit=5`);
    needId = board.items[0].id;
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it('opens the board, a public need, the wish wall, a wish and the fund without login; nothing personal shows', async () => {
    const visitor = await phonePage(browser);
    await visitor.goto(`${product.url}/#/pages/board/index`);
    // No community known yet: the visitor picks one.
    await visitor.locator(`.board-pick__community[data-community="${communityId}"]`).click({ timeout: 20_000 });
    await waitForText(visitor, '.board-head__title', '文昌社区公示');
    await visitor.locator('.board-needs .need-row').first().waitFor({ timeout: 20_000 });
    await visitor.locator('.board-fund').waitFor();
    expect(await visitor.locator('.board-wishes').innerText()).toContain('等待认领的微心愿');
    // This month in figures, for anyone (#12).
    expect(await visitor.locator('.board-month').innerText()).toMatch(/居民反映\s*\d+ 件，已办结 \d+ 件/);
    const text = await visitor.locator('.board').innerText();
    expect(text).not.toMatch(/1380000\d{4}|王秀英/);
    expect(visitor.url()).not.toContain('login');
    await shot(visitor, 'public-1-board');

    // A public need, opened from the board: its public page, no login.
    await visitor.goto(`${product.url}/#/pages/needs/detail/index?id=${needId}`);
    await visitor.locator('.need-detail .need-timeline, .need-detail .timeline').first().waitFor({ timeout: 20_000 });
    expect(visitor.url()).not.toContain('login');
    // The back control: after this reload there is no history, so it offers home.
    await visitor.reload();
    await visitor.locator('#taro-navigation-bar.taro-navigation-bar-show').waitFor({ timeout: 20_000 });
    expect(await visitor.locator('#taro-navigation-bar').getAttribute('class')).toContain('taro-navigation-bar-home-icon');
    await shot(visitor, 'public-2-need');

    await visitor.goto(`${product.url}/#/charity/pages/fund/index?nodeId=${communityId}`);
    await visitor.locator('.ch-fund__balance').waitFor({ timeout: 20_000 });
    await visitor.goto(`${product.url}/#/charity/pages/wishes/index?nodeId=${communityId}`);
    await visitor.locator('.ch-wish').first().waitFor({ timeout: 20_000 });
    expect(visitor.url()).not.toContain('login');
    await shot(visitor, 'public-3-wishes');
    expect(visitor.errors).toEqual([]);
  });

  it('a shared wish link: the visitor reads it, taps claim, logs in and is back on the wish to claim it', async () => {
    const visitor = await phonePage(browser);
    await visitor.goto(`${product.url}/#/charity/pages/wish/index?id=${wishId}`);
    await visitor.locator('.ch-wish-page__title').waitFor({ timeout: 20_000 });
    expect(visitor.url()).not.toContain('login');
    await visitor.locator('.ch-claim-btn').click();
    // Asked to log in, with the way back.
    await visitor.locator('.demo-account[data-account="wenchang-volunteer"]').click({ timeout: 20_000 });
    await visitor.locator('.ch-wish-page__title').waitFor({ timeout: 20_000 });
    expect(visitor.url()).toContain(`charity/pages/wish/index?id=${wishId}`);
    await visitor.locator('.ch-claim-btn').click();
    await confirmModal(visitor, '确定认领');
    await waitForText(visitor, '.ch-wish-page__outcome', '认领成功');
    await showAndShot(visitor, '.ch-wish-page__mine', 'public-4-claimed-after-login');
    expect(visitor.errors).toEqual([]);
  });

  it('logs out from 我的 and stays able to read the board', async () => {
    const page = await phonePage(browser);
    await page.goto(`${product.url}/#/pages/login/index`);
    await page.locator('.demo-account[data-account="wenchang-resident"]').click({ timeout: 20_000 });
    await page.locator('.home-community').waitFor({ timeout: 20_000 });
    await page.goto(`${product.url}/#/pages/me/index`);
    await page.locator('.me-logout').click({ timeout: 20_000 });
    await confirmModal(page, '退出登录');
    await waitForText(page, '.board-head__title', '文昌社区公示');
    // Logged out: the personal tab asks for login again.
    await page.goto(`${product.url}/#/pages/me/index`);
    await page.locator('.demo-account').first().waitFor({ timeout: 20_000 });
    expect(page.errors).toEqual([]);
  });
});
