/**
 * The built mini-program's tab pages, the needs pages and the workbench subpackage, rendered in
 * miniprogram-simulate (tests/weapp/support.ts) against a small fake of our API.
 *
 * Needs `npm run build:weapp` first.
 */
import { LOOP_STEP_LABEL, LOOP_STEPS, type NeedAction, type NeedListItem, type NeedRelationView, type NeedStatus, type NeedTimeline, type StepState } from '../../server/src/contract/needs';
import type { MeView } from '../../server/src/contract/users';
import { badges, downloads, fakeRoutes, installSimulator, ok, renderPage, requests, waitForText, waitUntil, type WxRequest } from './support';

const STAFF_ME: MeView = {
  id: 6,
  nickname: '李娜',
  phoneMasked: '138****1005',
  residence: { communityId: 3, communityName: '文昌社区', streetName: '古南街道', districtName: '綦江区', building: '1栋', unit: '1单元', status: 'confirmed', statusLabel: '已确认', returnReason: null },
  roles: [
    { id: 1, role: 'resident', roleLabel: '居民', nodeId: 3, nodeName: '文昌社区', nodeLevel: 'community', nodeLevelLabel: '社区', orgId: null, orgName: null },
    { id: 2, role: 'staff', roleLabel: '社区工作人员', nodeId: 3, nodeName: '文昌社区', nodeLevel: 'community', nodeLevelLabel: '社区', orgId: null, orgName: null },
  ],
  workbench: true,
  manager: true,
};

const ITEM: NeedListItem = {
  id: 7,
  communityId: 3,
  communityName: '文昌社区',
  categoryLabel: '环境设施',
  title: '3栋楼道灯坏了',
  status: 'done',
  statusLabel: '已办结，待评价',
  urgency: 'urgent',
  urgencyLabel: '较急',
  priority: 0,
  meTooCount: 2,
  createdAt: new Date(Date.now() - 3 * 86_400_000 - 60_000).toISOString(),
  updatedAt: new Date().toISOString(),
};
function needTimeline(status: NeedStatus, statusLabel: string, actions: NeedAction[], relation: Partial<NeedRelationView>): NeedTimeline {
  const states: StepState[] = status === 'done' ? ['done', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'current'] : ['current', 'pending', 'pending', 'pending', 'pending', 'pending', 'pending'];
  return {
    need: {
      ...ITEM,
      status,
      statusLabel,
      category: { id: 5, key: 'facilities', label: '环境设施' },
      description: '晚上看不见路',
      isPublic: true,
      photos: [{ id: 5, mime: 'image/png', size: 10, url: '/api/uploads/5' }],
      evidencePhotos: [],
      doneNote: status === 'done' ? '已更换灯泡' : null,
      rating: null,
      ratingComment: null,
      lastReason: null,
      referredTo: null,
      mergedIntoId: null,
      acceptedAt: null,
      doneAt: null,
      closedAt: null,
      priority: 0,
      reopenCount: 0,
      feedbackDueAt: null,
      handlerId: null,
      relation: { reporter: false, follower: false, handler: false, staff: false, meToo: false, ...relation },
      actions,
      location: { kind: 'residence', building: '3栋', unit: '2单元', lat: null, lng: null, address: null },
      reporter: relation.staff ? { proxy: false, nickname: '王秀英', phoneMasked: '138****1001', proxyNameMasked: null } : null,
    },
    steps: LOOP_STEPS.map((key, i) => ({ key, label: LOOP_STEP_LABEL[key], state: states[i] })),
    events: [
      { id: 1, at: ITEM.createdAt, kind: 'report', action: '居民上报需求', fromStatus: null, toStatus: 'reported', fromLabel: null, toLabel: '待受理', actorRole: 'resident', actorRoleLabel: '居民', reason: null, note: null, rating: null, comment: null, referredTo: null, mergedIntoId: null, fromNeedId: null, step: null, topicId: null, projectId: null },
    ],
  };
}

