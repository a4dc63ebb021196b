import type { Browser } from 'playwright-core';
import { cleanArtifacts, launchBrowser, loginAs, phonePage, png, type Product, shot, showAndShot, startProduct, waitForExactText } from './support';

/**
 * The loop in the browser: a resident reports a need with a photo (after the content check
 * refuses a first wording), staff accept it and mark it done in the workbench, the resident
 * rates it and sees the timeline with the skipped steps, and the inbox tells her each step.
 */
describe('H5 in Chromium: a need from report to rating', () => {
  let product: Product;
  let browser: Browser;

  beforeAll(async () => {
    cleanArtifacts('needs-');
    [product, browser] = await Promise.all([startProduct(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it('resident reports with a photo, staff accept and finish, the resident rates and sees the timeline', async () => {
    // ---- the resident reports
    const resident = await phonePage(browser);
    await loginAs(resident, product, 'wenchang-resident');
    await resident.goto(product.url + '/#/pages/needs/index');
    // The demo resident has reported before (server/src/seed/needs.ts): her needs at their steps.
    await resident.locator('.needs-mine .need-row').first().waitFor({ timeout: 20_000 });
    expect(await resident.locator('.needs-mine').innerText()).toContain('独居老人吃饭难，希望有助餐点');
    await shot(resident, 'needs-1-tab');

    await resident.locator('.needs-report-btn').click();
    await resident.locator('.need-form__categories .chip').first().waitFor({ timeout: 20_000 });
    expect(await resident.locator('.need-form__categories .chip').allInnerTexts()).toEqual(['养老', '助残', '儿童关爱', '社会救助', '环境设施', '邻里纠纷', '其他']);
    // Prefilled from her residence.
    expect(await resident.locator('.need-form__location .chip--on').innerText()).toBe('我家：3栋 2单元');
    await resident.locator('.need-form__categories [data-category="facilities"]').click();
    await resident.locator('.need-form__title input').fill('楼下有人赌博，3栋楼道灯也坏了');
    await resident.locator('.need-form__description textarea').fill('3栋2单元楼道灯坏了一个星期，晚上老人上下楼看不见台阶。');

    const chooser = resident.waitForEvent('filechooser', { timeout: 10_000 });
    await resident.locator('.photo-picker__add').click();
    await (await chooser).setFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: png() });
    await resident.locator('.photo-picker__item img').waitFor({ timeout: 10_000 });
    await waitForExactText(resident, '.photo-picker__status', null);
    await resident.locator('[data-urgency="urgent"]').click();
    await resident.locator('.need-form__public-switch').click();

    // The content check refuses the first wording: the reason sits by the title, nothing typed is lost.
    await resident.locator('.need-form__submit').click();
    const titleError = resident.locator('.form-error[data-field="title"]');
    await titleError.waitFor({ timeout: 10_000 });
    expect(await titleError.innerText()).toBe('标题含有不适宜公开的内容，请修改后再提交');
    expect(await resident.locator('.need-form__title input').inputValue()).toBe('楼下有人赌博，3栋楼道灯也坏了');
    expect(await resident.locator('.photo-picker__item').count()).toBe(1);
    await showAndShot(resident, '.need-form__title', 'needs-2-rejected');

    await resident.locator('.need-form__title input').fill('3栋楼道灯坏了');
    await showAndShot(resident, '.need-form__public', 'needs-3-form');
    await resident.locator('.need-form__submit').click();
    await resident.locator('.need-summary__title').waitFor({ timeout: 20_000 });
    expect(await resident.locator('.need-summary__title').innerText()).toBe('3栋楼道灯坏了');
    expect(await resident.locator('.need-summary .status-tag').first().innerText()).toBe('待受理');
    // The photo came back through the API with the token.
    await resident.locator('.need-summary .photo-grid__img img, .need-summary img.photo-grid__img').first().waitFor({ timeout: 10_000 });
    const needUrl = resident.url();
    const needId = Number(/id=(\d+)/.exec(needUrl)?.[1]);
    expect(needId).toBeGreaterThan(0);
    await shot(resident, 'needs-4-reported');

    // ---- staff accept it and mark it done
    const staff = await phonePage(browser);
    await loginAs(staff, product, 'wenchang-staff');
    await staff.goto(product.url + '/#/workbench/pages/index/index');
    await staff.locator('.workbench-item--triage').click({ timeout: 20_000 });
    const row = staff.locator(`.need-row[data-need="${needId}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.locator('.need-row__age').innerText()).toBe('刚刚');
    expect(await row.locator('.urgency-tag').innerText()).toBe('较急');
    await shot(staff, 'needs-5-queue');

    await row.click();
    await staff.locator('.staff-action--accepted').click({ timeout: 20_000 });
    // Hand it to a colleague picked by name (#13); the resident's timeline names the role only.
    await staff.locator('.assign-panel__toggle').click({ timeout: 20_000 });
    const colleague = staff.locator('.assign-panel__option:not(.assign-panel__option--current)').first();
    const colleagueName = await colleague.locator('.assign-panel__name').innerText({ timeout: 20_000 });
    await showAndShot(staff, '.assign-panel', 'needs-5b-assign');
    await colleague.click();
    await staff.locator('.assign-panel__current', { hasText: colleagueName }).waitFor({ timeout: 20_000 });
    await staff.locator('.staff-action--in_progress').click({ timeout: 20_000 });
    await staff.locator('.chip.staff-action--done').click({ timeout: 20_000 });
    await staff.locator('.staff-form__note textarea').fill('已更换楼道灯泡，并检查了2单元的线路。');
    await staff.locator('.staff-form__submit').click();
    await waitForExactText(staff, '.need-summary .status-tag', '已办结，待评价');
    await staff.waitForTimeout(1600); // let the confirmation toast go before the picture
    await showAndShot(staff, '.need-result', 'needs-6-staff-done');
    expect(staff.errors).toEqual([]);

    // ---- 代报: staff enter a need for an offline resident; it is private and shows masked
    await staff.goto(product.url + '/#/workbench/pages/report/index');
    await staff.locator('.need-form__categories [data-category="elderly"]').click({ timeout: 20_000 });
    await staff.locator('.need-form__proxy-name input').fill('张桂兰');
    await staff.locator('.need-form__proxy-phone input').fill('13900002222');
    await staff.locator('.need-form__title input').fill('独居老人想申请助餐');
    await staff.locator('.need-form__description textarea').fill('张奶奶86岁独居，腿脚不便，希望每天中午有人送饭。');
    await staff.locator('.need-form__building input').fill('5栋');
    await staff.locator('.need-form__unit input').fill('1单元');
    await showAndShot(staff, '.need-form--proxy', 'needs-6b-proxy-form');
    await staff.locator('.need-form__submit').click();
    await staff.locator('.need-summary__reporter').waitFor({ timeout: 20_000 });
    expect(await staff.locator('.need-summary__reporter').innerText()).toBe('代报：张** · 139****2222');
    expect(await staff.content()).not.toContain('张桂兰');
    expect(await staff.content()).not.toContain('13900002222');
    await shot(staff, 'needs-6c-proxy-need');

    // ---- the resident is told, rates it and sees the whole timeline
    await resident.goto(product.url + '/#/resident/pages/inbox/index');
    await resident.locator('.inbox-item').first().waitFor({ timeout: 20_000 });
    expect(await resident.locator('.inbox-head__count').innerText()).toBe('3 条未读');
    expect(await resident.locator('.inbox-item__body').allInnerTexts()).toEqual([
      '您关注的需求“3栋楼道灯坏了”已办结，待评价，请在 7 天内确认并评价',
      '您关注的需求“3栋楼道灯坏了”处理中',
      '您关注的需求“3栋楼道灯坏了”已受理',
    ]);
    await shot(resident, 'needs-7-inbox');

    await resident.locator('.inbox-item').first().click();
    await resident.locator('.feedback-panel').waitFor({ timeout: 20_000 });
    await resident.locator('.rating__star[data-score="5"]').click();
    await resident.locator('.feedback-panel__comment textarea').fill('修得很快，谢谢社区！');
    await showAndShot(resident, '.feedback-panel', 'needs-8-rate');
    await resident.locator('.feedback-panel__submit').click();
    await waitForExactText(resident, '.need-summary .status-tag', '已评价');
    await resident.waitForTimeout(1600); // let the thank-you toast go before the pictures
    expect(await resident.locator('.feedback-panel').count()).toBe(0);

    const states = await resident.locator('.loop-steps__item').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-step')}:${e.getAttribute('data-state')}`));
    expect(states).toEqual([
      'need:done',
      'consultation:skipped',
      'resources:skipped',
      'implementation:skipped',
      'guidance:skipped',
      'volunteers:skipped',
      'feedback:done',
    ]);
    expect(await resident.locator('.loop-steps__item--skipped .loop-steps__state').first().innerText()).toBe('已跳过');
    expect(await resident.locator('.need-event__action').allInnerTexts()).toEqual(['居民上报需求', '受理', '指派承办人', '直接办理', '办结', '确认并评价']);
    // The assignment names the handler's role, never the person.
    expect(await resident.locator('.need-event--assign').innerText()).not.toContain(colleagueName);
    await showAndShot(resident, '.loop-steps', 'needs-9-timeline');
    await showAndShot(resident, '.need-events', 'needs-10-events');

    // Opening the first message marked it read.
    await resident.goto(product.url + '/#/resident/pages/inbox/index');
    await resident.locator('.inbox-item').first().waitFor({ timeout: 20_000 });
    await waitForExactText(resident, '.inbox-head__count', '2 条未读');

    // The board shows it publicly, without her name.
    await resident.goto(product.url + '/#/pages/needs/index');
    await resident.locator('.needs-tab-board').click({ timeout: 20_000 });
    await resident.locator(`.needs-board .need-row[data-need="${needId}"]`).waitFor({ timeout: 20_000 });
    expect(await resident.locator('.needs-board').innerText()).not.toContain('王秀英');
    await shot(resident, 'needs-11-board');

    // 我的 has the message entry with the unread count.
    await resident.goto(product.url + '/#/pages/me/index');
    await resident.locator('.me-inbox').waitFor({ timeout: 20_000 });
    await waitForExactText(resident, '.me-inbox .menu-item__extra', '2 条未读');
    await showAndShot(resident, '.me-inbox', 'needs-12-me');
    expect(resident.errors).toEqual([]);
  });
});
