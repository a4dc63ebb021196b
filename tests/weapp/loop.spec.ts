/**
 * The consultation and project pages of the BUILT mini-program (the 'loop' subpackage and the staff
 * pages in 'workbench'), rendered in miniprogram-simulate against a small fake of the API as
 * server/src/consultation and server/src/projects answer it.
 *
 * Needs `DIST_DIR=… npx taro build --type weapp` first.
 */
import type { MeetingView, ResolutionFigures, TopicListItem, TopicView } from '../../server/src/contract/consultation';
import type { GuidanceView, ProjectListItem, ProjectView, PublicProjectView } from '../../server/src/contract/projects';
import type { MeView, RoleView } from '../../server/src/contract/users';
import { fakeRoutes, installSimulator, ok, renderPage, requests, waitForText, type WxRequest } from './support';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(Date.now() + ms).toISOString();
const ROLE = (id: number, role: RoleView['role'], roleLabel: string): RoleView => ({ id, role, roleLabel, nodeId: 3, nodeName: '文昌社区', nodeLevel: 'community', nodeLevelLabel: '社区', orgId: null, orgName: null });
const ME: MeView = {
  id: 6,
  nickname: '李娜',
  phoneMasked: '138****1005',
  residence: { communityId: 3, communityName: '文昌社区', streetName: '古南街道', districtName: '綦江区', building: '1栋', unit: '1单元', status: 'confirmed', statusLabel: '已确认', returnReason: null },
  roles: [ROLE(1, 'resident', '居民'), ROLE(2, 'staff', '社区工作人员'), ROLE(3, 'social_worker', '社工')],
  workbench: true,
  manager: true,
};
const RESULTS: ResolutionFigures = {
  options: [
    { optionId: 31, label: '同意开办，堂食与送餐结合', online: 1, offline: 19, total: 20 },
    { optionId: 32, label: '同意开办，只做堂食', online: 0, offline: 3, total: 3 },
  ],
  online: 1,
  offline: 22,
  total: 23,
};
const MEETING: MeetingView = {
  id: 5,
  topicId: 3,
  kind: 'bench',
  kindLabel: '小板凳议事会',
  startsAt: iso(-100 * HOUR),
  place: '文昌社区3栋前黄葛树下',
  capacity: 30,
  signedUp: 1,
  seatsLeft: 29,
  agenda: '一、介绍方案；二、居民发言；三、现场举手表决',
  status: 'held',
  statusLabel: '已召开',
  minutes: '到会居民23人，居民普遍赞成开办老年食堂。',
  attendedCount: 23,
  walkInCount: 22,
  recordedAt: iso(-99 * HOUR),
  photoCount: 0,
  photos: null,
  mySignup: { signedUp: true, attended: true },
};
const TOPIC: TopicView = {
  id: 3,
  communityId: 3,
  communityName: '文昌社区',
  title: '是否在党群服务中心开办老年食堂',
  description: '多位居民反映吃饭难，拟开办老年食堂。',
  status: 'resolved',
  statusLabel: '已形成议定事项',
  voteStartsAt: iso(-180 * HOUR),
  voteEndsAt: iso(-72 * HOUR),
  voting: 'closed',
  options: [
    { id: 31, label: '同意开办，堂食与送餐结合' },
    { id: 32, label: '同意开办，只做堂食' },
  ],
  needs: [{ id: 11, title: '独居老人吃饭难，希望有助餐点', status: 'in_project', statusLabel: '项目实施中' }],
  privateNeedCount: 0,
  onlineVoters: 1,
  results: RESULTS,
  meetings: [MEETING],
  resolution: { id: 6, topicId: 3, text: '同意开办老年食堂，堂食与送餐上门相结合。', outcome: 'project', outcomeLabel: '立项实施（服务项目）', adoptedOptionId: 31, adoptedOptionLabel: '同意开办，堂食与送餐结合', figures: RESULTS, closeReason: null, publishedAt: iso(-60 * HOUR), projectId: 8 },
  me: { canVote: false, voteBlocked: null, myOptionId: 31, staff: true },
  createdAt: iso(-180 * HOUR),
};
const OPEN_TOPIC: TopicView = {
  ...TOPIC,
  id: 4,
  title: '3栋楼下闲置空地怎么用',
  status: 'open',
  statusLabel: '协商中',
  voteStartsAt: iso(-HOUR),
  voteEndsAt: iso(48 * HOUR),
  voting: 'open',
  options: [
    { id: 41, label: '改成停车位' },
    { id: 42, label: '建成休闲小广场' },
  ],
  results: null,
  resolution: null,
  meetings: [{ ...MEETING, id: 7, topicId: 4, status: 'scheduled', statusLabel: '报名中', startsAt: iso(30 * HOUR), minutes: null, attendedCount: null, walkInCount: null, signedUp: 4, seatsLeft: 26, mySignup: { signedUp: false, attended: false } }],
  me: { canVote: true, voteBlocked: null, myOptionId: null, staff: true },
};
const PROJECT: PublicProjectView = {
  id: 8,
  title: '文昌社区长者食堂助餐服务',
  domain: 'elderly',
  domainLabel: '养老',
  summary: '在党群服务中心开办长者食堂。',
  communityId: 3,
  communityName: '文昌社区',
  status: 'active',
  statusLabel: '实施中',
  organization: { id: 2, name: '文昌社区邻里互助会', kindLabel: '社区社会组织' },
  budgetFen: 8_000_000,
  allocatedFen: 3_000_000,
  spentFen: 1_250_050,
  startsOn: '2026-11-29',
  endsOn: '2027-05-28',
  peopleServed: 36,
  milestones: [{ id: 1, title: '完成场地改造', plannedOn: '2026-12-15', doneOn: '2026-12-01', waivedReason: null, waivedOn: null }],
  progress: [{ id: 4, at: iso(-20 * HOUR), milestoneId: null, milestoneTitle: null, text: '试运营第一周，供餐36人次。', peopleServed: 36, photoCount: 1 }],
  guidanceCount: 1,
  signedOff: false,
  signedOffAt: null,
  completionReport: null,
  completedAt: null,
  evidencePhotoCount: 0,
  evaluation: null,
  residentRating: { average: null, count: 0 },
  resolution: { id: 6, topicId: 3, topicTitle: '是否在党群服务中心开办老年食堂', text: '同意开办老年食堂。', figures: RESULTS, publishedAt: iso(-60 * HOUR) },
  needs: [],
  createdAt: iso(-50 * HOUR),
};
const WORK: ProjectView = {
  ...PROJECT,
  orgId: 2,
  socialWorkerId: 6,
  signOffComment: null,
  signOffMissing: [],
  evidencePhotos: [],
  privateNeedCount: 0,
  relation: { staff: true, socialWorker: true, orgMember: false },
  can: { postProgress: false, addGuidance: true, signOff: true, waiveMilestone: true, complete: false, evaluate: false },
};

