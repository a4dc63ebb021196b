import type { Browser } from 'playwright-core';
import { apiAs, cleanArtifacts, launchBrowser, loginAs, phonePage, type Product, shot, showAndShot, startProduct, waitForText } from './support';

/**
 * Running a community for real (#13): the street admin adds a community in the app, finds a
 * person by the phone they bound (shown masked), appoints them its staff; that person opens the
 * workbench, finds the new community's queue, accepts its need and assigns it to a colleague by name.
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

    // A need arrives in 河滨社区 (the street admin reports it for a resident who phoned).
    const street = await apiAs(product, 'street-admin');
    const categories = await street.call<Array<{ id: number; key: string }>>('GET', '/api/needs/categories');
    const hebin = await street.call<Array<{ id: number; name: string; children: Array<{ id: number; name: string; children: Array<{ id: number; name: string }> }> }>>('GET', '/api/nodes/tree');
    const hebinId = hebin.flatMap((d) => d.children).flatMap((s) => s.children).find((c) => c.name === '河滨社区')!.id;
    await street.call('POST', '/api/needs', {
      communityId: hebinId,
      categoryId: categories[0].id,
      title: '河滨路口路灯不亮',
      description: '河滨路口的路灯坏了好几天，晚上老人出门看不清路。',
      location: { kind: 'residence' },
      urgency: 'normal',
      isPublic: true,
      onBehalfOf: { name: '何大爷', building: '1栋', unit: '1单元' },
    });

    // The new staff member: the workbench now offers the queue, which is 河滨社区's only; they accept the need.
    const staff = await phonePage(browser);
    await loginAs(staff, product, 'wenchang-resident');
    await staff.goto(`${product.url}/#/workbench/pages/index/index`);
    await staff.locator('.workbench-item--triage').click({ timeout: 20_000 });
    await waitForText(staff, '.queue-total', '共 1 件');
    await shot(staff, 'people-3-new-staff-queue');
    // A colleague joins (appointed the same way, here through the API): she accepts the need and hands it over by name.
    const liu = await street.call<{ user: { id: number } | null }>('GET', '/api/users/lookup?phone=13800001002');
    await street.call('POST', '/api/roles', { userId: liu.user!.id, nodeId: hebinId, role: 'staff' });
    await staff.locator('.need-row').first().click();
    await staff.locator('.staff-action--accepted').click({ timeout: 20_000 });
    await staff.locator('.assign-panel__toggle').click({ timeout: 20_000 });
    const colleague = staff.locator('.assign-panel__option', { hasText: '刘洋' });
    await colleague.waitFor({ timeout: 20_000 });
    await staff.waitForTimeout(1600); // let the 已受理 toast go before the picture
    await showAndShot(staff, '.assign-panel', 'people-3b-assign');
    await colleague.click();
    await staff.locator('.assign-panel__current', { hasText: '刘洋' }).waitFor({ timeout: 20_000 });
    expect(staff.errors).toEqual([]);
  });

  it('居民认证: 黄德明 waits for 文昌社区 to confirm him; 李娜 confirms him from the queue', async () => {
    const newcomer = await phonePage(browser);
    await loginAs(newcomer, product, 'wenchang-newcomer');
    await newcomer.goto(`${product.url}/#/pages/me/index`);
    await waitForText(newcomer, '.me-standing', '待社区确认');
    await showAndShot(newcomer, '.me-standing', 'people-4-applicant');

    const staff = await phonePage(browser);
    await loginAs(staff, product, 'wenchang-staff');
    await staff.goto(`${product.url}/#/workbench/pages/index/index`);
    await staff.locator('.workbench-item--residents').click({ timeout: 20_000 });
    const row = staff.locator('.residents-item', { hasText: '黄德明' });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.innerText()).toContain('138****1006');
    await row.locator('.queue-pick').click();
    await shot(staff, 'people-5-residents-queue');
    await staff.locator('.residents-confirm').click();
    await waitForText(staff, '.result-panel', '确认 1 位');
    await staff.locator('.residents-item', { hasText: '黄德明' }).waitFor({ state: 'detached', timeout: 20_000 });
    expect(staff.errors).toEqual([]);

    await newcomer.reload();
    await waitForText(newcomer, '.me-standing', '社区已确认');
    await showAndShot(newcomer, '.me-standing', 'people-6-confirmed');
    expect(newcomer.errors).toEqual([]);
  });

  it('社工证 and 评估标准: the social worker sees her certificate; community staff read the criteria', async () => {
    const sw = await phonePage(browser);
    await loginAs(sw, product, 'wenchang-socialworker');
    await sw.goto(`${product.url}/#/pages/me/index`);
    await sw.locator('.me-certificate').click({ timeout: 20_000 });
    await waitForText(sw, '.loop-cert', '社会工作师');
    expect(await sw.locator('.loop-cert').innerText()).toContain('有效期至 2029-12-31');
    await shot(sw, 'people-7-certificate');
    expect(sw.errors).toEqual([]);

    const staff = await phonePage(browser);
    await loginAs(staff, product, 'wenchang-staff');
    await staff.goto(`${product.url}/#/workbench/pages/index/index`);
    await staff.locator('.workbench-item--criteria').click({ timeout: 20_000 });
    await waitForText(staff, '.criteria-page', '项目评估标准');
    expect(await staff.locator('.criteria-row').count()).toBeGreaterThan(2);
    await shot(staff, 'people-8-criteria');
    expect(staff.errors).toEqual([]);
  });
});
