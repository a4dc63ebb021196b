import type { Browser } from 'playwright-core';
import { cleanArtifacts, launchBrowser, loginAs, phonePage, type Product, shot, showAndShot, startProduct } from './support';

/**
 * Running a community for real (#13): the street admin adds a community in the app, finds a
 * person by the phone they bound (shown masked), appoints them its staff; that person opens the
 * workbench and finds the new community's queue.
 */
describe('H5 in Chromium: 人员与角色 for a new community', () => {
  let product: Product;
  let browser: Browser;

  beforeAll(async () => {
    cleanArtifacts('people-');
    [product, browser] = await Promise.all([startProduct(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it('adds 河滨社区, appoints its first staff member found by phone, who then sees its queue', async () => {
    const admin = await phonePage(browser);
    await loginAs(admin, product, 'street-admin');
    await admin.goto(`${product.url}/#/workbench/pages/index/index`);
    await admin.locator('.workbench-item--people').click({ timeout: 20_000 });
    await admin.locator('.people-role').first().waitFor({ timeout: 20_000 });
    await shot(admin, 'people-1-street');

    await admin.locator('.people-community__name input').fill('河滨社区');
    await admin.locator('.people-community__submit').click();
    const chip = admin.locator('.node-chips .chip', { hasText: '河滨社区' });
    await chip.waitFor({ timeout: 20_000 });
    await chip.click();
    await admin.locator('.section-title', { hasText: '河滨社区的成员' }).waitFor({ timeout: 20_000 });

    // 王秀英 bound 13800001001: found by the exact number, shown masked.
    await admin.locator('.people-grant__phone input').fill('13800001001');
    await admin.locator('.people-grant__lookup').click();
    await admin.locator('.people-grant__found').waitFor({ timeout: 20_000 });
    expect(await admin.locator('.people-grant__found').innerText()).toBe('王秀英 · 138****1001');
    await admin.locator('.people-grant__submit').click();
    await admin.locator('.people-role', { hasText: '王秀英' }).waitFor({ timeout: 20_000 });
    expect(await admin.locator('.people-role', { hasText: '王秀英' }).innerText()).toContain('社区工作人员 · 河滨社区');
    await admin.waitForTimeout(1600); // let the toast go before the picture
    await showAndShot(admin, '.people-roles', 'people-2-appointed');
    expect(admin.errors).toEqual([]);

    // The new staff member: the workbench now offers the queue.
    const staff = await phonePage(browser);
    await loginAs(staff, product, 'wenchang-resident');
    await staff.goto(`${product.url}/#/workbench/pages/index/index`);
    await staff.locator('.workbench-item--triage').click({ timeout: 20_000 });
    // Staff of one place only: the queue is 河滨社区's, new and empty.
    await staff.locator('.empty__title').waitFor({ timeout: 20_000 });
    expect(await staff.locator('.queue-total').innerText()).toBe('共 0 件');
    await shot(staff, 'people-3-new-staff-queue');
    expect(staff.errors).toEqual([]);
  });
});
