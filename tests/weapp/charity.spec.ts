/**
 * The charity pages of the BUILT mini-program (the 'charity' subpackage and the workbench's
 * fund and wish pages), rendered in miniprogram-simulate against a small fake of the API.
 *
 * Needs `npx taro build --type weapp` first.
 */
import { fakeRoutes, installSimulator, ok, renderPage, requests, waitForText, waitUntil, type WxRequest } from './support';

const ROLE = { nodeId: 3, nodeName: '文昌社区', nodeLevel: 'community', nodeLevelLabel: '社区', orgId: null, orgName: null };
const ME = {
  id: 7,
  nickname: '王秀英',
  phoneMasked: '138****1001',
  residence: { communityId: 3, communityName: '文昌社区', streetName: '古南街道', districtName: '綦江区', building: '3栋', unit: '2单元' },
  roles: [
    { id: 1, role: 'resident', roleLabel: '居民', ...ROLE },
    { id: 2, role: 'staff', roleLabel: '社区工作人员', ...ROLE },
  ],
  workbench: true,
  manager: true,
};
const DAY = 86_400_000;
const month = (i: number) => {
  const d = new Date(Date.now() - (11 - i) * 31 * DAY);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};
const FUND = {
  node: { id: 3, name: '文昌社区', level: 'community', levelLabel: '社区' },
  fundId: 1,
  balanceFen: 560_000,
  totals: { incomeFen: 710_000, spendingFen: 150_000 },
  monthly: Array.from({ length: 12 }, (_, i) => ({ month: month(i), incomeFen: i === 11 ? 30_000 : 80_000, spendingFen: i === 10 ? 150_000 : 0 })),
  donations: [
    { id: 2, kind: 'donation', kindLabel: '捐赠收入', flow: 'in', amountFen: 100_000, occurredOn: '2026-10-26', donor: '爱心人士', donorKindLabel: '个人', channel: '区慈善会账户', note: null, needId: null, projectId: null, counterpartNodeName: null, reversesEntryId: null, reason: null, reversed: false },
  ],
  allocations: [{ id: 1, amountFen: 150_000, purpose: '为社区独居老人购买助餐餐券（30张）', needId: 12, projectId: null, grantToNodeName: null, postedOn: '2026-11-20', reversed: false }],
  inKind: [{ id: 1, item: '大米', quantity: 20, unit: '袋', donor: '綦江区爱心超市', donorKindLabel: '企业', receivedOn: '2026-11-01', destinationKind: 'household', destinationLabel: '困难家庭', needId: null, wishId: null, destinationNote: '困难家庭10户' }],
};
const WISH = {
  id: 31,
  title: '一台收音机',
  story: '社区里87岁的独居老人，平时最爱听戏曲和新闻。',
  valueFen: 12_000,
  category: 'elderly_alone',
  categoryLabel: '独居老人',
  beneficiary: '张**',
  communityId: 3,
  communityName: '文昌社区',
  campaignId: 5,
  needId: null,
  status: 'open',
  statusLabel: '待认领',
  createdAt: new Date(Date.now() - 2 * DAY).toISOString(),
  hasPhoto: false,
  photoPublicAt: null,
  thanks: null,
};
const CLAIM = {
  id: 8,
  wishId: 31,
  wishTitle: '一台收音机',
  status: 'active',
  statusLabel: '待送达',
  anonymous: false,
  asPartyMember: true,
  claimedAt: new Date(Date.now() - DAY).toISOString(),
  deadlineAt: new Date(Date.now() + 6 * DAY).toISOString(),
  contactText: '请送至文昌社区党群服务中心一楼，交社区工作人员',
  canAddPhoto: false,
};
const CAMPAIGN = { id: 5, nodeId: 2, nodeName: '古南街道', title: '冬日暖心·微心愿', description: '', organizer: '古南街道党工委', deadlineAt: new Date(Date.now() + 30 * DAY).toISOString(), ended: false, progress: { total: 5, claimed: 1, delivered: 0 } };

function charityApi(url: string, req: WxRequest): { statusCode: number; data: unknown } | undefined {
  if (url === '/api/auth/wechat-login') return ok({ token: 'tk-ch', expiresIn: 3600, isNew: false, me: ME });
  if (url === '/api/funds/nodes/3') return ok(FUND);
  if (url.startsWith('/api/public/communities/3/needs')) return ok({ items: [{ id: 12, communityId: 3, communityName: '文昌社区', title: '3栋2单元楼道灯坏了', categoryLabel: '环境设施', status: 'done', statusLabel: '已办结，待评价', urgency: 'normal', urgencyLabel: '一般', priority: 0, meTooCount: 2, createdAt: WISH.createdAt, updatedAt: WISH.createdAt }], total: 1 });
  if (url === '/api/stats/public/communities/3')
    return ok({ communityId: 3, communityName: '文昌社区', month: '2026-12', reported: 6, done: 4, satisfactionRate: { numerator: 3, denominator: 4, percent: 75 }, volunteerHours: 12.5, fundIncomeFen: 30_000, fundSpendingFen: 150_000 });
  if (url.startsWith('/api/projects/public?communityId=3'))
    return ok([{ id: 8, title: '长者食堂助餐服务', domainLabel: '养老服务', communityName: '文昌社区', organizationName: '文昌社区邻里互助会', status: 'completed', statusLabel: '已结项', budgetFen: 8_000_000, peopleServed: 360, score: 92, startsOn: '2026-06-01', endsOn: '2026-11-30' }]);
  if (url.startsWith('/api/campaigns?nodeId=3')) return ok([CAMPAIGN]);
  if (url.startsWith('/api/wishes?nodeId=3')) return ok({ items: url.includes('status=claimed') ? [{ ...WISH, status: 'claimed', statusLabel: '已认领' }] : [WISH, { ...WISH, id: 32, title: '一个新书包', category: 'child', categoryLabel: '困境儿童', beneficiary: '李**' }], total: 2 });
  if (url === '/api/wishes/31/timeline') return ok([{ at: WISH.createdAt, action: 'wish.publish', label: '发布心愿', fromStatus: null, toStatus: 'open', by: '社区工作人员' }]);
  if (req.header?.Authorization !== 'Bearer tk-ch') return { statusCode: 401, data: { error: { code: 'UNAUTHENTICATED', message: '请先登录', requestId: 'r' } } };
  if (url === '/api/me') return ok(ME);
  if (url === '/api/inbox/unread-count') return ok({ unread: 0 });
  if (url === '/api/wishes/31') return ok({ ...WISH, status: 'claimed', statusLabel: '已认领', myClaim: CLAIM });
  if (url === '/api/wishes/my-claims') return ok([CLAIM]);
  if (url.startsWith('/api/funds/nodes/3/entries')) return ok({ items: [], total: 0, balanceFen: 560_000 });
  if (url.startsWith('/api/funds/nodes/3/allocations')) return ok([]);
  return undefined;
}

