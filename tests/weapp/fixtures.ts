/**
 * The fake API the weapp page tests answer from (one staff member who is also a resident of
 * 文昌社区, one need of hers): shared by weapp-pages.spec.ts and elder.spec.ts.
 */
import { LOOP_STEP_LABEL, LOOP_STEPS, type NeedAction, type NeedListItem, type NeedRelationView, type NeedStatus, type NeedTimeline, type StepState } from '../../server/src/contract/needs';
import type { MeView } from '../../server/src/contract/users';
import { ok, type WxRequest } from './support';

export const STAFF_ME: MeView = {
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

export const ITEM: NeedListItem = {
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
export function needTimeline(status: NeedStatus, statusLabel: string, actions: NeedAction[], relation: Partial<NeedRelationView>): NeedTimeline {
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

export function needsApi(url: string, req: WxRequest): { statusCode: number; data: unknown } | undefined {
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
  // Public on the server (@Public): asked without a token, as the community picker does.
  if (url === '/api/nodes/tree') return ok([{ id: 1, name: '綦江区', level: 'district', levelLabel: '区县', children: [{ id: 2, name: '古南街道', level: 'street', levelLabel: '街道', children: [{ id: 3, name: '文昌社区', level: 'community', levelLabel: '社区', children: [] }] }] }]);
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
  if (url.startsWith('/api/roles?nodeId=3'))
    return ok({ items: [{ id: 50, userId: 40, nickname: '陈静', phoneMasked: '138****1003', role: 'social_worker', roleLabel: '社工', nodeId: 3, nodeName: '文昌社区', nodeLevelLabel: '社区', orgId: null, orgName: null, grantedAt: ITEM.createdAt }], total: 1 });
  if (url.startsWith('/api/residents?nodeId=3'))
    return ok({ items: [{ id: 12, userId: 41, nickname: '黄德明', phoneMasked: '138****1006', communityId: 3, communityName: '文昌社区', building: '8栋', unit: '2单元', status: 'applicant', statusLabel: '待社区确认', returnReason: null, appliedAt: ITEM.createdAt, reviewedAt: null }], total: 1 });
  if (url.startsWith('/api/orgs?nodeId=3')) return ok([{ id: 4, name: '文昌社区邻里互助会', kind: 'community_org', kindLabel: '社区社会组织', creditCode: null, description: '', nodeId: 3, nodeName: '文昌社区' }]);
  return undefined;
}