function loopApi(url: string, req: WxRequest): { statusCode: number; data: unknown } | undefined {
  if (url === '/api/auth/wechat-login') return ok({ token: 'tk-loop', expiresIn: 3600, isNew: false, me: ME });
  if (url === '/api/projects/8/public') return ok(PROJECT);
  if (url === '/api/projects/public?communityId=3') return ok([{ id: 8, title: PROJECT.title, domainLabel: '养老', communityName: '文昌社区', organizationName: '文昌社区邻里互助会', status: 'active', statusLabel: '实施中', budgetFen: 8_000_000, peopleServed: 36, score: null, startsOn: '2026-11-29', endsOn: '2027-05-28' }] satisfies ProjectListItem[]);
  if (req.header?.Authorization !== 'Bearer tk-loop') return { statusCode: 401, data: { error: { code: 'UNAUTHENTICATED', message: '请先登录', requestId: 'r' } } };
  if (url === '/api/me') return ok(ME);
  if (url === '/api/inbox/unread-count') return ok({ unread: 0 });
  if (url === '/api/consultation/topics?communityId=3') {
    const item = (t: TopicView): TopicListItem => ({ id: t.id, title: t.title, status: t.status, statusLabel: t.statusLabel, voteStartsAt: t.voteStartsAt, voteEndsAt: t.voteEndsAt, voting: t.voting, needCount: 1, meetingCount: 1, nextMeetingAt: null, createdAt: t.createdAt });
    return ok([item(OPEN_TOPIC), item(TOPIC)]);
  }
  if (url === '/api/consultation/topics/3') return ok(TOPIC);
  if (url === '/api/consultation/topics/4') return ok(OPEN_TOPIC);
  if (url === '/api/projects/8') return ok(WORK);
  if (url === '/api/projects/8/guidance') return ok([{ id: 1, projectId: 8, projectTitle: PROJECT.title, communityName: '文昌社区', guidedOn: '2026-11-30', form: 'group', formLabel: '小组', content: '指导互助会制定送餐路线。', issues: '', nextSteps: '', createdAt: iso(-10 * HOUR) }] satisfies GuidanceView[]);
  if (url === '/api/projects/mine') return ok([{ id: 8, title: PROJECT.title, domainLabel: '养老', communityName: '文昌社区', organizationName: '文昌社区邻里互助会', status: 'active', statusLabel: '实施中', budgetFen: 8_000_000, peopleServed: 36, score: null, startsOn: '2026-11-29', endsOn: '2027-05-28' }] satisfies ProjectListItem[]);
  if (url === '/api/projects?nodeId=3') return ok([]);
  return undefined;
}