fakeRoutes(charityApi);
installSimulator();

describe('charity pages (weapp build)', () => {
  it('fund (subpackage): balance, bars, spending, the anonymous donor as 爱心人士, goods', async () => {
    const page = await renderPage('charity/pages/fund/index');
    await waitForText(page, '¥5,600.00');
    const text = page.text();
    expect(text).toContain('文昌社区基金');
    expect(text).toContain('近半年收支');
    expect(text).toContain('为社区独居老人购买助餐餐券（30张）');
    expect(text).toContain('¥1,500.00');
    expect(text).toContain('爱心人士');
    expect(text).toContain('大米 20袋');
    // The bars are Views with a height each.
    expect((page.html().match(/ch-chart__bar--in/g) ?? []).length).toBe(6);
    expect(page.data()).toContain('"st":"height: 100%;"');
  });

  it('wish wall (subpackage): masked beneficiaries, category and campaign filters', async () => {
    const page = await renderPage('charity/pages/wishes/index');
    await waitForText(page, '一个新书包');
    const text = page.text();
    expect(text).toContain('独居老人 · 张** · 文昌社区');
    expect(text).toContain('困境儿童');
    expect(text).toContain('冬日暖心·微心愿');
    expect(text).toContain('参考价值 ¥120.00');
    expect(requests.some((r) => r.url.includes('/api/wishes?nodeId=3&status=open'))).toBe(true);
  });

  it('wish detail (subpackage): my claim with the deadline and the delivery arrangements', async () => {
    const page = await renderPage('charity/pages/wish/index', { id: '31' });
    await waitForText(page, '送达方式：请送至文昌社区党群服务中心一楼');
    expect(page.text()).toContain('还剩 6 天');
    expect(page.text()).toContain('撤回认领');
    expect(page.text()).toContain('发布心愿');
  });

  it('社区公示 (board subpackage): opens on the shared community without login; needs, fund, wishes, finished projects', async () => {
    const before = requests.length;
    const page = await renderPage('board/pages/index/index', { communityId: '3' });
    await waitForText(page, '长者食堂助餐服务');
    const text = page.text();
    expect(text).toContain('文昌社区公示');
    expect(text).toContain('3栋2单元楼道灯坏了');
    expect(text).toContain('¥5,600.00');
    expect(text).toContain('等待认领的微心愿（2 个）');
    expect(text).toContain('服务 360 人次 · 评估 92 分');
    // This month in figures (#12): nobody named.
    expect(text).toContain('6 件，已办结 4 件');
    expect(text).toContain('75%（3/4）');
    expect(text).toContain('12.5 小时');
    // The public reads go without a token.
    const board = requests.slice(before).find((r) => r.url.includes('/api/public/communities/3/needs'));
    expect(board?.auth).toBeUndefined();
  });

  it('社区公示’s old address (main package) forwards a shared link to the board subpackage, community and all', async () => {
    const wx = (global as unknown as { wx: Record<string, unknown> }).wx;
    const original = wx.redirectTo;
    const redirects: string[] = [];
    wx.redirectTo = (opts: { url: string; success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
      redirects.push(opts.url);
      const res = { errMsg: 'redirectTo:ok' };
      opts.success?.(res);
      opts.complete?.(res);
    };
    try {
      await renderPage('pages/board/index', { communityId: '3' });
      await waitUntil(() => redirects.length > 0, 'the forward');
      expect(redirects).toEqual(['/board/pages/index/index?communityId=3']);
    } finally {
      wx.redirectTo = original;
    }
  });

  it('my claims (subpackage)', async () => {
    const page = await renderPage('charity/pages/claims/index');
    await waitForText(page, '一台收音机');
    expect(page.text()).toContain('待送达');
    expect(page.text()).toContain('党员');
  });

  it('workbench: the wishes waiting for delivery and the fund', async () => {
    const wishes = await renderPage('workbench/pages/wishes/index');
    await waitForText(wishes, '确认送达 ›');
    expect(wishes.text()).toContain('发布新心愿');
    expect(wishes.text()).toContain('共 5 个心愿，已认领 1 个，已送达 0 个');
    const fund = await renderPage('workbench/pages/fund/index');
    await waitForText(fund, '没有待审批的支出');
    expect(fund.text()).toContain('¥5,600.00');
    expect(fund.text()).toContain('提交审批');
  });
});
