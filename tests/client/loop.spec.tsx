import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fake } from './stubs/taro';
import { event, fail, me, needView, ok, on, path, role, sentTo, serve, timeline } from './fixtures';
import TopicsPage from '../../client/loop/pages/topics/index';
import TopicPage from '../../client/loop/pages/topic/index';
import ProjectPage from '../../client/loop/pages/project/index';
import MyProjectsPage from '../../client/loop/pages/projects/index';
import ProgressPage from '../../client/loop/pages/progress/index';
import ReportPage from '../../client/loop/pages/report/index';
import GuidancePage, { recentDays } from '../../client/loop/pages/guidance/index';
import SignOffPage from '../../client/loop/pages/signoff/index';
import StaffTopicsPage from '../../client/workbench/pages/topics/index';
import NewTopicPage, { validateTopic } from '../../client/workbench/pages/topic-new/index';
import StaffTopicPage from '../../client/workbench/pages/topic/index';
import NewMeetingPage from '../../client/workbench/pages/meeting-new/index';
import RecordMeetingPage from '../../client/workbench/pages/meeting/index';
import ResolutionPage from '../../client/workbench/pages/resolution/index';
import NewProjectPage, { validateProject } from '../../client/workbench/pages/project-new/index';
import EvaluatePage, { weightedTotal } from '../../client/workbench/pages/evaluate/index';
import NeedDetailPage from '../../client/resident/pages/need/index';
import StaffNeedPage from '../../client/workbench/pages/need/index';
import { beijingAt, leaders, parseYuan, windowText, ymd, yuan } from '../../client/loop/format';
import type { MeetingSignupView, MeetingView, ResolutionFigures, TopicListItem, TopicView } from '@contract/consultation';
import type { EvalCriterionView, GuidanceView, ProjectListItem, ProjectView, PublicProjectView } from '@contract/projects';
import type { OrgView } from '@contract/users';
import { resetSession } from '../../client/store/session';

const sent = (method: string, p: string) => sentTo(method, p).map((r) => r.data as Record<string, unknown>);

const HOUR = 3_600_000;
const iso = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();

function meeting(over: Partial<MeetingView> = {}): MeetingView {
  return {
    id: 5,
    topicId: 3,
    kind: 'bench',
    kindLabel: '小板凳议事会',
    startsAt: iso(48 * HOUR),
    place: '3栋楼下小广场',
    capacity: 20,
    signedUp: 6,
    seatsLeft: 14,
    agenda: '1. 介绍情况 2. 居民发言 3. 现场表决',
    status: 'scheduled',
    statusLabel: '报名中',
    minutes: null,
    attendedCount: null,
    walkInCount: null,
    recordedAt: null,
    photoCount: 0,
    photos: null,
    mySignup: { signedUp: false, attended: false },
    ...over,
  };
}

function topic(over: Partial<TopicView> = {}): TopicView {
  return {
    id: 3,
    communityId: 3,
    communityName: '文昌社区',
    title: '3栋楼下闲置空地怎么用',
    description: '居民反映空地堆放杂物，大家商量改成什么。',
    status: 'open',
    statusLabel: '协商中',
    voteStartsAt: iso(-24 * HOUR),
    voteEndsAt: iso(72 * HOUR),
    voting: 'open',
    options: [
      { id: 31, label: '改成停车位' },
      { id: 32, label: '建成休闲小广场' },
    ],
    needs: [{ id: 11, title: '3栋楼下空地堆满杂物', status: 'in_consultation', statusLabel: '协商中' }],
    privateNeedCount: 1,
    onlineVoters: 12,
    results: null,
    meetings: [meeting()],
    resolution: null,
    me: { canVote: true, voteBlocked: null, myOptionId: null, staff: false },
    createdAt: iso(-24 * HOUR),
    ...over,
  };
}

const RESULTS: ResolutionFigures = {
  options: [
    { optionId: 31, label: '改成停车位', online: 8, offline: 2, total: 10 },
    { optionId: 32, label: '建成休闲小广场', online: 20, offline: 9, total: 29 },
  ],
  online: 28,
  offline: 11,
  total: 39,
};

function project(over: Partial<PublicProjectView> = {}): PublicProjectView {
  return {
    id: 8,
    title: '3栋休闲小广场改造',
    domain: 'community',
    domainLabel: '社区发展',
    summary: '把闲置空地改建为休闲小广场。',
    communityId: 3,
    communityName: '文昌社区',
    status: 'evaluated',
    statusLabel: '已评估',
    organization: { id: 2, name: '文昌社区邻里互助会', kindLabel: '社区社会组织' },
    budgetFen: 1234560,
    allocatedFen: 1000000,
    spentFen: 860050,
    startsOn: '2026-11-01',
    endsOn: '2027-01-31',
    peopleServed: 126,
    milestones: [
      { id: 1, title: '清理杂物', plannedOn: '2026-11-15', doneOn: '2026-11-14', waivedReason: null, waivedOn: null },
      { id: 2, title: '铺设地面', plannedOn: '2026-12-20', doneOn: null, waivedReason: null, waivedOn: null },
    ],
    progress: [{ id: 4, at: iso(-2 * HOUR), milestoneId: 1, milestoneTitle: '清理杂物', text: '清理杂物三车，居民志愿者参与。', peopleServed: 40, photoCount: 2 }],
    guidanceCount: 3,
    signedOff: true,
    signedOffAt: iso(-HOUR),
    completionReport: '小广场已建成并投入使用。',
    completedAt: iso(-HOUR),
    evidencePhotoCount: 3,
    evaluation: { totalScore: 92, criteria: [{ label: '居民满意度', weight: 40, score: 92, source: 'residents', ratings: 5 }], criteriaVersion: 1, comment: '效果良好', evaluatedAt: iso(-HOUR) },
    residentRating: { average: 4.6, count: 5 },
    resolution: { id: 6, topicId: 3, topicTitle: '3栋楼下闲置空地怎么用', text: '建成休闲小广场', figures: RESULTS, publishedAt: iso(-48 * HOUR) },
    needs: [],
    createdAt: iso(-72 * HOUR),
    ...over,
  };
}

