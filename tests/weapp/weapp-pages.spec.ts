/**
 * The built mini-program's tab pages, the needs pages and the workbench subpackage, rendered in
 * miniprogram-simulate (tests/weapp/support.ts) against a small fake of our API.
 *
 * Needs `npm run build:weapp` first.
 */
import { needsApi } from './fixtures';
import { badges, downloads, fakeRoutes, installSimulator, renderPage, requests, waitForText, waitUntil } from './support';


fakeRoutes(needsApi);
installSimulator();

describe('built mini-program (dist/weapp) in miniprogram-simulate', () => {
  it('首页 shows the community and the closed loop', async () => {
    const page = await renderPage('pages/index/index');
    await waitForText(page, '文昌社区');
    for (const step of ['居民需求', '社区协商', '慈善资源保障', '社会组织实施', '社工指导', '志愿者参与', '居民监督和反馈']) {
      expect(page.text()).toContain(step);
    }
    expect(page.text()).toContain('李娜，您好');
    expect(page.html()).toContain('home-community');
    // #17: what she came for first — 我要反映 and her needs in progress — then the loop explanation.
    await waitForText(page, '3栋楼道灯坏了');
    const text = page.text();
    expect(text.indexOf('我要反映')).toBeGreaterThan(-1);
    expect(text.indexOf('我要反映')).toBeLessThan(text.indexOf('3栋楼道灯坏了'));
    expect(text.indexOf('3栋楼道灯坏了')).toBeLessThan(text.indexOf('有事找社区，怎么办？'));
    // First launch: 长辈模式 is offered; the page is in the ordinary size.
    expect(text).toContain('打开长辈模式');
    expect(page.html()).not.toMatch(/main--elder\b/);
    // It logged in through WeChat and used the token.
    expect(requests.some((r) => r.url.endsWith('/api/auth/wechat-login') && r.method === 'POST')).toBe(true);
    expect(requests.filter((r) => r.url.endsWith('/api/me')).every((r) => r.auth === 'Bearer tk-weapp')).toBe(true);
  });

  it('选择我的社区 (resident subpackage) renders: district, street and community, her building', async () => {
    // It once imported a helper from the login page's module, which a Taro build leaves undefined.
    const page = await renderPage('resident/pages/community/index', { redirect: encodeURIComponent('/pages/needs/index') });
    await waitForText(page, '所在社区');
    for (const name of ['綦江区', '古南街道', '文昌社区', '楼栋和单元']) expect(page.text()).toContain(name);
  });

  it('需求 lists my needs with their status and the report button', async () => {
    const page = await renderPage('pages/needs/index');
    await waitForText(page, '3栋楼道灯坏了');
    expect(page.text()).toContain('我要反映');
    expect(page.text()).toContain('已办结，待评价');
    expect(page.text()).toContain('我反映的');
    expect(page.text()).toContain('社区公示');
    expect(page.html()).toContain('need-row');
  });

  it('我要反映 (report form) shows the categories, the residence and the public switch', async () => {
    const page = await renderPage('resident/pages/report/index');
    await waitForText(page, '环境设施');
    expect(page.text()).toContain('我家：1栋 1单元');
    expect(page.text()).toContain('地图选点');
    // WeChat can pick on the map: no H5 hint.
    expect(page.text()).not.toContain('网页版不能地图选点');
    expect(page.text()).toContain('可以公开展示');
    expect(page.text()).toContain('姓名、电话和门牌都不会显示');
    expect(page.text()).toContain('添加照片（还可9张）');
    expect(page.html()).toContain('need-form__public-switch');
  });

  it('需求详情 shows the loop with skipped steps, the result, the photo (downloaded with the token) and the rating panel', async () => {
    const page = await renderPage('resident/pages/need/index', { id: '7' });
    await waitForText(page, '已更换灯泡');
    expect(page.text()).toContain('已跳过');
    expect(page.text()).toContain('居民监督和反馈');
    expect(page.text()).toContain('确认办结并评价');
    expect(page.text()).toContain('问题没解决');
    expect(page.html()).toContain('loop-steps__item--skipped');
    await waitForText(page, '居民上报需求');
    await waitUntil(() => page.data().includes('wxfile://tmp/photo.png'), 'the photo download');
    expect(downloads).toContainEqual({ url: expect.stringMatching(/\/api\/uploads\/5$/), auth: 'Bearer tk-weapp' });
    expect(page.data()).toContain('wxfile://tmp/photo.png');
  });

  it('我的消息 shows the unread count and the message, and sets the 我的 tab badge', async () => {
    const page = await renderPage('resident/pages/inbox/index');
    await waitForText(page, '您关注的需求“3栋楼道灯坏了”已受理');
    expect(page.text()).toContain('2 条未读');
    expect(page.text()).toContain('全部标为已读');
    expect(badges).toContain('setTabBarBadge 3 2');
  });

  it('志愿 invites a resident who is not a volunteer to register', async () => {
    const page = await renderPage('pages/volunteer/index');
    await waitForText(page, '成为社区志愿者');
  });

  it('我的 shows nickname, masked phone, the bind-phone button, roles and the workbench entry', async () => {
    const page = await renderPage('pages/me/index');
    await waitForText(page, '李娜');
    expect(page.text()).toContain('手机号 138****1005');
    expect(page.text()).toContain('社区工作人员');
    expect(page.text()).toContain('进入工作台');
    expect(page.text()).toContain('更换手机号');
    expect(page.html()).toContain('me-bind-phone');
    expect(page.data()).toContain('"getPhoneNumber"');
    expect(page.text()).not.toContain('切换体验账号');
    expect(page.text()).toContain('长辈模式');
    expect(page.html()).toContain('me-elder');
  });

  it('工作台 (subpackage) shows the roles it covers, every entry live (统计台账 too, #12)', async () => {
    const page = await renderPage('workbench/pages/index/index');
    await waitForText(page, '李娜的工作台');
    expect(page.text()).toContain('负责范围：文昌社区（社区）');
    expect(page.text()).toContain('需求受理');
    expect(page.text()).toContain('代居民上报');
    // (miniprogram-simulate prefixes class names: main--…)
    expect(page.html()).toMatch(/workbench-item--triage [\w-]*workbench-item--live/);
    expect(page.html()).toMatch(/workbench-item--consult [\w-]*workbench-item--live/);
    expect(page.html()).toMatch(/workbench-item--project [\w-]*workbench-item--live/);
    expect(page.html()).toMatch(/workbench-item--fund [\w-]*workbench-item--live/);
    expect(page.html()).toMatch(/workbench-item--wish [\w-]*workbench-item--live/);
    expect(page.html()).toMatch(/workbench-item--attendance [\w-]*workbench-item--live/);
    expect(page.html()).toMatch(/workbench-item--stats [\w-]*workbench-item--live/);
    expect(page.text()).not.toContain('即将上线');
  });

  it('统计台账 (stats subpackage): the three rates with their fractions, what is late, the trend, by status, the five 台账', async () => {
    const page = await renderPage('stats/pages/index/index');
    await waitForText(page, '响应率');
    const text = page.text();
    expect(text).toContain('66.7%');
    expect(text).toContain('2 / 3');
    expect(text).toContain('暂无');
    expect(text).toContain('待受理');
    expect(text).toContain('现在超时未办 1 件，其中严重超时 1 件');
    expect(text).toContain('12月');
    expect(text).toContain('志愿服务时长台账');
    expect(text).toContain('微心愿台账');
    expect(requests.some((r) => r.url.includes('/api/stats/nodes/3?from='))).toBe(true);
  });

  it('人员与角色 (subpackage): the members with masked phones, finding a person by phone, the organizations', async () => {
    const page = await renderPage('workbench/pages/people/index');
    await waitForText(page, '陈静 · 138****1003');
    const text = page.text();
    expect(text).toContain('社工 · 文昌社区');
    expect(text).toContain('对方绑定小程序的手机号');
    expect(text).toContain('文昌社区邻里互助会 · 社区社会组织');
    // Staff of a community, not a street's admin: no 新增社区.
    expect(text).not.toContain('新增社区');
  });

  it('居民认证 (subpackage): the waiting residents with masked phones, ticked for a bulk decision (#13)', async () => {
    const page = await renderPage('workbench/pages/residents/index');
    await waitForText(page, '黄德明');
    const text = page.text();
    expect(text).toContain('文昌社区 8栋 2单元');
    expect(text).toContain('手机 138****1006');
    expect(text).toContain('一个手机号在一个社区只能确认一位居民');
  });

  it('评估标准 (subpackage): the criteria and weights, read-only for community staff (#13)', async () => {
    const page = await renderPage('workbench/pages/criteria/index');
    await waitForText(page, '项目评估标准 · 第 2 版');
    expect(page.text()).toContain('由居民评价计算');
    expect(page.text()).toContain('权重 60');
    expect(page.text()).not.toContain('保存为新版本');
  });

  it('我的数据 (subpackage): export and the account deletion that asks for 注销 (#14)', async () => {
    const page = await renderPage('account/pages/data/index');
    await waitForText(page, '导出我的数据');
    expect(page.text()).toContain('注销我的账号');
    expect(page.text()).toContain('已注销用户');
  });

  it('需求受理 queue (subpackage) lists waiting needs with age, urgency and me-too count', async () => {
    const page = await renderPage('workbench/pages/queue/index');
    await waitForText(page, '3栋楼道灯坏了');
    expect(page.text()).toContain('共 1 件');
    expect(page.text()).toContain('3天前');
    expect(page.text()).toContain('较急');
    expect(page.text()).toContain('2人也遇到');
    expect(requests.some((r) => r.url.endsWith('/api/needs/queue?nodeId=3&status=reported&limit=20&offset=0'))).toBe(true);
  });

  it('办理需求 (subpackage) shows the reporter masked and the moves the table allows', async () => {
    const page = await renderPage('workbench/pages/need/index', { id: '9' });
    await waitForText(page, '反映人：王秀英 · 138****1001');
    expect(page.text()).toContain('受理');
    expect(page.text()).toContain('不予受理');
    expect(page.text()).toContain('优先级');
    expect(page.text()).not.toContain('办结');
  });

  it('代居民上报 (subpackage) asks for the resident and the community', async () => {
    const page = await renderPage('workbench/pages/report/index');
    await waitForText(page, '环境设施');
    expect(page.text()).toContain('代哪个社区的居民上报');
    expect(page.text()).toContain('文昌社区');
    expect(page.text()).toContain('居民信息（仅社区工作人员可见）');
    expect(page.text()).toContain('代居民提交');
  });
});
