import type { Browser, Page } from 'playwright-core';
import { cleanArtifacts, launchBrowser, loginAs, phonePage, type Product, shot, startProduct } from './support';

/**
 * 志愿者参与 in the browser: staff publish an activity in the workbench, the demo volunteer
 * signs up; at the venue the organizer's live code checks her in and, two hours later, out;
 * after the end the organizer confirms attendance and the volunteer sees the hours credited.
 * The hours in between pass on the server's dev clock (DEV_CLOCK, never in production) and on
 * the browsers' clocks (Playwright), so nothing waits in real time.
 */

async function text(page: Page, selector: string): Promise<string> {
  const el = page.locator(selector).first();
  await el.waitFor({ timeout: 20_000 });
  return el.innerText();
}

describe('H5 in Chromium: a volunteer signs up, checks in and out with the live code, and sees the confirmed hours', () => {
  let product: Product;
  let browser: Browser;

  beforeAll(async () => {
    cleanArtifacts('volunteer-');
    [product, browser] = await Promise.all([startProduct({ DEV_CLOCK: 'true' }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  /** Moves the server's clock on and the browsers' clocks with it. */
  async function advance(minutes: number, ...pages: Page[]): Promise<Date> {
    const res = await fetch(`${product.url}/api/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ minutes }) });
    expect(res.status).toBe(200);
    const now = new Date(((await res.json()) as { data: { now: string } }).data.now);
    for (const p of pages) await p.clock.setSystemTime(now);
    return now;
  }

  /** A demo account's token (the demo login the H5 build uses), to read the API as that person. */
  async function token(account: string): Promise<string> {
    const res = await fetch(`${product.url}/api/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account }) });
    return ((await res.json()) as { data: { token: string } }).data.token;
  }

  /** The 6 digits under the organizer's live QR code, which the browser (no scanner) types (#20). */
  async function liveCode(staff: Page, activityId: number, purpose: 'in' | 'out', name: string): Promise<string> {
    await staff.goto(`${product.url}/#/workbench/pages/checkin-qr/index?id=${activityId}&purpose=${purpose}`);
    const token = await text(staff, '.org-qr__token');
    expect(token).toMatch(new RegExp(`^v1\\.${activityId}\\.${purpose}\\.`));
    const digits = (await text(staff, '.org-qr__digits')).replace(/\s+/g, '');
    expect(digits).toMatch(/^\d{6}$/);
    await staff.locator('.org-qr__image').waitFor({ timeout: 10_000 });
    await shot(staff, name);
    return digits;
  }

  async function scan(volunteer: Page, activityId: number, token: string, expected: string, name: string): Promise<void> {
    await volunteer.goto(`${product.url}/#/volunteer/pages/scan/index?id=${activityId}&purpose=${expected.startsWith('签退') ? 'out' : 'in'}`);
    await volunteer.locator('.vol-scan__code input').fill(token, { timeout: 20_000 });
    await volunteer.locator('.vol-scan__submit').click();
    expect(await text(volunteer, '.vol-scan__result .result-panel__title')).toBe(expected);
    await shot(volunteer, name);
  }

  it('publish → sign up → check in → check out → confirm → hours', async () => {
    // ---- staff publish an activity three days ahead (the form's defaults: 09:00–11:00)
    const staff = await phonePage(browser);
    await loginAs(staff, product, 'wenchang-staff');
    await staff.goto(product.url + '/#/workbench/pages/index/index');
    await staff.locator('.workbench-item--attendance').click({ timeout: 20_000 });
    await staff.locator('.org-activities__create').click({ timeout: 20_000 });
    await staff.locator('.org-new__title input').fill('冬日暖心·为独居老人送温暖', { timeout: 20_000 });
    await staff.locator('.org-new__desc textarea').fill('上门为独居老人送棉被和热饭，陪老人聊聊天。请穿志愿者马甲。');
    await staff.locator('.org-new__address input').fill('文昌社区党群服务中心');
    await staff.locator('.org-new__capacity input').fill('6');
    await shot(staff, 'volunteer-1-publish');
    await staff.locator('.org-new__submit').click();
    await staff.locator('.org-roster__title').waitFor({ timeout: 20_000 });
    const activityId = Number(new URL(staff.url().replace('/#/', '/')).searchParams.get('id'));
    expect(activityId).toBeGreaterThan(0);
    expect(await text(staff, '.org-roster__title')).toBe('冬日暖心·为独居老人送温暖');

    // ---- the demo volunteer (approved in the seed) signs up
    const volunteer = await phonePage(browser);
    await loginAs(volunteer, product, 'wenchang-volunteer');
    await volunteer.goto(`${product.url}/#/volunteer/pages/activity/index?id=${activityId}`);
    await volunteer.locator('.vol-signup-btn').click({ timeout: 20_000 });
    expect(await text(volunteer, '.vol-activity-page__outcome .result-panel__title')).toBe('操作成功');
    expect(await text(volunteer, '.vol-activity-page__mine')).toBe('报名成功');
    await shot(volunteer, 'volunteer-2-signed-up');

    // ---- the activity day: five minutes after the start, the organizer shows the check-in code
    const activity = (await (await fetch(`${product.url}/api/volunteer-activities/${activityId}`, { headers: { authorization: `Bearer ${await token('wenchang-staff')}` } })).json()) as { data: { startsAt: string; endsAt: string } };
    const startsAt = new Date(activity.data.startsAt);
    const serverNow = new Date(((await (await fetch(`${product.url}/api/dev/clock`)).json()) as { data: { now: string } }).data.now);
    await advance(Math.ceil((startsAt.getTime() - serverNow.getTime()) / 60_000) + 5, staff, volunteer);
    const inCode = await liveCode(staff, activityId, 'in', 'volunteer-3-live-code');
    await scan(volunteer, activityId, inCode, '签到成功', 'volunteer-4-checked-in');

    // The same code again is refused (replayed), clearly.
    await volunteer.locator('.vol-scan__code input').fill(inCode);
    await volunteer.locator('.vol-scan__submit').click();
    await volunteer.locator('.vol-scan__result .result-panel__title', { hasText: '签到没有成功' }).waitFor({ timeout: 20_000 });

    // ---- two hours later (11:05, past the 11:00 end): the check-out code
    await advance(120, staff, volunteer);
    const outCode = await liveCode(staff, activityId, 'out', 'volunteer-5-checkout-code');
    await scan(volunteer, activityId, outCode, '签退成功', 'volunteer-6-checked-out');

    // Before the organizer confirms, no hours are credited.
    await volunteer.goto(`${product.url}/#/volunteer/pages/activity/index?id=${activityId}`);
    await volunteer.locator('.vol-activity-page__attendance').waitFor({ timeout: 20_000 });
    expect(await volunteer.locator('.vol-activity-page__attendance').innerText()).toContain('组织者确认出勤后即记入服务时长'.slice(0, 6));

    // ---- the organizer confirms attendance: 09:05–11:00 is 115 minutes, rounded down to 1.5 hours
    await staff.goto(`${product.url}/#/workbench/pages/roster/index?id=${activityId}`);
    expect(await text(staff, '.org-row__scan')).toContain('签退');
    await staff.locator('.org-roster__confirm').click({ timeout: 20_000 });
    await staff.locator('.taro-model__confirm').click({ timeout: 10_000 });
    expect(await text(staff, '.org-roster__summary')).toContain('共记入服务时长 1.5 小时');
    await staff.locator('.org-roster__summary').scrollIntoViewIfNeeded();
    await shot(staff, 'volunteer-7-confirmed');

    // ---- the volunteer sees the hours and the points in the record
    await volunteer.goto(`${product.url}/#/volunteer/pages/record/index`);
    const recordPage = volunteer.locator('.vol-record', { hasText: '冬日暖心·为独居老人送温暖' }).first();
    await recordPage.waitFor({ timeout: 20_000 });
    const record = await recordPage.innerText();
    expect(record).toContain('1.5 小时');
    await shot(volunteer, 'volunteer-8-hours');

    expect(staff.errors).toEqual([]);
    expect(volunteer.errors).toEqual([]);
  });
});