fakeRoutes(loopApi);
installSimulator();

describe('consultation and project pages (weapp build)', () => {
  it('topics (loop subpackage): open topics first, with the window, then the community projects', async () => {
    const page = await renderPage('loop/pages/topics/index');
    await waitForText(page, '3栋楼下闲置空地怎么用');
    const text = page.text();
    expect(text).toContain('正在协商');
    expect(text).toContain('投票进行中');
    expect(text).toContain('是否在党群服务中心开办老年食堂');
    expect(text).toContain('点开查看表决结果');
    await waitForText(page, '社区服务项目');
    expect(page.text()).toContain('文昌社区长者食堂助餐服务');
    expect(text.indexOf('3栋楼下闲置空地怎么用')).toBeLessThan(text.indexOf('是否在党群服务中心开办老年食堂'));
  });

  it('topic (loop subpackage), voting open: the options to tap, the vote button, the meeting sign-up', async () => {
    const page = await renderPage('loop/pages/topic/index', { id: '4' });
    await waitForText(page, '请选择一项投票');
    const text = page.text();
    expect(text).toContain('改成停车位');
    expect(text).toContain('建成休闲小广场');
    expect(text).toContain('投票');
    expect(text).toContain('投票结束后公布结果');
    expect(text).toContain('报名参加');
    expect(text).toContain('已报名 4 人，还剩 26 个名额');
    expect(text).not.toContain('表决结果');
  });

  it('topic management (workbench subpackage), closed: online and offline counts apart, the resolution and the project link', async () => {
    // (Each built page loads once per file in the simulator, so the closed topic is shown here.)
    const page = await renderPage('workbench/pages/topic/index', { id: '3' });
    await waitForText(page, '表决结果');
    const text = page.text();
    expect(text).toContain('共 23 票：线上 1 票，现场 22 票');
    expect(text).toContain('线上 1 票 · 现场 19 票');
    expect(text).toContain('得票最多');
    expect(text).toContain('议定事项（已公布）');
    expect(text).toContain('查看服务项目');
    expect(text).toContain('到会居民23人');
    expect(text).not.toContain('保存现场票数');
    expect(page.html()).toMatch(/loop-result--top/);
  });

  it('project public page (loop subpackage): organization, budget in yuan, progress; no login needed', async () => {
    const before = requests.length;
    const page = await renderPage('loop/pages/project/index', { id: '8' });
    await waitForText(page, '文昌社区长者食堂助餐服务');
    const text = page.text();
    expect(text).toContain('文昌社区邻里互助会（社区社会组织）');
    expect(text).toContain('¥80,000.00');
    expect(text).toContain('已批 ¥30,000.00，已支出 ¥12,500.50');
    expect(text).toContain('试运营第一周，供餐36人次。');
    expect(text).toContain('来自议事会的决定');
    const call = requests.slice(before).find((r) => r.url.endsWith('/api/projects/8/public'));
    expect(call?.auth).toBeUndefined();
  });

  it('my projects and the sign-off page (loop subpackage): the record the social worker signs', async () => {
    const list = await renderPage('loop/pages/projects/index');
    await waitForText(list, '文昌社区长者食堂助餐服务');
    expect(list.text()).toContain('预算 ¥80,000.00 · 已服务 36 人次');
    const page = await renderPage('loop/pages/signoff/index', { id: '8' });
    await waitForText(page, '社工结项意见');
    expect(page.text()).toContain('完成 1 / 1'); // the fixture's milestone is done: sign-off waits for every milestone
    expect(page.text()).toContain('1 条，服务 36 人次');
    expect(page.text()).toContain('签署结项意见');
  });

  it('guidance form (loop subpackage): days, the four forms, content', async () => {
    const page = await renderPage('loop/pages/guidance/index', { id: '8' });
    await waitForText(page, '保存指导记录');
    for (const t of ['今天', '昨天', '个案', '小组', '社区', '督导', '指导内容', '下一步']) expect(page.text()).toContain(t);
  });

  it('staff pages (workbench subpackage): new topic, new meeting', async () => {
    const create = await renderPage('workbench/pages/topic-new/index');
    await waitForText(create, '表决选项（每位居民选一项）');
    expect(create.text()).toContain('7天后');
    const meeting = await renderPage('workbench/pages/meeting-new/index', { topicId: '4' });
    await waitForText(meeting, '小板凳议事会');
    expect(meeting.text()).toContain('开会时间');
  });
});
