import type { Browser } from 'playwright-core';
import { cleanArtifacts, confirmModal, launchBrowser, loginAs, phonePage, png, type Product, shot, showAndShot, startProduct, waitForText } from './support';

/**
 * Charity resources in the browser: a resident claims a micro-wish from the wall, staff confirm
 * the delivery with a photo and record the thanks (photo public), the resident sees it completed
 * with the thanks; staff propose a spending, the street admin (the second person) approves it,
 * and the public fund page shows it.
 */
describe('H5 in Chromium: a micro-wish from claim to thanks, and the fund ledger', () => {
  let product: Product;
  let browser: Browser;

  beforeAll(async () => {
    cleanArtifacts('charity-');
    [product, browser] = await Promise.all([startProduct(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it('a donor claims a wish, staff confirm delivery and thanks, the donor sees it completed', async () => {
    // ---- the donor finds a wish on the wall and claims it
    const donor = await phonePage(browser);
    await loginAs(donor, product, 'wenchang-resident');
    await donor.locator('.home-wishes-entry').click();
    const card = donor.locator('.ch-wish', { hasText: '一台收音机' });
    await card.waitFor({ timeout: 20_000 });
    expect(await card.locator('.ch-wish__who').innerText()).toBe('独居老人 · 张** · 文昌社区');
    expect(await donor.content()).not.toContain('张桂芳');
    expect(await donor.locator('.ch-wall__campaigns').innerText()).toContain('冬日暖心·微心愿');
    await shot(donor, 'charity-1-wall');

    await card.click();
    await donor.locator('.ch-claim-btn').waitFor({ timeout: 20_000 });
    const wishId = Number(/id=(\d+)/.exec(donor.url())?.[1]);
    expect(wishId).toBeGreaterThan(0);
    await donor.locator('.ch-claim-party').click();
    await showAndShot(donor, '.ch-wish-page__claim', 'charity-2-wish');
    await donor.locator('.ch-claim-btn').click();
    await confirmModal(donor, '确定认领');
    await donor.locator('.ch-wish-page__mine').waitFor({ timeout: 20_000 });
    expect(await donor.locator('.ch-claim__deadline').first().innerText()).toMatch(/^请在 .+ 前送达（还剩 7 天）$/);
    expect(await donor.locator('.ch-wish-page__mine .ch-claim__contact').innerText()).toContain('文昌社区党群服务中心');
    expect(await donor.locator('.ch-wish-page__status').innerText()).toBe('已认领');
    await showAndShot(donor, '.ch-wish-page__mine', 'charity-3-claimed');

    await donor.goto(product.url + '/#/charity/pages/claims/index');
    const row = donor.locator(`.ch-claim-row[data-wish="${wishId}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.locator('.ch-claim-row__status').innerText()).toBe('待送达');
    await shot(donor, 'charity-4-my-claims');

    // ---- staff confirm the delivery with a photo, then record the thanks
    const staff = await phonePage(browser);
    await loginAs(staff, product, 'wenchang-staff');
    await staff.goto(product.url + '/#/workbench/pages/index/index');
    await staff.locator('.workbench-item--wish').click({ timeout: 20_000 });
    const claimed = staff.locator(`.ch-wish[data-wish="${wishId}"]`);
    await claimed.waitFor({ timeout: 20_000 });
    await claimed.locator('.wb-wish__open').click();
    const chooser = staff.waitForEvent('filechooser', { timeout: 10_000 });
    await claimed.locator('.photo-picker__add').click();
    await (await chooser).setFiles({ name: 'radio.png', mimeType: 'image/png', buffer: png() });
    await claimed.locator('.photo-picker__item img').waitFor({ timeout: 10_000 });
    await claimed.locator('.photo-picker__status').waitFor({ state: 'detached', timeout: 10_000 });
    await staff.locator('.wb-deliver__note textarea').fill('已由社区工作人员转交给老人');
    await showAndShot(staff, '.wb-deliver', 'charity-5-deliver');
    await staff.locator('.wb-deliver__submit').click();
    await waitForText(staff, '.wb-wishes__outcome', '已确认送达');

    await staff.locator('.wb-wishes-tab-delivered').click();
    const delivered = staff.locator(`.ch-wish[data-wish="${wishId}"]`);
    await delivered.locator('.wb-wish__open').click({ timeout: 20_000 });
    await delivered.locator('.wb-complete__thanks textarea').fill('谢谢好心人，收音机声音很大，天天能听戏了！');
    // The photo stays private unless the worker, having asked the beneficiary, switches it on (#20).
    const photoSwitch = delivered.locator('.wb-complete__photo-public input');
    expect(await photoSwitch.isChecked()).toBe(false);
    await delivered.locator('.wb-complete__photo-public').click();
    expect(await photoSwitch.isChecked()).toBe(true);
    await showAndShot(staff, '.wb-complete', 'charity-6-thanks');
    await delivered.locator('.wb-complete__submit').click();
    await waitForText(staff, '.wb-wishes__outcome', '已完成，感谢语已公开，送达照片已公开');
    expect(await staff.locator('.wb-wishes__outcome').innerText()).toContain('心愿已完成');
    expect(staff.errors).toEqual([]);

    // ---- the donor sees it completed, with the thanks and the photo
    await donor.goto(product.url + `/#/charity/pages/wish/index?id=${wishId}`);
    await waitForText(donor, '.ch-wish-page__status', '已完成');
    expect(await donor.locator('.ch-wish-page__thanks .ch-thanks__label').innerText()).toBe('感谢党员 王秀英认领并送达心愿');
    expect(await donor.locator('.ch-thanks__text').innerText()).toBe('“谢谢好心人，收音机声音很大，天天能听戏了！”');
    expect(await donor.locator('.ch-wish-page__mine-done').innerText()).toBe('您认领的这个心愿已送达，谢谢您的爱心！');
    expect(await donor.locator('.ch-withdraw-btn').count()).toBe(0);
    await donor.locator('.ch-wish-page__thanks img').first().waitFor({ timeout: 20_000 });
    const steps = await donor.locator('.ch-steps__label').allInnerTexts();
    expect(steps).toEqual(['发布心愿', '认领心愿', '心愿物品已送达', '受助人致谢，心愿完成']);
    await showAndShot(donor, '.ch-wish-page__thanks', 'charity-7-completed');
    // The inbox told her at each step.
    await donor.goto(product.url + '/#/resident/pages/inbox/index');
    await donor.locator('.inbox-item').first().waitFor({ timeout: 20_000 });
    expect((await donor.locator('.inbox-item__title').allInnerTexts()).slice(0, 3)).toEqual(['受助人向您致谢', '您认领的心愿已送达', '认领成功，请按约定送达']);
    expect(donor.errors).toEqual([]);
  });

  it('staff propose a spending, the street admin approves it, and the public fund page shows it', async () => {
    const staff = await phonePage(browser);
    await loginAs(staff, product, 'wenchang-staff');
    await staff.goto(product.url + '/#/workbench/pages/index/index');
    await staff.locator('.workbench-item--fund').click({ timeout: 20_000 });
    await waitForText(staff, '.wb-fund__balance', '¥5,600.00');
    await staff.locator('.wb-propose__amount input').fill('260');
    await staff.locator('.wb-propose__purpose input').fill('为独居老人购买冬季取暖用品');
    await staff.locator('.wb-propose__submit').click();
    await waitForText(staff, '.wb-fund__outcome', '已提出支出 ¥260.00');
    // The proposer cannot approve it herself.
    const mine = staff.locator('.wb-alloc', { hasText: '为独居老人购买冬季取暖用品' });
    await mine.waitFor({ timeout: 20_000 });
    expect(await mine.locator('.wb-alloc__hint').innerText()).toBe('您提出的支出需由另一位工作人员审批');
    expect(await mine.locator('.wb-alloc__approve').count()).toBe(0);
    await showAndShot(staff, '.wb-alloc__pending', 'charity-8-proposed');

    const admin = await phonePage(browser);
    await loginAs(admin, product, 'street-admin');
    await admin.goto(product.url + '/#/workbench/pages/fund/index');
    await admin.locator('.chip[data-node]', { hasText: '文昌社区' }).click({ timeout: 20_000 });
    const pending = admin.locator('.wb-alloc', { hasText: '为独居老人购买冬季取暖用品' });
    await pending.waitFor({ timeout: 20_000 });
    await pending.locator('.wb-alloc__approve').click();
    await confirmModal(admin, '同意');
    await waitForText(admin, '.wb-fund__outcome', '已审批并支出 ¥260.00');
    await waitForText(admin, '.wb-fund__balance', '¥5,340.00');
    await showAndShot(admin, '.wb-fund__outcome', 'charity-9-approved');
    expect(admin.errors).toEqual([]);

    // ---- anyone sees it on the fund page (the resident, from the home page)
    const resident = await phonePage(browser);
    await loginAs(resident, product, 'wenchang-resident');
    await resident.locator('.home-fund-entry').click();
    await waitForText(resident, '.ch-fund__balance', '¥5,340.00');
    await shot(resident, 'charity-10-fund');
    expect(await resident.locator('.ch-allocation__purpose').allInnerTexts()).toEqual(['为独居老人购买冬季取暖用品', '为社区独居老人购买助餐餐券（30张）']);
    expect(await resident.locator('.ch-allocation__amount').first().innerText()).toBe('¥260.00');
    expect(await resident.locator('.ch-donation__donor').allInnerTexts()).toContain('爱心人士');
    const html = await resident.content();
    for (const secret of ['刘明远', '赵女士', '张桂芳']) expect(html).not.toContain(secret);
    await showAndShot(resident, '.ch-fund__allocations', 'charity-11-fund-allocations');
    await showAndShot(resident, '.ch-fund__donations', 'charity-12-fund-donors');
    expect(resident.errors).toEqual([]);
  });
});
