import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { NeedAction, NeedCategoryView } from '@contract/needs';
import { fake } from './stubs/taro';
import { event, fail, listItem, me, needView, ok, on, path, posts, publicNeedView, role, serve, steps, timeline } from './fixtures';
import { EventList, LoopSteps, NeedTimeline } from '../../client/components/NeedTimeline';
import { RatingStars } from '../../client/components/RatingStars';
import { FeedbackPanel } from '../../client/components/FeedbackPanel';
import { NeedForm, type ReportDraft, validateReport } from '../../client/components/NeedForm';
import NeedsPage from '../../client/pages/needs/index';
import NeedDetailPage from '../../client/resident/pages/need/index';
import InboxPage from '../../client/resident/pages/inbox/index';
import QueuePage from '../../client/workbench/pages/queue/index';
import StaffNeedPage from '../../client/workbench/pages/need/index';
import { photoSrc, upload } from '../../client/services/api';
import { resetSession } from '../../client/store/session';
import { ago } from '../../client/utils/time';

const CATEGORIES: NeedCategoryView[] = [
  { id: 1, key: 'elderly', label: '养老' },
  { id: 5, key: 'facilities', label: '环境设施' },
];


const stateOf = (container: HTMLElement) =>
  Array.from(container.querySelectorAll('.loop-steps__item')).map((el) => `${el.getAttribute('data-step')}:${el.querySelector('.loop-steps__state')?.textContent}`);