function needsApi(url: string, req: WxRequest): { statusCode: number; data: unknown } | undefined {
  if (url === '/api/auth/wechat-login') return ok({ token: 'tk-weapp', expiresIn: 3600, isNew: false, me: STAFF_ME });
  if (url.startsWith('/api/stats/nodes/3?')) {
    const needs = {
      reported: 3, accepted: 2, done: 1, reopened: 0, closedNoFeedback: 0, dissatisfiedTwice: 0,
      byStatus: [{ key: 'reported', label: '待受理', count: 1 }, { key: 'done', label: '已办结，待评价', count: 2 }],
      byCategory: [{ key: '5', label: '环境设施', count: 3 }],
      responseRate: { numerator: 2, denominator: 3, percent: 66.7 },
      resolutionRate: { numerator: 1, denominator: 2, percent: 50 },
      satisfactionRate: { numerator: 0, denominator: 0, percent: null },
      acceptHours: { median: 3, p90: 20 },
      doneHours: { median: 30, p90: 30 },
    };
    return ok({
      node: { id: 3, name: '文昌社区', level: 'community' },
      from: '2026-12-01',
      to: '2026-12-04',
      responseHours: { critical: 2, urgent: 24, normal: 72 },
      progressDays: 7,
      needs,
      volunteers: { registered: 1, active: 3, activitiesHeld: 1, confirmedHours: 9, tasksDone: 1 },
      loop: { topics: 1, votes: 12, meetingsHeld: 1, meetingParticipants: 23, resolutions: 1, projectsStarted: 1, projectsCompleted: 0, projectBudgetFen: 8_000_000, projectFundedFen: 300_000, peopleServed: 36, averageScore: null },
      charity: { incomeFen: 30_000, spendingFen: 0, inKindDonations: 1, wishesPublished: 2, wishesClaimed: 1, wishesClaimedByPartyMembers: 1, wishesDelivered: 0 },
      overdue: { late: 1, red: 1 },
      children: [],
      trend: ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'].map((month, i) => ({ month, reported: i, done: Math.max(0, i - 1) })),
    });
  }
  if (url === '/api/needs/categories') return ok([{ id: 5, key: 'facilities', label: '环境设施' }, { id: 1, key: 'elderly', label: '养老' }]);
  if (url.startsWith('/api/public/communities/3/needs')) return ok({ items: [{ ...ITEM, id: 8, title: '健身器材坏了', status: 'accepted', statusLabel: '已受理' }], total: 1 });
  // Public (no token).
  if (url === '/api/projects/criteria')
    return ok([{ id: 1, key: 'satisfaction', label: '居民满意度', weight: 40, source: 'residents', version: 2 }, { id: 2, key: 'goals', label: '目标达成', weight: 60, source: 'scored', version: 2 }]);
  if (req.header?.Authorization !== 'Bearer tk-weapp') return { statusCode: 401, data: { error: { code: 'UNAUTHENTICATED', message: '请先登录', requestId: 'r' } } };
  if (url === '/api/me') return ok(STAFF_ME);
  if (url === '/api/needs/mine') return ok([{ ...ITEM, relation: 'reporter' }]);
  if (url === '/api/inbox/unread-count') return ok({ unread: 2 });
  if (url.startsWith('/api/inbox?'))
    return ok({ items: [{ id: 1, title: '需求进展', body: '您关注的需求“3栋楼道灯坏了”已受理', page: 'pages/needs/detail/index?id=7', read: false, createdAt: ITEM.updatedAt }], total: 1, unread: 2 });
  if (url === '/api/needs/7/timeline') return ok(needTimeline('done', '已办结，待评价', [{ to: 'rated', action: '确认并评价', requires: ['rating'] }, { to: 'in_progress', action: '未解决，重新办理', requires: ['reason'] }], { reporter: true }));
  if (url === '/api/needs/9/timeline')
    return ok(needTimeline('reported', '待受理', [{ to: 'accepted', action: '受理', requires: [] }, { to: 'rejected', action: '不予受理', requires: ['reason'] }], { staff: true }));
  if (url.startsWith('/api/needs/queue?')) return ok({ items: [{ ...ITEM, id: 9, status: 'reported', statusLabel: '待受理' }], total: 1 });
  if (url.startsWith('/api/needs/similar?')) return ok([]);
  if (url === '/api/nodes/tree') return ok([{ id: 1, name: '綦江区', level: 'district', levelLabel: '区县', children: [{ id: 2, name: '古南街道', level: 'street', levelLabel: '街道', children: [{ id: 3, name: '文昌社区', level: 'community', levelLabel: '社区', children: [] }] }] }]);
  if (url.startsWith('/api/roles?nodeId=3'))
    return ok({ items: [{ id: 50, userId: 40, nickname: '陈静', phoneMasked: '138****1003', role: 'social_worker', roleLabel: '社工', nodeId: 3, nodeName: '文昌社区', nodeLevelLabel: '社区', orgId: null, orgName: null, grantedAt: ITEM.createdAt }], total: 1 });
  if (url.startsWith('/api/residents?nodeId=3'))
    return ok({ items: [{ id: 12, userId: 41, nickname: '黄德明', phoneMasked: '138****1006', communityId: 3, communityName: '文昌社区', building: '8栋', unit: '2单元', status: 'applicant', statusLabel: '待社区确认', returnReason: null, appliedAt: ITEM.createdAt, reviewedAt: null }], total: 1 });
  if (url.startsWith('/api/orgs?nodeId=3')) return ok([{ id: 4, name: '文昌社区邻里互助会', kind: 'community_org', kindLabel: '社区社会组织', creditCode: null, description: '', nodeId: 3, nodeName: '文昌社区' }]);
  return undefined;
}

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
    // It logged in through WeChat and used the token.
    expect(requests.some((r) => r.url.endsWith('/api/auth/wechat-login') && r.method === 'POST')).toBe(true);
    expect(requests.filter((r) => r.url.endsWith('/api/me')).every((r) => r.auth === 'Bearer tk-weapp')).toBe(true);
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
    const page = await renderPage('pages/needs/report/index');
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
    const page = await renderPage('pages/needs/detail/index', { id: '7' });
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
    const page = await renderPage('pages/inbox/index');
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
