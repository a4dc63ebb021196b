import type { Browser } from 'playwright-core';
import { apiAs, cleanArtifacts, launchBrowser, loginAs, phonePage, type Product, shot, showAndShot, startProduct } from './support';

const WINDOW_MS = 45_000;

/**
 * Consultation in the browser: staff open a topic (through the API, with a short voting window)
 * and enter the votes counted at the meeting; the demo resident finds it from the home page,
 * votes, changes her vote, and once the window has closed sees the result with online and
 * offline votes apart; then she follows the seeded resolved topic to its service project's
 * public page, which shows no personal data.
 */
describe('H5 in Chromium: a resident votes on a topic and sees the result', () => {
  let product: Product;
  let browser: Browser;
  /** The topic the first test opens (closed by the time the second runs). */
  let topicId = 0;

  beforeAll(async () => {
    cleanArtifacts('loop-');
    [product, browser] = await Promise.all([startProduct(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it('votes, changes the vote, sees the result after the close, and opens the project of a resolved topic', async () => {
    // ---- staff open a topic that closes soon, and enter the meeting's hand count
    const staff = await apiAs(product, 'wenchang-staff');
    const communityId = staff.me.roles.find((r) => r.role === 'staff')!.nodeId;
    const endsAt = Date.now() + WINDOW_MS;
    const topic = await staff.call<{ id: number; options: Array<{ id: number; label: string }> }>('POST', '/api/consultation/topics', {
      communityId,
      title: '3栋楼下闲置空地怎么用',
      description: '3栋楼下有一块空地长期堆放杂物，居民反映影响出行和卫生。请大家商量这块地怎么用。',
      options: ['改成停车位', '建成休闲小广场', '保持绿地，添几张长椅'],
      voteEndsAt: new Date(endsAt).toISOString(),
    });
    topicId = topic.id;
    const [parking, square] = topic.options;
    await staff.call('PUT', `/api/consultation/topics/${topic.id}/offline-votes`, {
      counts: [
        { optionId: topic.options[0].id, count: 2 },
        { optionId: topic.options[1].id, count: 7 },
        { optionId: topic.options[2].id, count: 1 },
      ],
    });

    // ---- the resident finds it from the home page
    const resident = await phonePage(browser);
    await loginAs(resident, product, 'wenchang-resident');
    await showAndShot(resident, '.home-consult-entry', 'loop-0-home');
    await resident.locator('.home-consult-entry').click();
    const row = resident.locator(`.loop-topic-row[data-topic="${topic.id}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.innerText()).toContain('投票进行中');
    // The seeded topic (老年食堂) is already resolved: listed after the open one.
    expect(await resident.locator('.loop-topics').innerText()).toContain('是否在党群服务中心开办老年食堂');
    // The community's projects follow, readable by anyone.
    await resident.locator('.loop-topics__projects .loop-project-row', { hasText: '文昌社区长者食堂助餐服务' }).waitFor({ timeout: 20_000 });
    await shot(resident, 'loop-1-topics');

    await row.click();
    await resident.locator('.loop-topic__title').waitFor({ timeout: 20_000 });
    expect(await resident.locator('.loop-topic__title').innerText()).toBe('3栋楼下闲置空地怎么用');
    expect(await resident.locator('.loop-option').count()).toBe(3);
    // No result while the window is open.
    expect(await resident.locator('.loop-topic__results').count()).toBe(0);
    await shot(resident, 'loop-2-topic');

    // ---- she votes, then changes her mind
    await resident.locator(`.loop-option[data-option="${parking.id}"]`).click();
    await resident.locator('.loop-vote-btn').click();
    const outcome = resident.locator('.loop-topic__outcome');
    await outcome.waitFor({ timeout: 20_000 });
    expect(await outcome.innerText()).toContain('已投票：改成停车位');
    await showAndShot(resident, '.loop-topic__outcome', 'loop-3-voted');

    await resident.locator(`.loop-option[data-option="${square.id}"]`).click();
    await resident.locator('.loop-vote-btn').click();
    await resident.locator('.loop-topic__outcome', { hasText: '已改投：建成休闲小广场' }).waitFor({ timeout: 20_000 });
    await showAndShot(resident, '.loop-vote-btn', 'loop-4-changed');

    // ---- after the window closes: the result, online and offline apart
    const wait = endsAt - Date.now() + 1500;
    if (wait > 0) await resident.waitForTimeout(wait);
    await resident.reload();
    const results = resident.locator('.loop-topic__results');
    await results.waitFor({ timeout: 20_000 });
    expect(await resident.locator('.loop-results__total').innerText()).toBe('共 11 票：线上 1 票，现场 10 票');
    const top = resident.locator('.loop-result--top');
    expect(await top.getAttribute('data-option')).toBe(String(square.id));
    const topText = await top.innerText();
    expect(topText).toContain('线上 1 票 · 现场 7 票');
    expect(topText).toContain('我投的');
    expect(await resident.locator('.loop-vote-btn').count()).toBe(0);
    expect(await resident.locator('.loop-topic__window').innerText()).toContain('投票已于');
    await showAndShot(resident, '.loop-topic__results', 'loop-5-results');

    // Voting after the close is refused by the server, whatever the page shows.
    const residentApi = await apiAs(product, 'wenchang-resident');
    await expect(residentApi.call('POST', `/api/consultation/topics/${topic.id}/vote`, { optionId: parking.id })).rejects.toThrow(/409.*截止/);

    // ---- the seeded resolved topic leads to its project's public page
    await resident.goBack();
    const seeded = resident.locator('.loop-topic-row', { hasText: '是否在党群服务中心开办老年食堂' });
    await seeded.click({ timeout: 20_000 });
    await resident.locator('.loop-topic__resolution').waitFor({ timeout: 20_000 });
    expect(await resident.locator('.loop-topic__resolution').innerText()).toContain('立项实施');
    await showAndShot(resident, '.loop-topic__resolution', 'loop-6-resolution');
    await resident.locator('.loop-topic__project').click();
    await resident.locator('.loop-project__title').waitFor({ timeout: 20_000 });
    const projectText = await resident.locator('.loop-project').innerText();
    expect(projectText).toContain('文昌社区长者食堂助餐服务');
    expect(projectText).toContain('文昌社区邻里互助会');
    expect(projectText).toContain('¥80,000.00');
    // No phone numbers, no names of people.
    expect(projectText).not.toMatch(/1[3-9]\d(\*{4}|\d{4})\d{4}/);
    for (const name of ['王秀英', '陈静', '张建国', '李娜']) expect(projectText).not.toContain(name);
    await shot(resident, 'loop-7-project');
    await showAndShot(resident, '.loop-project__progress', 'loop-8-project-progress');

    expect(resident.errors).toEqual([]);
  });

  it('staff publish the resolution and start a project; the social worker records guidance on it', async () => {
    expect(topicId).toBeGreaterThan(0);
    // ---- staff: workbench → 社区协商 → the closed topic → 议定事项 → 服务项目
    const staff = await phonePage(browser);
    await loginAs(staff, product, 'wenchang-staff');
    await staff.goto(product.url + '/#/workbench/pages/index/index');
    await staff.locator('.workbench-item--consult').click({ timeout: 20_000 });
    const row = staff.locator(`.staff-topic-row[data-topic="${topicId}"]`);
    await row.waitFor({ timeout: 20_000 });
    await shot(staff, 'loop-9-staff-topics');
    await row.click();
    await staff.locator('.staff-topic__resolve').waitFor({ timeout: 20_000 });
    await showAndShot(staff, '.staff-topic__resolve', 'loop-10-staff-topic');

    await staff.locator('.staff-topic__resolve').click();
    await staff.locator('.resolution-new__text textarea').waitFor({ timeout: 20_000 });
    // The option with most votes is taken as adopted.
    expect(await staff.locator('.resolution-new__options .chip--on').innerText()).toBe('建成休闲小广场');
    await staff.locator('.resolution-new__text textarea').fill('经居民投票和议事会协商，3栋楼下空地建成休闲小广场，由文昌社区邻里互助会立项实施，社区社工全程指导。');
    await showAndShot(staff, '.resolution-new__text', 'loop-11-resolution-form');
    await staff.locator('.resolution-new__submit').click();
    await staff.locator('.taro-modal__foot').getByText('公布', { exact: true }).click({ timeout: 10_000 });

    await staff.locator('.project-new__title input').waitFor({ timeout: 20_000 });
    expect(await staff.locator('.project-new__title input').inputValue()).toBe('3栋楼下闲置空地怎么用');
    await staff.locator('.project-new__title input').fill('3栋休闲小广场建设');
    await staff.locator('[data-domain="community"]').click();
    await staff.locator('.project-new__orgs .chip', { hasText: '文昌社区邻里互助会' }).click({ timeout: 20_000 });
    await staff.locator('.project-new__workers .chip').first().click({ timeout: 20_000 });
    await staff.locator('.project-new__budget input').fill('12000');
    await staff.locator('.project-new__ms-title input').fill('清理杂物、平整场地');
    expect(await staff.locator('.project-new').innerText()).toContain('即 ¥12,000.00');
    await showAndShot(staff, '.project-new__budget', 'loop-12-project-form');
    await staff.locator('.project-new__submit').click();
    await staff.locator('.loop-project__title').waitFor({ timeout: 20_000 });
    expect(await staff.locator('.loop-project__title').innerText()).toBe('3栋休闲小广场建设');
    expect(await staff.locator('.loop-project').innerText()).toContain('¥12,000.00');
    await shot(staff, 'loop-13-project-created');
    expect(staff.errors).toEqual([]);

    // ---- the social worker: 我的 → 我的项目 → the new project → 写指导记录
    const sw = await phonePage(browser);
    await loginAs(sw, product, 'wenchang-socialworker');
    await sw.goto(product.url + '/#/pages/me/index');
    await sw.locator('.me-projects').click({ timeout: 20_000 });
    const mine = sw.locator('.loop-project-row', { hasText: '3栋休闲小广场建设' });
    await mine.waitFor({ timeout: 20_000 });
    await shot(sw, 'loop-14-sw-projects');
    await mine.click();
    await sw.locator('.loop-go-guidance').click({ timeout: 20_000 });
    await sw.locator('.loop-guidance-page__content textarea').waitFor({ timeout: 20_000 });
    await sw.locator('[data-form="community"]').click();
    await sw.locator('.loop-guidance-page__content textarea').fill('指导互助会召开楼栋居民小组会，明确小广场的使用公约和日常维护分工。');
    await sw.locator('.loop-guidance-page__next textarea').fill('下周到现场查看场地清理进度');
    await showAndShot(sw, '.loop-guidance-page__content', 'loop-15-sw-guidance-form');
    await sw.locator('.loop-guidance-page__submit').click();
    const record = sw.locator('.loop-guidance', { hasText: '楼栋居民小组会' });
    await record.waitFor({ timeout: 20_000 });
    expect(await record.innerText()).toContain('社区');
    await showAndShot(sw, '.loop-project__guidance', 'loop-16-sw-guidance');
    expect(sw.errors).toEqual([]);
  });
});