function work(over: Partial<ProjectView> = {}): ProjectView {
  return {
    ...project({ status: 'active', statusLabel: '实施中', evaluation: null, completionReport: null, completedAt: null, signedOff: false, signedOffAt: null }),
    orgId: 2,
    socialWorkerId: 4,
    signOffComment: null,
    signOffMissing: [],
    evidencePhotos: [],
    privateNeedCount: 0,
    relation: { staff: false, socialWorker: false, orgMember: true },
    can: { postProgress: true, addGuidance: false, signOff: false, waiveMilestone: false, complete: false, evaluate: false },
    ...over,
  };
}

const meRoute = (over = {}) => on('GET', '/api/me', () => ok(me(over)));
const STAFF = { nickname: '李娜', roles: [role({ id: 9, role: 'staff', roleLabel: '社区工作人员' })], workbench: true, manager: true, residence: null };

describe('consultation and projects (client)', () => {
  beforeEach(() => {
    fake.reset();
    act(() => resetSession());
  });

  describe('helpers', () => {
    it('says money from integer fen and reads typed yuan back into fen', () => {
      expect(yuan(1234560)).toBe('¥12,345.60');
      expect(yuan(5)).toBe('¥0.05');
      expect(yuan(0)).toBe('¥0.00');
      expect(parseYuan('12,000')).toBe(1200000);
      expect(parseYuan('¥8600.5')).toBe(860050);
      expect(parseYuan('0.07')).toBe(7);
      expect(parseYuan('1.234')).toBeNull();
      expect(parseYuan('abc')).toBeNull();
    });

    it('says where the voting window is, picks the leaders and formats dates', () => {
      expect(windowText({ voteStartsAt: '2026-11-20T00:00:00.000Z', voteEndsAt: '2026-11-25T12:00:00.000Z', voting: 'open' })).toBe('投票进行中，11月25日 周三 20:00 截止');
      expect(windowText({ voteStartsAt: '2026-11-20T00:00:00.000Z', voteEndsAt: '2026-11-25T12:00:00.000Z', voting: 'closed' })).toBe('投票已于 11月25日 周三 20:00 结束');
      expect(leaders(RESULTS.options)).toEqual([32]);
      expect(leaders(RESULTS.options.map((o) => ({ ...o, total: 0 })))).toEqual([]);
      expect(ymd('2026-05-01')).toBe('2026年5月1日');
      // 20:00 in Beijing is 12:00 UTC, on the Beijing calendar day.
      expect(beijingAt(3, 20, 0, new Date('2026-11-30T20:00:00.000Z'))).toBe('2026-12-04T12:00:00.000Z');
      expect(recentDays(2, new Date('2026-11-30T20:00:00.000Z')).map((d) => d.value)).toEqual(['2026-12-01', '2026-11-30']);
    });

    it('checks the staff forms before sending', () => {
      expect(Object.keys(validateTopic({ title: '', description: '', options: ['甲', ' '] })).sort()).toEqual(['description', 'options', 'title']);
      expect(validateTopic({ title: '空地', description: '商量', options: ['甲', '甲'] }).options).toBe('表决选项不能重复');
      expect(validateTopic({ title: '空地', description: '商量', options: ['甲', '乙', ''] })).toEqual({});
      const e = validateProject({ title: '', domain: null, summary: '', orgId: null, socialWorkerId: null, budget: 'x', startsOn: '2026-5-1', endsOn: '2026-12-31', milestones: [{ title: '', plannedOn: '' }] });
      expect(Object.keys(e).sort()).toEqual(['budgetFen', 'domain', 'milestones', 'orgId', 'socialWorkerId', 'startsOn', 'summary', 'title']);
    });
  });

  describe('resident', () => {
    it('lists the community topics, open first, and the service projects; opens one', async () => {
      serve(
        meRoute(),
        on('GET', '/api/projects/public?communityId=3', () =>
          ok([{ id: 8, title: '3栋休闲小广场改造', domainLabel: '社区发展', communityName: '文昌社区', organizationName: '文昌社区邻里互助会', status: 'evaluated', statusLabel: '已评估', budgetFen: 1234560, peopleServed: 126, score: 92, startsOn: '2026-11-01', endsOn: '2027-01-31' }] satisfies ProjectListItem[]),
        ),
        on('GET', '/api/consultation/topics?communityId=3', () =>
          ok([
            { id: 4, title: '加装电梯', status: 'resolved', statusLabel: '已形成议定事项', voteStartsAt: iso(-90 * HOUR), voteEndsAt: iso(-50 * HOUR), voting: 'closed', needCount: 1, meetingCount: 1, nextMeetingAt: null, createdAt: iso(-90 * HOUR) },
            { id: 3, title: '3栋楼下闲置空地怎么用', status: 'open', statusLabel: '协商中', voteStartsAt: iso(-HOUR), voteEndsAt: iso(72 * HOUR), voting: 'open', needCount: 2, meetingCount: 1, nextMeetingAt: iso(48 * HOUR), createdAt: iso(-HOUR) },
          ]),
        ),
      );
      const { container } = render(<TopicsPage />);
      await screen.findByText('3栋楼下闲置空地怎么用');
      const rows = Array.from(container.querySelectorAll('.loop-topic-row')).map((r) => r.getAttribute('data-topic'));
      expect(rows).toEqual(['3', '4']);
      expect(screen.getByText('正在协商')).toBeTruthy();
      expect(screen.getByText('点开查看表决结果 ›')).toBeTruthy();
      fireEvent.click(container.querySelector('[data-topic="3"]')!);
      expect(fake.navigations).toContain('navigateTo /loop/pages/topic/index?id=3');
      await screen.findByText('社区服务项目');
      expect(container.querySelector('.loop-topics__projects')?.textContent).toContain('2026年11月1日 至 2027年1月31日 · 评估 92 分');
      fireEvent.click(container.querySelector('.loop-topics__projects [data-project="8"]')!);
      expect(fake.navigations).toContain('navigateTo /loop/pages/project/index?id=8');
      // Read without a login.
      expect(fake.requests.find((r) => path(r) === '/api/projects/public?communityId=3')?.header.Authorization).toBeUndefined();
    });

    it('votes, then changes the vote while the window is open; results wait for the close', async () => {
      let view = topic();
      serve(
        meRoute(),
        on('GET', '/api/consultation/topics/3', () => ok(view)),
        on('POST', '/api/consultation/topics/3/vote', (req) => {
          view = { ...view, onlineVoters: 13, me: { canVote: true, voteBlocked: null, myOptionId: (req.data as { optionId: number }).optionId, staff: false } };
          return ok(view);
        }),
      );
      fake.params = { id: '3' };
      const { container } = render(<TopicPage />);
      await screen.findByText('请选择一项投票');
      expect(screen.getByText('每位居民一票，截止前可以改投。已有 12 位居民在线投票。')).toBeTruthy();
      expect(screen.getByText('另有 1 件不公开的居民需求')).toBeTruthy();
      expect(container.querySelector('.loop-results')).toBeNull();
      const btn = () => container.querySelector('.loop-vote-btn') as HTMLButtonElement;
      expect(btn().disabled).toBe(true);
      fireEvent.click(container.querySelector('[data-option="31"]')!);
      fireEvent.click(btn());
      await screen.findByText('已投票：改成停车位。投票截止前还可以改投。');
      expect(screen.getByText('投票成功')).toBeTruthy();
      expect(sent('POST', '/api/consultation/topics/3/vote')).toEqual([{ optionId: 31 }]);
      expect(screen.getByText('我的投票（截止前可以改投）')).toBeTruthy();
      expect(screen.getByText('（我现在投的）')).toBeTruthy();

      expect(btn().textContent).toBe('已投这一项（点其他项可改投）');
      fireEvent.click(container.querySelector('[data-option="32"]')!);
      expect(btn().textContent).toBe('改投这一项');
      fireEvent.click(btn());
      await screen.findByText('已改投：建成休闲小广场。投票截止前还可以改投。');
      expect(sent('POST', '/api/consultation/topics/3/vote')).toHaveLength(2);
    });

    it('shows why a vote was refused (the window closed meanwhile) and reloads', async () => {
      let view = topic();
      serve(
        meRoute(),
        on('GET', '/api/consultation/topics/3', () => ok(view)),
        on('POST', '/api/consultation/topics/3/vote', () => {
          view = { ...view, voting: 'closed', results: RESULTS, me: { canVote: false, voteBlocked: null, myOptionId: null, staff: false } };
          return fail(409, 'CONFLICT', '投票已于 11月25日 20:00 截止，不能再投票或改票');
        }),
      );
      fake.params = { id: '3' };
      const { container } = render(<TopicPage />);
      await screen.findByText('请选择一项投票');
      fireEvent.click(container.querySelector('[data-option="32"]')!);
      fireEvent.click(container.querySelector('.loop-vote-btn')!);
      await screen.findByText('投票已于 11月25日 20:00 截止，不能再投票或改票');
      await waitFor(() => expect(container.querySelector('.loop-results')).toBeTruthy());
      expect(container.querySelector('.loop-vote-btn')).toBeNull();
    });

    it('after the close: online and offline counts apart, the leader, my vote, the resolution and its project', async () => {
      serve(
        meRoute(),
        on('GET', '/api/consultation/topics/3', () =>
          ok(
            topic({
              status: 'resolved',
              statusLabel: '已形成议定事项',
              voting: 'closed',
              voteEndsAt: iso(-HOUR),
              results: RESULTS,
              me: { canVote: false, voteBlocked: null, myOptionId: 32, staff: false },
              meetings: [meeting({ status: 'held', statusLabel: '已召开', startsAt: iso(-30 * HOUR), minutes: '到会居民一致支持建小广场。', attendedCount: 18, photoCount: 2 })],
              resolution: { id: 6, topicId: 3, text: '建成休闲小广场，由邻里互助会实施。', outcome: 'project', outcomeLabel: '立项实施（服务项目）', adoptedOptionId: 32, adoptedOptionLabel: '建成休闲小广场', figures: RESULTS, closeReason: null, publishedAt: iso(-HOUR), projectId: 8 },
            }),
          ),
        ),
      );
      fake.params = { id: '3' };
      const { container } = render(<TopicPage />);
      await screen.findByText('表决结果');
      expect(screen.getByText('共 39 票：线上 28 票，现场 11 票')).toBeTruthy();
      const top = container.querySelector('.loop-result--top')!;
      expect(top.getAttribute('data-option')).toBe('32');
      expect(top.textContent).toContain('线上 20 票 · 现场 9 票');
      expect(top.textContent).toContain('29 票 · 74%');
      expect(top.textContent).toContain('我投的');
      expect(container.querySelector('.loop-vote-btn')).toBeNull();
      expect(screen.getByText('通过的方案：建成休闲小广场')).toBeTruthy();
      expect(screen.getByText('到会居民一致支持建小广场。')).toBeTruthy();
      expect(screen.getByText('会议照片 2 张')).toBeTruthy();
      expect(container.querySelector('.loop-meeting-btn')).toBeNull();
      fireEvent.click(container.querySelector('.loop-topic__project')!);
      expect(fake.navigations).toContain('navigateTo /loop/pages/project/index?id=8');
    });

    it('signs up for a meeting and cancels', async () => {
      let m = meeting();
      serve(
        meRoute(),
        on('GET', '/api/consultation/topics/3', () => ok(topic({ meetings: [m] }))),
        on('POST', '/api/consultation/meetings/5/signup', () => {
          m = { ...m, signedUp: 7, seatsLeft: 13, mySignup: { signedUp: true, attended: false } };
          return ok(m);
        }),
        on('DELETE', '/api/consultation/meetings/5/signup', () => {
          m = meeting();
          return ok(m);
        }),
      );
      fake.params = { id: '3' };
      const { container } = render(<TopicPage />);
      await screen.findByText('报名参加');
      expect(screen.getByText('已报名 6 人，还剩 14 个名额')).toBeTruthy();
      fireEvent.click(screen.getByText('报名参加'));
      await screen.findByText('请按时到3栋楼下小广场参加');
      await screen.findByText('取消报名');
      expect(container.querySelector('.loop-meeting .loop-badge')?.textContent).toBe('我已报名');
      fireEvent.click(screen.getByText('取消报名'));
      await screen.findByText('已取消报名');
      await screen.findByText('报名参加');
    });

    it('a need in consultation points to the topics until its timeline names the topic', async () => {
      serve(meRoute(), on('GET', '/api/needs/11/timeline', () => ok(timeline({ need: needView({ status: 'in_consultation', statusLabel: '协商中' }) }))));
      fake.params = { id: '11' };
      const { container } = render(<NeedDetailPage />);
      await screen.findByText('去看社区协商议题 ›');
      fireEvent.click(container.querySelector('.need-detail__consult')!);
      expect(fake.navigations).toContain('navigateTo /loop/pages/topics/index');
    });

    it('a need timeline links to its topic and project when the server names them', async () => {
      serve(
        meRoute(),
        on('GET', '/api/needs/11/timeline', () =>
          ok(timeline({ events: [event(), event({ id: 2, kind: 'status', action: '进入社区协商', topicId: 3 }), event({ id: 3, kind: 'status', action: '纳入服务项目', projectId: 8 })] })),
        ),
      );
      fake.params = { id: '11' };
      const { container } = render(<NeedDetailPage />);
      await screen.findByText('查看议题和投票 ›');
      fireEvent.click(container.querySelector('.need-event__topic')!);
      fireEvent.click(container.querySelector('.need-event__project')!);
      expect(fake.navigations).toEqual(expect.arrayContaining(['navigateTo /loop/pages/topic/index?id=3', 'navigateTo /loop/pages/project/index?id=8']));
    });
  });

  describe('project pages', () => {
    it('public page: score, resolution, organization, money in yuan, progress, report — and no personal data', async () => {
      serve(on('GET', '/api/projects/8/public', () => ok(project())));
      fake.params = { id: '8' };
      const { container } = render(<ProjectPage />);
      await screen.findByText('3栋休闲小广场改造');
      const text = container.textContent!;
      expect(container.querySelector('.loop-project__score')?.textContent).toContain('92分');
      expect(text).toContain('文昌社区邻里互助会（社区社会组织）');
      expect(text).toContain('¥12,345.60');
      expect(text).toContain('已批 ¥10,000.00，已支出 ¥8,600.50');
      expect(text).toContain('126 人次');
      expect(text).toContain('建成休闲小广场');
      expect(text).toContain('小广场已建成并投入使用。');
      expect(text).toContain('佐证照片 3 张（存档备查）');
      expect(text).toContain('清理杂物三车');
      expect(text).toContain('4.6 分（5 人评价，满分5分）');
      expect(text).not.toMatch(/1[3-9]\d\*{4}\d{4}|1[3-9]\d{9}/);
      // Read without a login: no Authorization header.
      expect(fake.requests.find((r) => path(r) === '/api/projects/8/public')?.header.Authorization).toBeUndefined();
      fireEvent.click(container.querySelector('.loop-project__resolution')!);
      expect(fake.navigations).toContain('navigateTo /loop/pages/topic/index?id=3');
    });

    it('my projects → the working view with guidance and what I can do', async () => {
      serve(
        meRoute({ roles: [role({ id: 3, role: 'social_worker', roleLabel: '社工' })] }),
        on('GET', '/api/projects/mine', () =>
          ok([{ id: 8, title: '3栋休闲小广场改造', domainLabel: '社区发展', communityName: '文昌社区', organizationName: '文昌社区邻里互助会', status: 'active', statusLabel: '实施中', budgetFen: 1234560, peopleServed: 40, score: null, startsOn: '2026-11-01', endsOn: '2027-01-31' }] satisfies ProjectListItem[]),
        ),
        on('GET', '/api/projects/8', () => ok(work({ relation: { staff: false, socialWorker: true, orgMember: false }, can: { postProgress: false, addGuidance: true, signOff: true, waiveMilestone: false, complete: false, evaluate: false } }))),
        on('GET', '/api/projects/8/guidance', () =>
          ok([{ id: 1, projectId: 8, projectTitle: '3栋休闲小广场改造', communityName: '文昌社区', guidedOn: '2026-11-20', form: 'group', formLabel: '小组', content: '指导互助会开展居民议事小组。', issues: '', nextSteps: '下周回访', createdAt: iso(-HOUR) }] satisfies GuidanceView[]),
        ),
      );
      const list = render(<MyProjectsPage />);
      await screen.findByText('预算 ¥12,345.60 · 已服务 40 人次');
      fireEvent.click(list.container.querySelector('[data-project="8"]')!);
      expect(fake.navigations).toContain('navigateTo /loop/pages/project/index?id=8&work=1');
      list.unmount();

      fake.params = { id: '8', work: '1' };
      const { container } = render(<ProjectPage />);
      await screen.findByText('指导互助会开展居民议事小组。');
      expect(screen.getByText('2026年11月20日 · 小组')).toBeTruthy();
      expect(screen.getByText('下一步：下周回访')).toBeTruthy();
      expect(container.querySelector('.loop-go-progress')).toBeNull();
      fireEvent.click(container.querySelector('.loop-go-guidance')!);
      fireEvent.click(container.querySelector('.loop-go-signoff')!);
      expect(fake.navigations).toEqual(expect.arrayContaining(['navigateTo /loop/pages/guidance/index?id=8', 'navigateTo /loop/pages/signoff/index?id=8']));
    });

    it('posts progress with people served, the milestone and photos', async () => {
      fake.pages = 2; // opened from the project page: going back returns there
      serve(
        on('GET', '/api/projects/8', () => ok(work())),
        on('POST', '/api/uploads', () => ok({ id: 77, mime: 'image/png', size: 100, url: '/api/uploads/77' })),
        on('POST', '/api/projects/8/progress', () => ok(work())),
      );
      fake.params = { id: '8' };
      const { container } = render(<ProgressPage />);
      await screen.findByText('发布进展');
      fireEvent.click(container.querySelector('.loop-progress__submit')!);
      expect(container.querySelector('[data-field="text"]')).toBeTruthy();
      expect(container.querySelector('[data-field="peopleServed"]')).toBeTruthy();
      fireEvent.change(container.querySelector('.loop-progress__text')!, { target: { value: '本周铺设地面砖，居民志愿者参与。' } });
      fireEvent.change(container.querySelector('.loop-progress__served')!, { target: { value: '25' } });
      // Only milestones not yet done are offered.
      expect(container.querySelector('[data-milestone="1"]')).toBeNull();
      fireEvent.click(container.querySelector('[data-milestone="2"]')!);
      fireEvent.click(screen.getByText('这个节点已经完成'));
      fireEvent.click(container.querySelector('.photo-picker__add')!);
      await waitFor(() => expect(container.querySelector('.photo-picker__status')).toBeNull());
      fireEvent.click(container.querySelector('.loop-progress__submit')!);
      await waitFor(() => expect(sent('POST', '/api/projects/8/progress')).toHaveLength(1));
      expect(sent('POST', '/api/projects/8/progress')[0]).toEqual({ text: '本周铺设地面砖，居民志愿者参与。', peopleServed: 25, photoIds: [77], milestoneId: 2, milestoneDone: true });
      await waitFor(() => expect(fake.navigations).toContain('navigateBack'));
    });

    it('the completion report waits for the sign-off and needs an evidence photo', async () => {
      let view = work();
      serve(
        on('GET', '/api/projects/8', () => ok(view)),
        on('POST', '/api/uploads', () => ok({ id: 78, mime: 'image/png', size: 100, url: '/api/uploads/78' })),
        on('POST', '/api/projects/8/complete', () => fail(400, 'VALIDATION_FAILED', '提交的内容有误', [{ field: 'report', message: '结项报告含有不适宜公开的内容' }])),
      );
      fake.params = { id: '8' };
      const first = render(<ReportPage />);
      await screen.findByText('指导社工签署结项意见后，才能提交结项报告。');
      expect(first.container.querySelector('.loop-report__submit')).toBeNull();
      first.unmount();

      view = work({ signedOff: true, signOffComment: '同意结项', can: { postProgress: true, addGuidance: false, signOff: false, waiveMilestone: false, complete: true, evaluate: false } });
      const { container } = render(<ReportPage />);
      await screen.findByText('同意结项');
      fireEvent.change(container.querySelector('.loop-report__text')!, { target: { value: '小广场已建成，居民每天在这里锻炼和聊天。' } });
      fireEvent.click(container.querySelector('.loop-report__submit')!);
      expect(container.querySelector('[data-field="evidencePhotoIds"]')?.textContent).toBe('请至少上传一张佐证照片');
      fireEvent.click(container.querySelector('.photo-picker__add')!);
      await waitFor(() => expect(container.querySelector('.photo-picker__status')).toBeNull());
      fireEvent.click(container.querySelector('.loop-report__submit')!);
      await waitFor(() => expect(container.querySelector('[data-field="report"]')?.textContent).toBe('结项报告含有不适宜公开的内容'));
      expect(sent('POST', '/api/projects/8/complete')[0]).toEqual({ report: '小广场已建成，居民每天在这里锻炼和聊天。', evidencePhotoIds: [78] });
    });

    it('the social worker writes guidance and signs off', async () => {
      const sw = work({
        relation: { staff: false, socialWorker: true, orgMember: false },
        milestones: [
          { id: 1, title: '清理杂物', plannedOn: '2026-11-15', doneOn: '2026-11-14', waivedReason: null, waivedOn: null },
          { id: 2, title: '铺设地面', plannedOn: '2026-12-20', doneOn: null, waivedReason: '居民议定保留原有地面', waivedOn: '2026-11-30' },
        ],
        can: { postProgress: false, addGuidance: true, signOff: true, waiveMilestone: true, complete: false, evaluate: false },
      });
      serve(
        on('GET', '/api/projects/8', () => ok(sw)),
        on('POST', '/api/projects/8/guidance', () => ok({ id: 2 })),
        on('POST', '/api/projects/8/sign-off', () => ok({ ...sw, signedOff: true })),
      );
      fake.params = { id: '8' };
      const g = render(<GuidancePage />);
      await screen.findByText('保存指导记录');
      fireEvent.click(g.container.querySelector('.loop-guidance-page__submit')!);
      expect(g.container.querySelector('[data-field="form"]')?.textContent).toBe('请选择指导形式');
      fireEvent.click(g.container.querySelector('[data-form="case"]')!);
      const yesterday = g.container.querySelectorAll('.loop-guidance-page__days .chip')[1];
      fireEvent.click(yesterday);
      fireEvent.change(g.container.querySelector('.loop-guidance-page__content')!, { target: { value: '入户了解独居老人对小广场的使用需求。' } });
      fireEvent.change(g.container.querySelector('.loop-guidance-page__next')!, { target: { value: '下周回访' } });
      fireEvent.click(g.container.querySelector('.loop-guidance-page__submit')!);
      await waitFor(() => expect(sent('POST', '/api/projects/8/guidance')).toHaveLength(1));
      expect(sent('POST', '/api/projects/8/guidance')[0]).toEqual({ guidedOn: yesterday.getAttribute('data-day'), form: 'case', content: '入户了解独居老人对小广场的使用需求。', nextSteps: '下周回访' });
      g.unmount();

      const s = render(<SignOffPage />);
      await screen.findByText('签署结项意见', { selector: 'button' });
      expect(s.container.textContent).toContain('完成 1 / 2，1 个不再进行');
      expect(s.container.querySelector('[data-milestone="2"]')?.textContent).toContain('不再进行：居民议定保留原有地面');
      expect(s.container.querySelector('.loop-signoff__waive')).toBeNull(); // nothing left to settle
      fireEvent.change(s.container.querySelector('.loop-signoff__comment')!, { target: { value: '服务按计划完成，同意结项' } });
      fireEvent.click(s.container.querySelector('.loop-signoff__submit')!);
      await waitFor(() => expect(sent('POST', '/api/projects/8/sign-off')).toEqual([{ comment: '服务按计划完成，同意结项' }]));
    });

    it('the sign-off page says what is missing instead of a button, and settles a milestone with a reason', async () => {
      const blocked = work({
        relation: { staff: false, socialWorker: true, orgMember: false },
        signOffMissing: ['还有 1 个项目节点未完成：“铺设地面”。完成后由实施机构在进展中标记；确实不再进行的，请社工写明原因标为“不再进行”'],
        can: { postProgress: false, addGuidance: true, signOff: false, waiveMilestone: true, complete: false, evaluate: false },
      });
      const settled = work({
        relation: { staff: false, socialWorker: true, orgMember: false },
        milestones: [blocked.milestones[0], { ...blocked.milestones[1], waivedReason: '场地被征用', waivedOn: '2026-12-03' }],
        can: { postProgress: false, addGuidance: true, signOff: true, waiveMilestone: true, complete: false, evaluate: false },
      });
      serve(on('GET', '/api/projects/8', () => ok(blocked)), on('POST', '/api/projects/8/milestones/2/waive', () => ok(settled)));
      fake.params = { id: '8' };
      const { container } = render(<SignOffPage />);
      await screen.findByText('还不能签署结项意见');
      expect(container.querySelector('.loop-signoff__submit')).toBeNull();
      expect(container.querySelector('.loop-signoff__missing')?.textContent).toContain('“铺设地面”');
      expect(container.querySelector('[data-milestone="1"] .loop-signoff__waive')).toBeNull(); // done already
      fireEvent.click(container.querySelector('[data-milestone="2"] .loop-signoff__waive')!);
      fireEvent.click(container.querySelector('.loop-signoff__waive-ok')!);
      expect(container.querySelector('[data-field="reason"]')?.textContent).toBe('请写明不再进行的原因（至少4个字）');
      fireEvent.change(container.querySelector('.loop-signoff__reason')!, { target: { value: '场地被征用' } });
      fireEvent.click(container.querySelector('.loop-signoff__waive-ok')!);
      await waitFor(() => expect(sent('POST', '/api/projects/8/milestones/2/waive')).toEqual([{ reason: '场地被征用' }]));
      await screen.findByText('签署结项意见', { selector: 'button' });
      expect(container.querySelector('[data-milestone="2"]')?.textContent).toContain('不再进行：场地被征用');
    });
  });

  describe('staff (workbench)', () => {
    it('sending an accepted need to consultation opens a new topic with it', async () => {
      const need = needView({ status: 'accepted', statusLabel: '已受理', relation: { reporter: false, follower: false, handler: false, staff: true, meToo: false }, actions: [{ to: 'in_consultation', action: '提交社区协商', requires: [] }] });
      serve(meRoute(STAFF), on('GET', '/api/needs/11/timeline', () => ok(timeline({ need }))));
      fake.params = { id: '11' };
      const { container } = render(<StaffNeedPage />);
      await screen.findByText('提交社区协商');
      fireEvent.click(container.querySelector('.staff-action--in_consultation')!);
      expect(fake.navigations).toContain('navigateTo /workbench/pages/topic-new/index?needId=11');
      expect(fake.requests.some((r) => r.method === 'POST')).toBe(false);
    });

    it('opens a topic from accepted needs with options and a closing day', async () => {
      serve(
        meRoute(STAFF),
        on('GET', /^\/api\/needs\/queue\?nodeId=3&status=accepted/, () => ok({ items: [{ id: 11, communityId: 3, communityName: '文昌社区', categoryLabel: '环境设施', title: '3栋楼下空地堆满杂物', status: 'accepted', statusLabel: '已受理', urgency: 'normal', urgencyLabel: '一般', priority: 0, meTooCount: 3, createdAt: iso(-HOUR), updatedAt: iso(-HOUR) }], total: 1 })),
        on('GET', /^\/api\/needs\/queue\?nodeId=3&status=in_consultation/, () => ok({ items: [], total: 0 })),
        on('POST', '/api/consultation/topics', () => ok(topic({ id: 9 }))),
      );
      fake.params = { needId: '11' };
      const { container } = render(<NewTopicPage />);
      await screen.findByText('3栋楼下空地堆满杂物（已受理）');
      expect(container.querySelector('[data-need="11"]')?.className).toContain('loop-check--on');
      fireEvent.change(container.querySelector('.topic-new__title')!, { target: { value: '3栋楼下闲置空地怎么用' } });
      fireEvent.change(container.querySelector('.topic-new__description')!, { target: { value: '大家商量空地改成什么。' } });
      const opts = () => container.querySelectorAll('.topic-new__option');
      fireEvent.change(opts()[0], { target: { value: '改成停车位' } });
      fireEvent.change(opts()[1], { target: { value: '建成休闲小广场' } });
      fireEvent.click(screen.getByText('＋ 再加一个选项'));
      fireEvent.change(opts()[2], { target: { value: '保持原样' } });
      fireEvent.click(container.querySelector('[data-days="3"]')!);
      fireEvent.click(container.querySelector('.topic-new__submit')!);
      await waitFor(() => expect(fake.navigations).toContain('redirectTo /workbench/pages/topic/index?id=9'));
      const body = sent('POST', '/api/consultation/topics')[0];
      expect(body).toEqual({ communityId: 3, title: '3栋楼下闲置空地怎么用', description: '大家商量空地改成什么。', options: ['改成停车位', '建成休闲小广场', '保持原样'], voteEndsAt: beijingAt(3, 20), needIds: [11] });
    });

    it('lists topics for staff and manages one: offline votes apart, meetings, then the resolution', async () => {
      const closed = topic({ voting: 'closed', voteEndsAt: iso(-HOUR), results: RESULTS, me: { canVote: false, voteBlocked: null, myOptionId: null, staff: true }, meetings: [meeting({ status: 'held', statusLabel: '已召开', startsAt: iso(-30 * HOUR), attendedCount: 18 })] });
      serve(
        meRoute(STAFF),
        on('GET', '/api/consultation/topics?communityId=3', () => ok([{ id: 3, title: '3栋楼下闲置空地怎么用', status: 'open', statusLabel: '协商中', voteStartsAt: iso(-HOUR), voteEndsAt: iso(-HOUR), voting: 'closed', needCount: 1, meetingCount: 1, nextMeetingAt: null, createdAt: iso(-HOUR) }] satisfies TopicListItem[])),
        on('GET', '/api/consultation/topics/3', () => ok(closed)),
        on('PUT', '/api/consultation/topics/3/offline-votes', () => ok(closed)),
      );
      const list = render(<StaffTopicsPage />);
      await screen.findByText('3栋楼下闲置空地怎么用');
      fireEvent.click(list.container.querySelector('.staff-topics__new')!);
      expect(fake.navigations).toContain('navigateTo /workbench/pages/topic-new/index');
      list.unmount();

      fake.params = { id: '3' };
      const { container } = render(<StaffTopicPage />);
      await screen.findByText('现场表决票数');
      const inputs = container.querySelectorAll('.staff-topic__count');
      expect((inputs[1] as HTMLInputElement).value).toBe('9');
      fireEvent.change(inputs[0], { target: { value: '3' } });
      fireEvent.click(container.querySelector('.loop-meeting ~ .staff-topic__offline .chip, .staff-topic__offline .chip')!);
      fireEvent.click(container.querySelector('.staff-topic__save-offline')!);
      await waitFor(() => expect(sent('PUT', '/api/consultation/topics/3/offline-votes')).toHaveLength(1));
      expect(sent('PUT', '/api/consultation/topics/3/offline-votes')[0]).toEqual({ counts: [{ optionId: 31, count: 3 }, { optionId: 32, count: 9 }], meetingId: 5 });
      // The meeting was held and recorded: it is shown as recorded, not offered for an edit the server refuses.
      expect(container.querySelector('.staff-topic__record')).toBeNull();
      expect(container.querySelector('.staff-topic__recorded')?.textContent).toContain('已记录');
      fireEvent.click(container.querySelector('.staff-topic__new-meeting')!);
      fireEvent.click(container.querySelector('.staff-topic__resolve')!);
      expect(fake.navigations).toEqual(expect.arrayContaining(['navigateTo /workbench/pages/meeting-new/index?topicId=3', 'navigateTo /workbench/pages/resolution/index?topicId=3']));
    });

    it('schedules a meeting', async () => {
      serve(on('POST', '/api/consultation/topics/3/meetings', () => ok(meeting())));
      fake.params = { topicId: '3' };
      const { container } = render(<NewMeetingPage />);
      fireEvent.click(container.querySelector('.meeting-new__submit')!);
      expect(container.querySelector('[data-field="place"]')).toBeTruthy();
      fireEvent.click(container.querySelector('[data-kind="council"]')!);
      fireEvent.change(container.querySelector('.meeting-new__place')!, { target: { value: '社区活动室' } });
      fireEvent.change(container.querySelector('.meeting-new__agenda')!, { target: { value: '讨论空地用途' } });
      fireEvent.click(container.querySelector('.meeting-new__submit')!);
      await waitFor(() => expect(sent('POST', '/api/consultation/topics/3/meetings')).toHaveLength(1));
      const body = sent('POST', '/api/consultation/topics/3/meetings')[0];
      expect(body).toMatchObject({ kind: 'council', place: '社区活动室', capacity: 30, agenda: '讨论空地用途' });
      expect(new Date(String(body.startsAt)).getTime()).toBeGreaterThan(Date.now());
    });

    it('records attendance, walk-ins and minutes after the meeting', async () => {
      const held = meeting({ startsAt: iso(-2 * HOUR) });
      serve(
        on('GET', '/api/consultation/topics/3', () => ok(topic({ meetings: [held] }))),
        on('GET', '/api/consultation/meetings/5/signups', () =>
          ok([
            { userId: 21, nickname: '王秀英', phoneMasked: '138****1001', attended: false, signedUpAt: iso(-9 * HOUR) },
            { userId: 22, nickname: '赵大爷', phoneMasked: null, attended: false, signedUpAt: iso(-8 * HOUR) },
          ] satisfies MeetingSignupView[]),
        ),
        on('POST', '/api/consultation/meetings/5/record', () => ok({ ...held, status: 'held' })),
      );
      fake.params = { id: '5', topicId: '3' };
      const { container } = render(<RecordMeetingPage />);
      await screen.findByText('王秀英');
      expect(container.textContent).not.toContain('138****1001');
      fireEvent.click(container.querySelector('[data-user="21"]')!);
      fireEvent.change(container.querySelector('.meeting-record__walkins')!, { target: { value: '4' } });
      expect(screen.getByText('到会共 5 人')).toBeTruthy();
      fireEvent.change(container.querySelector('.meeting-record__minutes')!, { target: { value: '大家同意建小广场。' } });
      fireEvent.click(container.querySelector('.meeting-record__submit')!);
      await waitFor(() => expect(sent('POST', '/api/consultation/meetings/5/record')).toEqual([{ minutes: '大家同意建小广场。', attendedUserIds: [21], walkIns: 4, photoIds: [] }]));
    });

    it('publishes the resolution with the leading option and goes on to the project', async () => {
      const closed = topic({ voting: 'closed', results: RESULTS });
      serve(
        on('GET', '/api/consultation/topics/3', () => ok(closed)),
        on('POST', '/api/consultation/topics/3/resolution', () => ok({ ...closed, status: 'resolved', resolution: { id: 6, topicId: 3, text: '建成休闲小广场', outcome: 'project', outcomeLabel: '立项实施（服务项目）', adoptedOptionId: 32, adoptedOptionLabel: '建成休闲小广场', figures: RESULTS, closeReason: null, publishedAt: iso(0), projectId: null } })),
      );
      fake.params = { topicId: '3' };
      const { container } = render(<ResolutionPage />);
      await screen.findByText('通过的方案');
      expect(container.querySelector('.resolution-new__options [data-option="32"]')?.className).toContain('chip--on');
      fireEvent.click(container.querySelector('[data-outcome="close"]')!);
      fireEvent.change(container.querySelector('.resolution-new__text')!, { target: { value: '暂不实施' } });
      fireEvent.click(container.querySelector('.resolution-new__submit')!);
      expect(container.querySelector('[data-field="reason"]')).toBeTruthy();
      fireEvent.click(container.querySelector('[data-outcome="project"]')!);
      fireEvent.change(container.querySelector('.resolution-new__text')!, { target: { value: '建成休闲小广场' } });
      fireEvent.click(container.querySelector('.resolution-new__submit')!);
      await waitFor(() => expect(fake.navigations).toContain('redirectTo /workbench/pages/project-new/index?resolutionId=6&topicId=3'));
      expect(sent('POST', '/api/consultation/topics/3/resolution')).toEqual([{ text: '建成休闲小广场', outcome: 'project', adoptedOptionId: 32 }]);
    });

    it('creates the project: organization, social worker, budget in fen, milestones', async () => {
      serve(
        on('GET', '/api/consultation/topics/3', () => ok(topic({ voting: 'closed', status: 'resolved', results: RESULTS, resolution: { id: 6, topicId: 3, text: '建成休闲小广场', outcome: 'project', outcomeLabel: '立项实施（服务项目）', adoptedOptionId: 32, adoptedOptionLabel: '建成休闲小广场', figures: RESULTS, closeReason: null, publishedAt: iso(0), projectId: null } }))),
        on('GET', '/api/orgs?nodeId=3', () => ok([{ id: 2, name: '文昌社区邻里互助会', kind: 'community_org', kindLabel: '社区社会组织', creditCode: null, description: '', nodeId: 3, nodeName: '文昌社区' }] satisfies OrgView[])),
        on('GET', /^\/api\/roles\?nodeId=3&role=social_worker/, () => ok({ items: [{ id: 1, userId: 4, nickname: '陈静', nodeName: '文昌社区' }], total: 1 })),
        on('POST', '/api/projects', () => ok(work())),
      );
      fake.params = { resolutionId: '6', topicId: '3' };
      const { container } = render(<NewProjectPage />);
      await screen.findByText('文昌社区邻里互助会');
      expect((container.querySelector('.project-new__title') as HTMLInputElement).value).toBe('3栋楼下闲置空地怎么用');
      fireEvent.click(container.querySelector('[data-domain="community"]')!);
      fireEvent.click(container.querySelector('[data-org="2"]')!);
      fireEvent.click(container.querySelector('[data-worker="4"]')!);
      fireEvent.change(container.querySelector('.project-new__budget')!, { target: { value: '12345.6' } });
      expect(screen.getByText('即 ¥12,345.60')).toBeTruthy();
      fireEvent.change(container.querySelector('.project-new__starts')!, { target: { value: '2026-12-01' } });
      fireEvent.change(container.querySelector('.project-new__ends')!, { target: { value: '2027-02-28' } });
      fireEvent.change(container.querySelector('.project-new__ms-title')!, { target: { value: '清理杂物' } });
      fireEvent.change(container.querySelector('.project-new__ms-date')!, { target: { value: '2026-12-15' } });
      fireEvent.click(container.querySelector('.project-new__submit')!);
      await waitFor(() => expect(fake.navigations).toContain('redirectTo /loop/pages/project/index?id=8&work=1'));
      expect(sent('POST', '/api/projects')[0]).toEqual({
        communityId: 3,
        resolutionId: 6,
        title: '3栋楼下闲置空地怎么用',
        domain: 'community',
        summary: '建成休闲小广场',
        orgId: 2,
        socialWorkerId: 4,
        budgetFen: 1234560,
        startsOn: '2026-12-01',
        endsOn: '2027-02-28',
        milestones: [{ title: '清理杂物', plannedOn: '2026-12-15' }],
      });
    });

    it('evaluates a completed project on the scorecard, weighted as the server weighs it', async () => {
      const criteria: EvalCriterionView[] = [
        { id: 1, key: 'satisfaction', label: '居民满意度', weight: 40, source: 'residents', version: 1 },
        { id: 2, key: 'goals', label: '目标达成', weight: 30, source: 'scored', version: 1 },
        { id: 3, key: 'records', label: '过程记录', weight: 30, source: 'scored', version: 1 },
      ];
      // 居民满意度 from 5 ratings averaging 4.6 → 92; none rated → left out of the total
      expect(weightedTotal(criteria, { 2: 88, 3: 80 }, { average: 4.6, count: 5 })).toBe(87);
      expect(weightedTotal(criteria, { 2: 88, 3: 80 }, { average: null, count: 0 })).toBe(84);
      expect(weightedTotal([], {}, { average: null, count: 0 })).toBe(0);
      serve(
        on('GET', '/api/projects/8', () => ok(work({ status: 'completed', statusLabel: '已结项，待评估', relation: { staff: true, socialWorker: false, orgMember: false }, can: { postProgress: false, addGuidance: false, signOff: false, waiveMilestone: false, complete: false, evaluate: true } }))),
        on('GET', '/api/projects/criteria', () => ok(criteria)),
        on('POST', '/api/projects/8/evaluation', () => ok(work())),
      );
      fake.params = { id: '8' };
      const { container } = render(<EvaluatePage />);
      await screen.findByText('居民满意度（权重 40%）');
      fireEvent.click(container.querySelector('.evaluate__submit')!);
      expect(container.querySelector('[data-field="scores"]')?.textContent).toContain('目标达成、过程记录');
      expect(container.querySelector('[data-field="scores"]')?.textContent).not.toContain('居民满意度');
      expect(container.querySelector('[data-criterion="satisfaction"]')?.textContent).toContain('92 分（据 5 位居民评价）');
      expect(container.querySelector('[data-criterion="satisfaction"] .evaluate__score')).toBeNull(); // not typed
      const inputs = container.querySelectorAll('.evaluate__score');
      ['88', '80'].forEach((v, i) => fireEvent.change(inputs[i], { target: { value: v } }));
      expect(screen.getByText('加权总分：87 分')).toBeTruthy();
      fireEvent.change(container.querySelector('.evaluate__comment')!, { target: { value: '居民满意，记录完整' } });
      fireEvent.click(container.querySelector('.evaluate__submit')!);
      await waitFor(() => expect(fake.navigations).toContain('redirectTo /loop/pages/project/index?id=8'));
      expect(sent('POST', '/api/projects/8/evaluation')).toEqual([{ scores: [{ criterionId: 2, score: 88 }, { criterionId: 3, score: 80 }], comment: '居民满意，记录完整' }]);
    });
  });
});