describe('needs (client)', () => {
  beforeEach(() => {
    fake.reset();
    act(() => resetSession());
  });

  describe('timeline', () => {
    it('shows skipped steps as 已跳过, distinct from done, current and pending', () => {
      const { container } = render(<LoopSteps steps={steps(['done', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'current'])} />);
      expect(stateOf(container)).toEqual([
        'need:已完成',
        'consultation:已跳过',
        'resources:已跳过',
        'implementation:已跳过',
        'guidance:已跳过',
        'volunteers:已跳过',
        'feedback:进行中',
      ]);
      const skipped = container.querySelectorAll('.loop-steps__item--skipped');
      expect(skipped).toHaveLength(5);
      // A skipped step never carries the done tick or the done class.
      for (const el of Array.from(skipped)) {
        expect(el.querySelector('.loop-steps__dot')?.textContent).not.toBe('✓');
        expect(el.className).not.toContain('--done');
      }
      expect(container.querySelector('[data-step="need"] .loop-steps__dot')?.textContent).toBe('✓');
      expect(container.querySelectorAll('.loop-steps__item--done')).toHaveLength(1);
    });

    it('shows pending steps as 未开始 with their number', () => {
      const { container } = render(<LoopSteps steps={steps(['current', 'pending', 'pending', 'pending', 'pending', 'pending', 'pending'])} />);
      expect(stateOf(container)[0]).toBe('need:进行中');
      expect(stateOf(container).slice(1).every((s) => s.endsWith(':未开始'))).toBe(true);
      expect(container.querySelector('[data-step="resources"] .loop-steps__dot')?.textContent).toBe('3');
    });

    it('lists each event with its role, time and reason', () => {
      const { container } = render(
        <EventList
          events={[
            event(),
            event({ id: 2, kind: 'status', action: '不予受理', fromLabel: '待受理', toLabel: '未受理', actorRole: 'staff', actorRoleLabel: '社区工作人员', reason: '属于物业维修范围' }),
          ]}
        />,
      );
      const rows = container.querySelectorAll('.need-event');
      expect(rows).toHaveLength(2);
      expect(rows[1].querySelector('.need-event__role')?.textContent).toBe('社区工作人员');
      expect(rows[1].textContent).toContain('原因：属于物业维修范围');
      expect(rows[1].textContent).toContain('待受理 → 未受理');
      expect(rows[1].querySelector('.need-event__time')?.textContent).toMatch(/11月19日 \d\d:\d\d/);
    });

    it('renders the steps and the events together', () => {
      const t = timeline();
      render(<NeedTimeline steps={t.steps} events={t.events} />);
      expect(screen.getByText('办理进度（闭环七步）')).toBeTruthy();
      expect(screen.getByText('居民上报需求')).toBeTruthy();
    });
  });

  describe('rating control', () => {
    it('reports the star tapped and shows its meaning', () => {
      const changes: number[] = [];
      const { container, rerender } = render(<RatingStars value={0} onChange={(v) => changes.push(v)} />);
      expect(container.querySelector('.rating__word')?.textContent).toBe('请点星星打分');
      fireEvent.click(container.querySelector('[data-score="4"]')!);
      expect(changes).toEqual([4]);
      rerender(<RatingStars value={4} onChange={(v) => changes.push(v)} />);
      expect(container.querySelectorAll('.rating__star--on')).toHaveLength(4);
      expect(container.querySelector('.rating__word')?.textContent).toBe('4分 · 满意');
    });

    it('ignores taps when read-only', () => {
      const changes: number[] = [];
      const { container } = render(<RatingStars value={3} readOnly onChange={(v) => changes.push(v)} />);
      fireEvent.click(container.querySelector('[data-score="5"]')!);
      expect(changes).toEqual([]);
      expect(container.querySelectorAll('.rating__star--on')).toHaveLength(3);
    });

    it('feedback panel: asks for a score first, then posts the rating and comment', async () => {
      const rated = needView({ status: 'rated', statusLabel: '已评价', rating: 5 });
      serve(on('POST', '/api/needs/11/rate', () => ok(rated)));
      const changed: number[] = [];
      const { container } = render(<FeedbackPanel need={needView({ status: 'done' })} onChanged={(n) => changed.push(n.rating!)} />);

      fireEvent.click(screen.getByText('确认办结并评价'));
      expect(container.querySelector('[data-field="rating"]')?.textContent).toBe('请先点星星打分');
      expect(fake.requests).toHaveLength(0);

      fireEvent.click(container.querySelector('[data-score="5"]')!);
      fireEvent.change(container.querySelector('.feedback-panel__comment')!, { target: { value: '灯修好了，谢谢' } });
      fireEvent.click(screen.getByText('确认办结并评价'));
      await waitFor(() => expect(changed).toEqual([5]));
      expect(posts('/api/needs/11/rate')[0].data).toEqual({ rating: 5, comment: '灯修好了，谢谢', subscribed: [] });
    });

    it('feedback panel for a 代报 need (staff): records the 回访 with the day of the call, today unless picked', async () => {
      serve(on('POST', '/api/needs/11/rate', () => ok(needView({ status: 'rated', statusLabel: '已评价', rating: 4 }))));
      const { container } = render(<FeedbackPanel need={needView({ status: 'done' })} forResident={false} onChanged={() => undefined} />);
      expect(screen.getByText('电话回访居民，记录办理结果')).toBeTruthy();
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      expect(container.querySelector('.feedback-panel__visited-on')?.textContent).toBe(today);
      fireEvent.click(container.querySelector('[data-score="4"]')!);
      fireEvent.click(screen.getByText('确认办结并评价'));
      await waitFor(() => expect(posts('/api/needs/11/rate')).toHaveLength(1));
      expect(posts('/api/needs/11/rate')[0].data).toEqual({ rating: 4, visitedOn: today, subscribed: [] });
    });

    it('feedback panel: "问题没解决" needs a reason and reopens with it', async () => {
      serve(on('POST', '/api/needs/11/reopen', () => ok(needView({ status: 'in_progress' }))));
      const { container } = render(<FeedbackPanel need={needView({ status: 'done' })} onChanged={() => undefined} />);
      fireEvent.click(screen.getByText('问题没解决'));
      fireEvent.click(screen.getByText('退回重新办理'));
      expect(container.querySelector('[data-field="reason"]')?.textContent).toBe('请说一说哪里还没解决');
      fireEvent.change(container.querySelector('.feedback-panel__reason')!, { target: { value: '灯还是不亮' } });
      fireEvent.click(screen.getByText('退回重新办理'));
      await waitFor(() => expect(posts('/api/needs/11/reopen')).toHaveLength(1));
      expect(posts('/api/needs/11/reopen')[0].data).toEqual({ reason: '灯还是不亮', subscribed: [] });
    });
  });

  describe('report form', () => {
    const draft = (over: Partial<ReportDraft> = {}): ReportDraft => ({
      categoryId: 5,
      title: '楼道灯坏了',
      description: '晚上看不见',
      photos: [],
      locationKind: 'residence',
      pin: null,
      urgency: 'normal',
      isPublic: false,
      ...over,
    });

    it('validateReport: names each missing field, and the 代报 resident details', () => {
      expect(validateReport(draft())).toEqual({});
      expect(Object.keys(validateReport(draft({ categoryId: null, title: ' ', description: '' })))).toEqual(['categoryId', 'title', 'description']);
      expect(validateReport(draft({ title: '长'.repeat(41) })).title).toBe('标题最多 40 个字');
      expect(validateReport(draft({ locationKind: 'pin' })).location).toContain('地图');
      expect(validateReport(draft({ photos: [{ local: 'a', id: null }] })).photoIds).toBe('照片还在上传，请稍等');
      expect(validateReport(draft({ proxy: { name: '', phone: '123', building: '', unit: '' } }))).toEqual({
        'onBehalfOf.name': '请填写居民姓名',
        'onBehalfOf.phone': '请填写正确的手机号或座机号',
        'onBehalfOf.building': '请填写居民所在楼栋',
        'onBehalfOf.unit': '请填写居民所在单元',
      });
    });

    function renderForm(onSubmitted: (need: unknown) => void = () => undefined) {
      return render(<NeedForm mode='resident' communityId={3} residence={{ building: '3栋', unit: '2单元' }} onSubmitted={onSubmitted} />);
    }

    it('shows what is missing by each field and sends nothing', async () => {
      serve(on('GET', '/api/needs/categories', () => ok(CATEGORIES)));
      const { container } = renderForm();
      await screen.findByText('环境设施');
      fireEvent.click(screen.getByText('提交'));
      const errors = Array.from(container.querySelectorAll('.form-error[data-field]')).map((e) => e.getAttribute('data-field'));
      expect(errors).toEqual(['categoryId', 'title', 'description']);
      expect(container.querySelector('.form-error--summary')?.textContent).toContain('红色的提示');
      expect(posts('/api/needs')).toHaveLength(0);
    });

    it('a content-security rejection (422) shows the server message by the field and keeps the text', async () => {
      serve(
        on('GET', '/api/needs/categories', () => ok(CATEGORIES)),
        on('GET', /^\/api\/needs\/similar/, () => ok([])),
        on('POST', '/api/needs', () => fail(422, 'CONTENT_REJECTED', '标题含有不适宜公开的内容，请修改后再提交', [{ field: 'title', message: '标题未通过内容安全检查' }])),
      );
      const { container } = renderForm();
      fireEvent.click(await screen.findByText('环境设施'));
      fireEvent.change(container.querySelector('.need-form__title')!, { target: { value: '有人在楼下赌博' } });
      fireEvent.change(container.querySelector('.need-form__description')!, { target: { value: '每天晚上都很吵' } });
      fireEvent.click(screen.getByText('提交'));

      await waitFor(() => expect(container.querySelector('[data-field="title"]')?.textContent).toBe('标题含有不适宜公开的内容，请修改后再提交'));
      expect((container.querySelector('.need-form__title') as HTMLInputElement).value).toBe('有人在楼下赌博');
      expect((container.querySelector('.need-form__description') as HTMLTextAreaElement).value).toBe('每天晚上都很吵');
      expect(container.querySelector('[data-field="description"]')).toBeNull();
      expect(posts('/api/needs')[0].data).toEqual({
        communityId: 3,
        categoryId: 5,
        title: '有人在楼下赌博',
        description: '每天晚上都很吵',
        photoIds: [],
        location: { kind: 'residence' },
        urgency: 'normal',
        isPublic: false,
      });
    });

    it('uploads a chosen photo, sends its id, urgency and the public switch, and hands back the need', async () => {
      const submitted: number[] = [];
      serve(
        on('GET', '/api/needs/categories', () => ok(CATEGORIES)),
        on('GET', /^\/api\/needs\/similar/, () => ok([])),
        on('POST', '/api/uploads', () => ok({ id: 41, mime: 'image/png', size: 100, url: '/api/uploads/41' })),
        on('POST', '/api/needs', () => ok(needView({ id: 12 }))),
      );
      const { container } = renderForm((n) => submitted.push((n as { id: number }).id));
      fireEvent.click(await screen.findByText('养老'));
      fireEvent.change(container.querySelector('.need-form__title')!, { target: { value: '想申请助餐' } });
      fireEvent.change(container.querySelector('.need-form__description')!, { target: { value: '老伴住院，做饭困难' } });
      fireEvent.click(container.querySelector('.photo-picker__add')!);
      await waitFor(() => expect(fake.uploads).toHaveLength(1));
      await waitFor(() => expect(container.querySelector('.photo-picker__status')).toBeNull());
      fireEvent.click(container.querySelector('[data-urgency="critical"]')!);
      fireEvent.click(container.querySelector('.need-form__public-switch')!);
      fireEvent.click(screen.getByText('提交'));

      await waitFor(() => expect(submitted).toEqual([12]));
      expect(fake.uploads[0]).toMatchObject({ url: 'http://api.test/api/uploads', filePath: 'blob:photo-1', name: 'file', header: { Authorization: 'Bearer t-1' } });
      expect(posts('/api/needs')[0].data).toMatchObject({ categoryId: 1, photoIds: [41], urgency: 'critical', isPublic: true, location: { kind: 'residence' } });
    });

    it('shows similar open needs and joins one with 我也遇到了', async () => {
      serve(
        on('GET', '/api/needs/categories', () => ok(CATEGORIES)),
        on('GET', '/api/needs/similar?communityId=3&categoryId=5', () => ok([{ ...listItem({ id: 9, title: '小区路灯不亮', meTooCount: 2 }), meToo: false, mine: false }])),
        on('POST', '/api/needs/9/me-too', () => ok(needView({ id: 9, meTooCount: 3 }))),
      );
      const { container } = renderForm();
      fireEvent.click(await screen.findByText('环境设施'));
      await screen.findByText('小区路灯不亮');
      expect(container.querySelector('.need-similar__count')?.textContent).toBe('2人也遇到');
      fireEvent.click(screen.getByText('我也遇到了'));
      await screen.findByText('已加入');
      expect(container.querySelector('.need-similar__count')?.textContent).toBe('3人也遇到');
      expect(posts('/api/needs/9/me-too')[0].data).toEqual({ subscribed: [] });
    });
  });

  describe('api: photos', () => {
    it('upload() sends the file with the token and unwraps the stored photo', async () => {
      serve(on('POST', '/api/uploads', () => ok({ id: 5, mime: 'image/png', size: 10, url: '/api/uploads/5' })));
      await expect(upload('wxfile://tmp/a.png')).resolves.toEqual({ id: 5, mime: 'image/png', size: 10, url: '/api/uploads/5' });
      expect(fake.uploads[0].header.Authorization).toBe('Bearer t-1');
    });

    it('upload() turns the server refusal into an ApiError with a toast', async () => {
      serve(on('POST', '/api/uploads', () => fail(400, 'VALIDATION_FAILED', '只支持 JPG、PNG、WebP 格式的照片', [{ field: 'file', message: '只支持 JPG、PNG、WebP 格式的照片' }])));
      await expect(upload('wxfile://tmp/a.gif')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(fake.toasts).toEqual(['只支持 JPG、PNG、WebP 格式的照片']);
    });

    it('a POST without data sends {} (the server refuses an empty JSON body)', async () => {
      serve(on('POST', '/api/inbox/read-all', () => ok({ unread: 0 })));
      const { api } = await import('../../client/services/api');
      await api.readAll();
      expect(posts('/api/inbox/read-all')[0].data).toEqual({});
    });

    it('photoSrc() downloads with the token (an <img> cannot send it) and caches the file', async () => {
      serve(on('GET', '/api/uploads/77', () => ({ statusCode: 200, data: 'png' })));
      expect(await photoSrc('/api/uploads/77')).toBe('tmp:http://api.test/api/uploads/77');
      expect(await photoSrc('/api/uploads/77')).toBe('tmp:http://api.test/api/uploads/77');
      expect(fake.downloads).toHaveLength(1);
      expect(fake.downloads[0].header.Authorization).toBe('Bearer t-1');
    });
  });

  describe('需求 tab', () => {
    it('lists my needs with their status, and the community board as the second segment', async () => {
      serve(
        on('GET', '/api/me', () => ok(me())),
        on('GET', '/api/needs/mine', () => ok([{ ...listItem({ status: 'done', statusLabel: '已办结，待评价' }), relation: 'reporter' }])),
        on('GET', '/api/public/communities/3/needs?limit=20&offset=0', () => ok({ items: [listItem({ id: 20, title: '健身器材坏了', meTooCount: 4 })], total: 1 })),
        on('GET', '/api/inbox/unread-count', () => ok({ unread: 0 })),
      );
      const { container } = render(<NeedsPage />);
      await screen.findByText('3栋楼道灯坏了');
      expect(container.querySelector('.need-row .status-tag')?.textContent).toBe('已办结，待评价');
      expect(container.querySelector('.need-row__extra')?.textContent).toBe('我反映的');
      fireEvent.click(container.querySelector('.need-row')!);
      expect(fake.navigations).toContain('navigateTo /resident/pages/need/index?id=11');

      fireEvent.click(screen.getByText('社区公示'));
      await screen.findByText('健身器材坏了');
      expect(container.querySelector('.need-row__metoo')?.textContent).toBe('4人也遇到');

      fireEvent.click(screen.getByText('我要反映'));
      expect(fake.navigations).toContain('navigateTo /resident/pages/report/index');
    });

    it('says so when there is nothing yet', async () => {
      serve(
        on('GET', '/api/me', () => ok(me())),
        on('GET', '/api/needs/mine', () => ok([])),
        on('GET', /^\/api\/public\/communities\/3\/needs/, () => ok({ items: [], total: 0 })),
      );
      render(<NeedsPage />);
      await screen.findByText('您还没有反映过需求');
      fireEvent.click(screen.getByText('社区公示'));
      await screen.findByText('社区暂时没有公开的需求');
    });
  });

  describe('need detail (resident)', () => {
    it('shows the need, its loop and, when done, the rating panel', async () => {
      fake.params = { id: '11' };
      serve(
        on('GET', '/api/needs/11/timeline', () =>
          ok(
            timeline({
              need: needView({ status: 'done', statusLabel: '已办结，待评价', doneNote: '已更换灯泡', actions: [{ to: 'rated', action: '确认并评价', requires: ['rating'] }] }),
              steps: steps(['done', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'current']),
            }),
          ),
        ),
      );
      const { container } = render(<NeedDetailPage />);
      await screen.findByText('已更换灯泡');
      expect(container.querySelectorAll('.loop-steps__item--skipped')).toHaveLength(5);
      expect(container.querySelector('.feedback-panel')).not.toBeNull();
      expect(container.querySelector('.need-summary__line')?.textContent).toBe('位置：3栋 2单元');
    });

    it('offers 我也遇到了 on somebody else’s open public need', async () => {
      fake.params = { id: '11' };
      serve(on('GET', '/api/needs/11/timeline', () => ok(timeline({ need: publicNeedView() }))));
      const { container } = render(<NeedDetailPage />);
      await screen.findByText('我也遇到了');
      expect(container.querySelector('.feedback-panel')).toBeNull();
    });
  });

  describe('我的消息', () => {
    it('shows the unread count, opens a message (marking it read) and sets the tab badge', async () => {
      serve(
        on('GET', '/api/inbox?limit=20&offset=0', () =>
          ok({
            items: [{ id: 3, title: '需求进展', body: '您关注的需求“3栋楼道灯坏了”已受理', page: 'resident/pages/need/index?id=11', read: false, createdAt: new Date().toISOString() }],
            total: 1,
            unread: 1,
          }),
        ),
        on('POST', '/api/inbox/3/read', () => ok({ unread: 0 })),
      );
      const { container } = render(<InboxPage />);
      await screen.findByText('1 条未读');
      expect(fake.badges).toEqual(['3:1']);
      fireEvent.click(container.querySelector('.inbox-item')!);
      await screen.findByText('没有未读消息');
      expect(fake.navigations).toEqual(['navigateTo /resident/pages/need/index?id=11']);
      expect(fake.badges).toEqual(['3:1', '3:']);
    });
  });

  describe('工作台: triage', () => {
    const staffMe = me({ nickname: '李娜', residence: null, roles: [role({ id: 9, role: 'staff', roleLabel: '社区工作人员' })], workbench: true, manager: true });

    it('the queue asks for the staff node’s waiting needs and shows age, urgency and me-too count', async () => {
      const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000 - 60_000).toISOString();
      serve(
        on('GET', '/api/me', () => ok(staffMe)),
        on('GET', '/api/needs/categories', () => ok(CATEGORIES)),
        on('GET', /^\/api\/needs\/queue/, () => ok({ items: [listItem({ createdAt: threeDaysAgo, meTooCount: 5, urgency: 'critical', urgencyLabel: '紧急' })], total: 21 })),
      );
      const { container } = render(<QueuePage />);
      await screen.findByText('3栋楼道灯坏了');
      const q = fake.requests.find((r) => path(r).startsWith('/api/needs/queue'))!;
      expect(path(q)).toBe('/api/needs/queue?nodeId=3&status=reported&limit=20&offset=0');
      expect(container.querySelector('.need-row__age')?.textContent).toBe('3天前');
      expect(container.querySelector('.urgency-tag--critical')?.textContent).toBe('紧急');
      expect(container.querySelector('.need-row__metoo')?.textContent).toBe('5人也遇到');
      expect(screen.getByText('共 21 件')).toBeTruthy();
      expect(screen.getByText('加载更多（还有 20 件）')).toBeTruthy();

      fireEvent.click(container.querySelector('[data-status="all"]')!);
      await waitFor(() => expect(fake.requests.some((r) => path(r) === '/api/needs/queue?nodeId=3&limit=20&offset=0')).toBe(true));
    });

    it('the queue shows each need’s clock in its colour — to be accepted, or to show progress — and filters the late ones (#12)', async () => {
      const lateBy = new Date(Date.now() - 90 * 60_000).toISOString();
      const dueSoon = new Date(Date.now() + 45 * 60_000 + 20_000).toISOString();
      const stalled = new Date(Date.now() - (2 * 1440 + 3 * 60) * 60_000 - 20_000).toISOString();
      serve(
        on('GET', '/api/me', () => ok(staffMe)),
        on('GET', '/api/needs/categories', () => ok(CATEGORIES)),
        on('GET', /^\/api\/needs\/queue/, () =>
          ok({
            items: [
              listItem({ id: 11, urgency: 'critical', urgencyLabel: '紧急', sla: { clock: 'response', state: 'yellow', dueAt: lateBy } }),
              listItem({ id: 12, title: '路灯不亮', sla: { clock: 'response', state: 'ok', dueAt: dueSoon } }),
              listItem({ id: 13, title: '楼道扶手', status: 'in_progress', statusLabel: '处理中', sla: { clock: 'progress', state: 'yellow', dueAt: stalled } }),
            ],
            total: 3,
          }),
        ),
      );
      const { container } = render(<QueuePage />);
      await screen.findByText('路灯不亮');
      expect(container.querySelector('[data-need="11"] .need-row__sla--yellow')?.textContent).toBe('已超时 1 小时 30 分，请尽快受理');
      expect(container.querySelector('[data-need="12"] .need-row__sla--ok')?.textContent).toBe('受理时限还剩 45 分钟');
      expect(container.querySelector('[data-need="13"] .need-row__sla--yellow')?.textContent).toBe('已超时 2 天 3 小时，请更新办理进展');
      fireEvent.click(screen.getByText('只看超时'));
      await waitFor(() => expect(fake.requests.some((r) => path(r) === '/api/needs/queue?nodeId=3&status=reported&overdue=yes&limit=20&offset=0')).toBe(true));
    });

    it('the queue searches by words or number, shows 我的待办, and accepts the ticked needs at once (#13)', async () => {
      serve(
        on('GET', '/api/me', () => ok(staffMe)),
        on('GET', '/api/needs/categories', () => ok(CATEGORIES)),
        on('GET', /^\/api\/needs\/queue/, () => ok({ items: [listItem({ id: 11 }), listItem({ id: 12, title: '路灯不亮' })], total: 2 })),
        on('POST', '/api/needs/accept-many', () => ok({ accepted: [11], failed: [{ id: 12, message: '该需求刚刚已被他人处理' }] })),
      );
      const { container } = render(<QueuePage />);
      await screen.findByText('路灯不亮');
      fireEvent.change(container.querySelector('.queue-search__input')!, { target: { value: ' 路灯 ' } });
      fireEvent.click(screen.getByText('搜索'));
      await waitFor(() => expect(fake.requests.some((r) => path(r) === `/api/needs/queue?nodeId=3&status=reported&q=${encodeURIComponent('路灯')}&limit=20&offset=0`)).toBe(true));
      fireEvent.click(screen.getByText('我的待办'));
      await waitFor(() => expect(fake.requests.some((r) => path(r).includes('mine=yes'))).toBe(true));
      // Tick two waiting needs: one accepted, one refused with its reason.
      fireEvent.click(container.querySelector('[data-pick="11"]')!);
      fireEvent.click(container.querySelector('[data-pick="12"]')!);
      fireEvent.click(screen.getByText('受理所选 2 件'));
      await waitFor(() => expect(posts('/api/needs/accept-many')).toHaveLength(1));
      expect(posts('/api/needs/accept-many')[0].data).toEqual({ ids: [11, 12] });
      expect((await screen.findByText(/已受理 1 件/)).textContent).toBe('已受理 1 件；未能受理 1 件（#12：该需求刚刚已被他人处理）');
    });

    it('the staff need page hands an accepted need to a colleague picked by name (#13)', async () => {
      fake.params = { id: '11' };
      const staffRelation = { reporter: false, follower: false, handler: false, staff: true, meToo: false };
      serve(
        on('GET', '/api/needs/11/timeline', () => ok(timeline({ need: needView({ status: 'accepted', statusLabel: '已受理', actions: [], relation: staffRelation }) }))),
        on('GET', '/api/needs/11/handler-options', () =>
          ok([
            { userId: 21, name: '李娜', roleLabel: '社区工作人员 · 文昌社区', current: false },
            { userId: 40, name: '陈社工', roleLabel: '社工 · 古南街道', current: false },
          ]),
        ),
        on('POST', '/api/needs/11/assign', () => ok(needView({ status: 'accepted', handlerId: 40 }))),
        on('GET', /^\/api\/volunteer-tasks/, () => ok({ items: [], total: 0 })),
      );
      const { container } = render(<StaffNeedPage />);
      await waitFor(() => expect(container.querySelector('.assign-panel__current')?.textContent).toBe('未指派'));
      fireEvent.click(screen.getByText('指派'));
      fireEvent.click(await screen.findByText('陈社工'));
      await waitFor(() => expect(posts('/api/needs/11/assign')).toHaveLength(1));
      expect(posts('/api/needs/11/assign')[0].data).toEqual({ handlerId: 40 });
      await waitFor(() => expect(fake.toasts).toContain('已指派给陈社工'));
    });

    it('the staff need page offers the table’s moves: accept at once, reject only with a reason', async () => {
      fake.params = { id: '11' };
      const actions: NeedAction[] = [
        { to: 'accepted', action: '受理', requires: [] },
        { to: 'rejected', action: '不予受理', requires: ['reason'] },
        { to: 'merged', action: '合并到相同需求', requires: ['mergedIntoId'] },
      ];
      serve(
        on('GET', '/api/needs/11/timeline', () =>
          ok(timeline({ need: needView({ actions, relation: { reporter: false, follower: false, handler: false, staff: true, meToo: false }, reporter: { proxy: false, nickname: '王秀英', phoneMasked: '138****1001', proxyNameMasked: null } }) })),
        ),
        on('POST', '/api/needs/11/accept', () => ok(needView({ status: 'accepted' }))),
        on('POST', '/api/needs/11/reject', () => ok(needView({ status: 'rejected' }))),
      );
      const { container } = render(<StaffNeedPage />);
      await screen.findByText('受理');
      expect(container.querySelector('.need-summary__reporter')?.textContent).toBe('反映人：王秀英 · 138****1001');

      fireEvent.click(container.querySelector('.chip.staff-action--rejected')!);
      fireEvent.click(screen.getByText('确认不予受理'));
      expect(container.querySelector('[data-field="reason"]')?.textContent).toBe('请填写原因');
      expect(posts('/api/needs/11/reject')).toHaveLength(0);
      fireEvent.change(container.querySelector('.staff-form__reason')!, { target: { value: '属于物业维修范围' } });
      fireEvent.click(screen.getByText('确认不予受理'));
      await waitFor(() => expect(posts('/api/needs/11/reject')).toHaveLength(1));
      expect(posts('/api/needs/11/reject')[0].data).toEqual({ reason: '属于物业维修范围' });
      await waitFor(() => expect(fake.toasts).toEqual(['已告知居民不予受理的原因']));

      fireEvent.click(screen.getByText('受理'));
      await waitFor(() => expect(posts('/api/needs/11/accept')).toHaveLength(1));
    });
  });

  it('ago() speaks like people do', () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    expect(ago('2026-11-22T11:59:40Z', now)).toBe('刚刚');
    expect(ago('2026-11-22T11:30:00Z', now)).toBe('30分钟前');
    expect(ago('2026-11-22T07:00:00Z', now)).toBe('5小时前');
    expect(ago('2026-11-19T11:00:00Z', now)).toBe('3天前');
  });
});
