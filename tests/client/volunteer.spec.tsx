import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fake } from './stubs/taro';
import { fail, gets, me, ok, on, path, posts, serve } from './fixtures';
import { activity, can, inDays, registration } from './volunteer-fixtures';
import VolunteerPage from '../../client/pages/volunteer/index';
import RegisterPage, { validateRegistration } from '../../client/volunteer/pages/register/index';
import ActivityPage from '../../client/volunteer/pages/activity/index';
import ScanPage from '../../client/volunteer/pages/scan/index';
import MyVolunteeringPage, { groupSignups } from '../../client/volunteer/pages/mine/index';
import TaskPage from '../../client/volunteer/pages/task/index';
import RecordPage from '../../client/volunteer/pages/record/index';
import VerifyPage from '../../client/volunteer/pages/verify/index';
import { matchesDate, timeRange } from '../../client/volunteer/format';
import { parseCheckinCode } from '../../client/volunteer/actions';
import type {
  VolunteerCertificateCheck,
  VolunteerCertificateView,
  VolunteerOptions,
  VolunteerRecord,
  VolunteerRecordActivity as RecordActivity,
  VolunteerSkillView,
  VolunteerTaskContact,
  VolunteerTaskView as TaskView,
} from '@contract/volunteers';
import { resetSession } from '../../client/store/session';



function recordActivity(over: Partial<RecordActivity> = {}): RecordActivity {
  return {
    signupId: 1,
    activityId: 9,
    title: '乐龄先锋健康义诊',
    startsAt: inDays(-10, 1),
    endsAt: inDays(-10, 4),
    status: 'confirmed',
    statusLabel: '报名成功',
    lateCancel: false,
    checkedInAt: inDays(-10, 1),
    checkedOutAt: inDays(-10, 4),
    attendance: 'present',
    attendanceLabel: '出勤',
    confirmed: true,
    creditedMinutes: 180,
    creditedHours: 3,
    ...over,
  };
}

function record(over: Partial<VolunteerRecord> = {}): VolunteerRecord {
  return {
    totalMinutes: 180,
    totalHours: 3,
    byYear: [{ year: 2026, minutes: 180, hours: 3 }],
    activities: [recordActivity()],
    tasks: [],
    points: { balance: 30, rule: '每确认服务 1 小时记 10 积分', entries: [{ id: 1, delta: 30, reason: '参加“乐龄先锋健康义诊”服务 3 小时', sourceType: 'activity', sourceId: 1, at: inDays(-9) }] },
    ...over,
  };
}

function task(over: Partial<TaskView> = {}): TaskView {
  return {
    id: 31,
    needId: 11,
    needTitle: '独居老人吃饭难',
    communityId: 3,
    communityName: '文昌社区',
    kind: 'meal',
    kindLabel: '送餐',
    title: '为3栋独居老人送午餐',
    description: '从长者食堂取餐送到家',
    startsAt: inDays(2, 3),
    endsAt: inDays(2, 4),
    place: '文昌社区长者食堂',
    status: 'open',
    statusLabel: '待认领',
    claimedByMe: false,
    claimed: false,
    claimedAt: null,
    doneAt: null,
    doneNote: null,
    ownNeed: false,
    canMarkDone: false,
    canRelease: false,
    confirmed: false,
    creditedMinutes: null,
    creditedHours: null,
    scheduledMinutes: 60,
    canConfirm: false,
    ...over,
  };
}

const meRoute = on('GET', '/api/me', () => ok(me()));
const SKILLS: VolunteerSkillView[] = [
  { id: 1, key: 'elderly_care', label: '助老' },
  { id: 6, key: 'environment', label: '环境整治' },
];

describe('volunteer (client)', () => {
  beforeEach(() => {
    fake.reset();
    act(() => resetSession());
  });

  describe('helpers', () => {
    it('reads the organizer QR code text and refuses anything else', () => {
      expect(parseCheckinCode(' v1.12.in.58000000.abcDEF_- ')).toEqual({ token: 'v1.12.in.58000000.abcDEF_-', activityId: 12, purpose: 'in' });
      expect(parseCheckinCode('v1.12.out.5.x')?.purpose).toBe('out');
      expect(parseCheckinCode('https://example.com')).toBeNull();
      expect(parseCheckinCode('v1.0.in.5.x')).toBeNull();
      expect(parseCheckinCode('v1.3.maybe.5.x')).toBeNull();
    });

    it('shows times in Beijing time and filters by date', () => {
      expect(timeRange('2026-11-25T02:30:00.000Z', '2026-11-25T05:00:00.000Z')).toBe('11月25日 周三 10:30–13:00');
      const now = new Date('2026-11-22T04:00:00.000Z'); // Sunday noon in Beijing
      expect(matchesDate('2026-11-22T08:00:00.000Z', 'today', now)).toBe(true);
      expect(matchesDate('2026-11-23T08:00:00.000Z', 'today', now)).toBe(false);
      expect(matchesDate('2026-11-24T08:00:00.000Z', 'days3', now)).toBe(true);
      expect(matchesDate('2026-11-28T08:00:00.000Z', 'weekend', now)).toBe(true); // Saturday
      expect(matchesDate('2026-11-26T08:00:00.000Z', 'weekend', now)).toBe(false);
    });

    it('validates the registration form before sending', () => {
      const e = validateRegistration({ realName: 'a', phoneCode: null, idNumber: '123', skillIds: [], availability: [], consent: false });
      expect(Object.keys(e).sort()).toEqual(['availability', 'consent', 'idNumber', 'phoneCode', 'realName']);
      expect(validateRegistration({ realName: '刘洋', phoneCode: 'c', idNumber: '', skillIds: [], availability: ['weekend_morning'], consent: true })).toEqual({});
    });

    it('sorts my sign-ups into coming up, done and cancelled', () => {
      const g = groupSignups([
        recordActivity(),
        recordActivity({ signupId: 2, startsAt: inDays(2), endsAt: inDays(2, 5), confirmed: false, creditedMinutes: null, creditedHours: null, checkedInAt: null, checkedOutAt: null, attendance: null }),
        recordActivity({ signupId: 3, status: 'cancelled', confirmed: false }),
      ]);
      expect(g.upcoming.map((a) => a.signupId)).toEqual([2]);
      expect(g.past.map((a) => a.signupId)).toEqual([1]);
      expect(g.cancelled.map((a) => a.signupId)).toEqual([3]);
    });
  });

  describe('志愿 tab', () => {
    it('invites a resident who is not a volunteer to register', async () => {
      serve(meRoute, on('GET', '/api/volunteers/me', () => ok({ registration: null })), on('GET', /^\/api\/volunteer-activities/, () => ok({ items: [activity()], total: 1 })), on('GET', '/api/volunteers/skills', () => ok(SKILLS)));
      const { container } = render(<VolunteerPage />);
      await screen.findByText('成为社区志愿者');
      fireEvent.click(screen.getByText('注册志愿者'));
      expect(fake.navigations).toContain('navigateTo /volunteer/pages/register/index');
      await screen.findByText('重阳敬老助餐');
      expect(container.querySelector('.vol-entries')).toBeNull();
    });

    it('lists activities of my community with places left, and filters them by date and skill', async () => {
      const soon = activity({ id: 22, title: '垃圾分类宣传', startsAt: inDays(0, 23), endsAt: inDays(1, 1), requiredSkills: [], seatsLeft: 0, confirmedCount: 12, capacity: 12, waitlistCount: 2 });
      serve(
        meRoute,
        on('GET', '/api/volunteers/me', () => ok({ registration: registration() })),
        on('GET', /^\/api\/volunteer-activities/, () => ok({ items: [activity({ mySignup: { id: 5, status: 'waitlisted', statusLabel: '候补中', waitlistPosition: 2, lateCancel: false, checkedInAt: null, checkedOutAt: null, attendance: null, creditedMinutes: null } }), soon], total: 2 })),
        on('GET', '/api/volunteers/skills', () => ok(SKILLS)),
      );
      const { container } = render(<VolunteerPage />);
      await screen.findByText('重阳敬老助餐');
      // My own name in my own header, in full (#20).
      expect(screen.getByText('刘洋 · 文昌社区志愿者')).toBeTruthy();
      expect(gets(/^\/api\/volunteer-activities\?nodeId=3&limit=100$/)).toHaveLength(1);
      expect(screen.getByText('还剩 5 个名额（共 8 人）')).toBeTruthy();
      expect(screen.getByText('名额已满，2 人候补')).toBeTruthy();
      expect(screen.getByText('候补第 2 位')).toBeTruthy();
      // Entries for a volunteer.
      fireEvent.click(screen.getByText('扫码签到'));
      expect(fake.navigations).toContain('navigateTo /volunteer/pages/scan/index');

      fireEvent.click(container.querySelector('[data-skill="elderly_care"]')!);
      expect(container.querySelectorAll('.vol-activity')).toHaveLength(1);
      fireEvent.click(screen.getByText('不限技能'));
      fireEvent.click(container.querySelector('.vol-filter-date [data-filter="week"]')!);
      expect(container.querySelectorAll('.vol-activity')).toHaveLength(2);

      fireEvent.click(container.querySelector('[data-activity="21"]')!);
      expect(fake.navigations).toContain('navigateTo /volunteer/pages/activity/index?id=21');
    });

    it('shows one row of skill chips until 更多技能 is tapped (the first activity stays above the fold)', async () => {
      const many: VolunteerSkillView[] = ['助老', '助残', '环境整治', '作业辅导', '文艺', '医疗'].map((label, i) => ({ id: i + 1, key: `k${i + 1}`, label }));
      serve(meRoute, on('GET', '/api/volunteers/me', () => ok({ registration: registration() })), on('GET', /^\/api\/volunteer-activities/, () => ok({ items: [activity()], total: 1 })), on('GET', '/api/volunteers/skills', () => ok(many)));
      const { container } = render(<VolunteerPage />);
      await screen.findByText('更多技能（3）');
      expect(container.querySelectorAll('.vol-filter-skill [data-skill]')).toHaveLength(3);
      fireEvent.click(screen.getByText('更多技能（3）'));
      expect(container.querySelectorAll('.vol-filter-skill [data-skill]')).toHaveLength(6);
      // A chosen skill stays visible when the row is folded again.
      fireEvent.click(container.querySelector('[data-skill="k6"]')!);
      fireEvent.click(screen.getByText('收起'));
      expect(container.querySelector('[data-skill="k6"]')?.className).toContain('chip--on');
    });

    it('tells a returned volunteer why and offers to resubmit', async () => {
      serve(meRoute, on('GET', '/api/volunteers/me', () => ok({ registration: registration({ status: 'returned', returnReason: '请填写真实姓名' }) })), on('GET', /^\/api\/volunteer-activities/, () => ok({ items: [], total: 0 })), on('GET', '/api/volunteers/skills', () => ok([])));
      render(<VolunteerPage />);
      await screen.findByText('原因：请填写真实姓名');
      await screen.findByText('近期没有志愿活动');
    });
  });

  describe('registration', () => {
    const options: VolunteerOptions = { skills: SKILLS, availability: [{ key: 'weekend_morning', label: '周末上午' }, { key: 'weekday_evening', label: '工作日晚上' }], consent: { version: '2026-01', text: '我自愿注册为志愿者……' } };

    it('shows the reasons by the fields, uses the demo phone on H5, and submits', async () => {
      serve(
        meRoute,
        on('GET', '/api/volunteers/me', () => ok({ registration: null })),
        on('GET', '/api/volunteers/options', () => ok(options)),
        on('POST', '/api/volunteers/registration', () => ok(registration({ status: 'pending', statusLabel: '待审核' }))),
      );
      const { container } = render(<RegisterPage />);
      await screen.findByText('我自愿注册为志愿者……');
      fireEvent.click(screen.getByText('提交注册'));
      expect(container.querySelector('[data-field="realName"]')?.textContent).toContain('真实姓名');
      // The reason names the button this platform shows (#20: it said 授权手机号 on H5).
      expect(container.querySelector('[data-field="phoneCode"]')?.textContent).toBe('请点击“使用演示手机号”');
      expect(container.querySelector('[data-field="consent"]')).toBeTruthy();
      expect(posts('/api/volunteers/registration')).toHaveLength(0);
      // And the page scrolls to the first reason.
      await waitFor(() => expect(fake.scrolls).toEqual(['.form-error']));

      fireEvent.change(container.querySelector('.vol-register__name')!, { target: { value: '刘洋' } });
      fireEvent.click(screen.getByText('使用演示手机号'));
      expect(screen.getByText('✓ 已授权手机号')).toBeTruthy();
      fireEvent.click(container.querySelector('[data-skill="elderly_care"]')!);
      fireEvent.click(container.querySelector('[data-time="weekend_morning"]')!);
      fireEvent.click(screen.getByText('我已阅读并同意'));
      fireEvent.click(screen.getByText('提交注册'));
      await screen.findByText('待审核');
      const body = posts('/api/volunteers/registration')[0].data as Record<string, unknown>;
      expect(body).toMatchObject({ realName: '刘洋', skillIds: [1], availability: ['weekend_morning'], consent: true });
      expect(String(body.phoneCode)).toMatch(/^h5-demo-/);
      expect(body).not.toHaveProperty('idNumber');
    });

    it('puts the server reason by its field and keeps what was typed', async () => {
      serve(
        meRoute,
        on('GET', '/api/volunteers/me', () => ok({ registration: null })),
        on('GET', '/api/volunteers/options', () => ok(options)),
        on('POST', '/api/volunteers/registration', () => fail(400, 'BAD_REQUEST', '身份证号校验不通过，请核对后重新填写', [{ field: 'idNumber', message: '身份证号校验不通过，请核对后重新填写' }])),
      );
      const { container } = render(<RegisterPage />);
      await screen.findByText('我自愿注册为志愿者……');
      fireEvent.change(container.querySelector('.vol-register__name')!, { target: { value: '刘洋' } });
      fireEvent.change(container.querySelector('.vol-register__id')!, { target: { value: '110101199003071235' } });
      fireEvent.click(screen.getByText('使用演示手机号'));
      fireEvent.click(container.querySelector('[data-time="weekday_evening"]')!);
      fireEvent.click(screen.getByText('我已阅读并同意'));
      fireEvent.click(screen.getByText('提交注册'));
      await waitFor(() => expect(container.querySelector('[data-field="idNumber"]')?.textContent).toContain('身份证号校验不通过'));
      expect((container.querySelector('.vol-register__name') as HTMLInputElement).value).toBe('刘洋');
    });
  });

  describe('activity detail', () => {
    it('signs up for a full activity onto the waitlist and shows the place in the queue', async () => {
      let view = activity({ seatsLeft: 0, confirmedCount: 8, waitlistCount: 1 });
      serve(
        meRoute,
        on('GET', '/api/volunteers/me', () => ok({ registration: registration() })),
        on('GET', '/api/volunteer-activities/21', () => ok(view)),
        on('POST', '/api/volunteer-activities/21/signups', () => {
          view = { ...view, waitlistCount: 2, mySignup: { id: 7, status: 'waitlisted', statusLabel: '候补中', waitlistPosition: 2, lateCancel: false, checkedInAt: null, checkedOutAt: null, attendance: null, creditedMinutes: null }, can: can({ signUp: false, cancel: true }) };
          return { statusCode: 201, data: { data: { signupId: 7, status: 'waitlisted', statusLabel: '候补中', waitlistPosition: 2, message: '名额已满，您已进入候补，当前排第 2 位；有人取消时将按顺序自动递补并通知您' } } };
        }),
      );
      fake.params = { id: '21' };
      const { container } = render(<ActivityPage />);
      await screen.findByText('报名候补');
      fireEvent.click(screen.getByText('报名候补'));
      await screen.findByText(/当前排第 2 位/);
      await waitFor(() => expect(container.querySelector('.vol-activity-page__waitlist .vol-big-number')?.textContent).toBe('2'));
      expect(screen.getByText('取消候补')).toBeTruthy();
    });

    it('shows the server reason when sign-up is refused (time overlap)', async () => {
      serve(
        meRoute,
        on('GET', '/api/volunteers/me', () => ok({ registration: registration() })),
        on('GET', '/api/volunteer-activities/21', () => ok(activity())),
        on('POST', '/api/volunteer-activities/21/signups', () => fail(409, 'CONFLICT', '与您已报名的活动“垃圾分类宣传”时间冲突，请先取消该活动的报名')),
      );
      fake.params = { id: '21' };
      render(<ActivityPage />);
      fireEvent.click(await screen.findByText('我要报名'));
      await screen.findByText(/时间冲突/);
      expect(screen.getByText('没有成功')).toBeTruthy();
    });

    it('asks a resident who is not a volunteer to register first', async () => {
      serve(
        meRoute,
        on('GET', '/api/volunteers/me', () => ok({ registration: null })),
        on('GET', '/api/volunteer-activities/21', () => ok(activity({ can: can({ signUp: false, signUpBlocked: { reason: 'register', message: '报名志愿活动需要先实名注册志愿者。' } }) }))),
      );
      fake.params = { id: '21' };
      render(<ActivityPage />);
      await screen.findByText('报名志愿活动需要先实名注册志愿者。');
      expect(screen.queryByText('我要报名')).toBeNull();
    });

    it('shows confirmed hours after the organizer confirmed attendance', async () => {
      serve(
        meRoute,
        on('GET', '/api/volunteers/me', () => ok({ registration: registration() })),
        on('GET', '/api/volunteer-activities/21', () =>
          ok(activity({ startsAt: inDays(-1, 1), endsAt: inDays(-1, 4), signupDeadline: inDays(-2), attendanceConfirmed: true, phase: 'ended', mySignup: { id: 7, status: 'confirmed', statusLabel: '报名成功', waitlistPosition: null, lateCancel: false, checkedInAt: inDays(-1, 1), checkedOutAt: inDays(-1, 4), attendance: 'present', creditedMinutes: 180 }, can: can({ signUp: false }) })),
        ),
      );
      fake.params = { id: '21' };
      render(<ActivityPage />);
      await screen.findByText('3 小时（组织者已确认）');
      expect(screen.getByText('已确认 3 小时')).toBeTruthy();
      expect(screen.queryByText('扫码签到')).toBeNull();
    });
  });

  describe('scan to check in', () => {
    it('sends the typed code to the activity and shows success', async () => {
      serve(
        meRoute,
        on('GET', '/api/volunteer-activities/21', () => ok(activity())),
        on('POST', '/api/volunteer-activities/21/check-in', () => ok({ purpose: 'in', at: '2026-11-25T02:25:00.000Z', distanceMeters: null, message: '签到成功' })),
      );
      const { container } = render(<ScanPage />);
      fireEvent.change(container.querySelector('.vol-scan__code')!, { target: { value: ' v1.21.in.5900000.mac ' } });
      fireEvent.click(screen.getByText('提交'));
      await screen.findByText('签到成功');
      expect(screen.getByText(/签到时间 10:25/)).toBeTruthy();
      expect(posts('/api/volunteer-activities/21/check-in')[0].data).toEqual({ token: 'v1.21.in.5900000.mac' });
    });

    it('shows why a code is refused (expired, replayed, another activity), and unrecognized text', async () => {
      serve(
        meRoute,
        on('GET', '/api/volunteer-activities/21', () => ok(activity())),
        on('POST', '/api/volunteer-activities/21/check-out', () => fail(400, 'BAD_REQUEST', '二维码已过期，请扫描组织者手机上正在显示的最新二维码')),
      );
      fake.params = { id: '21' };
      const { container } = render(<ScanPage />);
      fireEvent.change(container.querySelector('.vol-scan__code')!, { target: { value: 'v1.21.out.5900000.mac' } });
      fireEvent.click(screen.getByText('提交'));
      await screen.findByText('二维码已过期，请扫描组织者手机上正在显示的最新二维码');
      expect(screen.getByText('签退没有成功')).toBeTruthy();

      fireEvent.change(container.querySelector('.vol-scan__code')!, { target: { value: 'hello' } });
      fireEvent.click(screen.getByText('提交'));
      await screen.findByText('无法识别');
    });

    it('takes the 6 digits under the organizer’s code, for the activity and the purpose the page was opened for', async () => {
      serve(
        meRoute,
        on('GET', '/api/volunteer-activities/21', () => ok(activity())),
        on('POST', '/api/volunteer-activities/21/check-out', () => ok({ purpose: 'out', at: '2026-11-25T04:25:00.000Z', distanceMeters: null, message: '签退成功' })),
      );
      fake.params = { id: '21', purpose: 'out' };
      const { container } = render(<ScanPage />);
      expect(container.querySelector('.vol-scan__purpose-out')?.className).toContain('segments__item--on');
      fireEvent.change(container.querySelector('.vol-scan__code')!, { target: { value: '482 913' } });
      fireEvent.click(screen.getByText('提交'));
      await screen.findByText('签退成功');
      expect(posts('/api/volunteer-activities/21/check-out')[0].data).toEqual({ token: '482913' });
    });

    it('asks to open the activity first when 6 digits are typed without one', async () => {
      serve(meRoute);
      const { container } = render(<ScanPage />);
      fireEvent.change(container.querySelector('.vol-scan__code')!, { target: { value: '482913' } });
      fireEvent.click(screen.getByText('提交'));
      await screen.findByText('请从活动页面点“扫码签到”进入后再输入 6 位数字码');
    });
  });

  describe('my activities and record', () => {
    it('lists my activities by state', async () => {
      serve(meRoute, on('GET', '/api/volunteers/me/record', () => ok(record({ activities: [recordActivity(), recordActivity({ signupId: 2, activityId: 21, title: '重阳敬老助餐', startsAt: inDays(3), endsAt: inDays(3, 5), confirmed: false, creditedHours: null, creditedMinutes: null, checkedInAt: null, checkedOutAt: null, attendance: null, attendanceLabel: null })] }))));
      const { container } = render(<MyVolunteeringPage />);
      await screen.findByText('重阳敬老助餐');
      expect(screen.getByText('即将参加 1')).toBeTruthy();
      fireEvent.click(screen.getByText('已参加 1'));
      await screen.findByText('乐龄先锋健康义诊');
      expect(container.querySelector('.vol-mine__item .vol-badge')?.textContent).toBe('出勤 · 3 小时');
    });

    it('shows hours, points, and issues and downloads the certificate (H5: a link to the PDF)', async () => {
      serve(
        meRoute,
        on('GET', '/api/volunteers/me/record', () => ok(record())),
        on('GET', '/api/volunteers/me/certificate', () =>
          ok({ code: 'ABCDEFGHJK23', verifyPath: '/api/volunteer-certificates/ABCDEFGHJK23', verifyUrl: 'http://localhost:3000/#/volunteer/pages/verify/index?code=ABCDEFGHJK23', pdfPath: '/api/volunteers/me/certificate.pdf', issuedAt: '2026-11-22T02:00:00.000Z', realName: '刘洋', idNumberMasked: null, communityName: '文昌社区', totalMinutes: 180, totalHours: 3, activities: [{ title: '乐龄先锋健康义诊', startsAt: inDays(-10), endsAt: inDays(-10, 5), minutes: 180, hours: 3 }] } satisfies VolunteerCertificateView),
        ),
        on('GET', '/api/volunteers/me/certificate.pdf', () => ({ statusCode: 200, data: '%PDF-1.3' })),
      );
      const { container } = render(<RecordPage />);
      await screen.findByText('每确认服务 1 小时记 10 积分');
      expect(container.querySelector('.vol-record__hours')?.textContent).toBe('3');
      expect(container.querySelector('.vol-record__points')?.textContent).toBe('30');
      expect(screen.getByText('+30')).toBeTruthy();
      fireEvent.click(screen.getByText('开具志愿服务证明'));
      await screen.findByText('ABCDEFGHJK23');
      fireEvent.click(screen.getByText('下载证明 PDF'));
      await screen.findByText('打开证明 PDF');
      expect(fake.downloads[0]).toMatchObject({ url: 'http://api.test/api/volunteers/me/certificate.pdf', header: { Authorization: 'Bearer t-1' } });
    });

    it('says clearly when the PDF cannot be made (server without the Chinese font)', async () => {
      serve(
        meRoute,
        on('GET', '/api/volunteers/me/record', () => ok(record())),
        on('GET', '/api/volunteers/me/certificate', () => ok({ code: 'ABCDEFGHJK23', verifyPath: '', verifyUrl: '', pdfPath: '', issuedAt: '2026-11-22T02:00:00.000Z', realName: '刘洋', idNumberMasked: null, communityName: '文昌社区', totalMinutes: 180, totalHours: 3, activities: [] } satisfies VolunteerCertificateView)),
        on('GET', '/api/volunteers/me/certificate.pdf', () => fail(503, 'SERVICE_UNAVAILABLE', '服务器暂缺中文字体')),
      );
      render(<RecordPage />);
      fireEvent.click(await screen.findByText('开具志愿服务证明'));
      fireEvent.click(await screen.findByText('下载证明 PDF'));
      await screen.findByText(/缺少中文字体/);
    });
  });

  describe('tasks', () => {
    it('shows the resident contact only to the claimer', async () => {
      serve(
        meRoute,
        on('GET', '/api/volunteer-tasks/31', () => ok(task({ status: 'claimed', statusLabel: '已认领', claimed: true, claimedByMe: true, canMarkDone: true })),),
        on('GET', '/api/volunteer-tasks/31/contact', () => ok({ taskId: 31, name: '王秀英', phone: '13800001001', community: '文昌社区', building: '3栋', unit: '2单元', address: null, lat: null, lng: null, notice: '居民联系方式仅用于本次服务，请勿泄露或另作他用' } satisfies VolunteerTaskContact)),
        on('POST', '/api/volunteer-tasks/31/done', () => ok(task({ status: 'done', statusLabel: '已完成', claimed: true, claimedByMe: true, doneNote: '已送餐', doneAt: inDays(0) }))),
      );
      fake.params = { id: '31' };
      const { container } = render(<TaskPage />);
      await screen.findByText('13800001001');
      expect(screen.getByText('文昌社区 3栋 2单元')).toBeTruthy();
      fireEvent.click(screen.getByText('标记完成'));
      expect(container.querySelector('[data-field="note"]')).toBeTruthy();
      fireEvent.change(container.querySelector('.vol-task__note')!, { target: { value: '已送餐，老人身体很好' } });
      fireEvent.click(screen.getByText('标记完成'));
      await screen.findByText('已标记完成，谢谢您的付出！');
      expect(posts('/api/volunteer-tasks/31/done')[0].data).toEqual({ note: '已送餐，老人身体很好' });
    });

    it('does not ask for the contact of a task claimed by someone else', async () => {
      serve(meRoute, on('GET', '/api/volunteer-tasks/31', () => ok(task({ status: 'claimed', statusLabel: '已认领', claimed: true }))));
      fake.params = { id: '31' };
      render(<TaskPage />);
      await screen.findByText('该任务已被其他志愿者认领。');
      expect(gets('/api/volunteer-tasks/31/contact')).toHaveLength(0);
      expect(screen.queryByText('我来认领')).toBeNull();
    });

    it('offers no claim on a task made from my own need, and no 标记完成 before the service starts', async () => {
      serve(meRoute, on('GET', '/api/volunteer-tasks/31', () => ok(task({ ownNeed: true }))));
      fake.params = { id: '31' };
      const first = render(<TaskPage />);
      await screen.findByText('这是您自己反映的需求，任务会由其他志愿者认领。');
      expect(screen.queryByText('我来认领')).toBeNull();
      first.unmount();

      serve(
        meRoute,
        on('GET', '/api/volunteer-tasks/31', () => ok(task({ status: 'claimed', statusLabel: '已认领', claimed: true, claimedByMe: true, canMarkDone: false }))),
        on('GET', '/api/volunteer-tasks/31/contact', () => ok({ taskId: 31, name: '王秀英', phone: '13800001001', community: '文昌社区', building: '3栋', unit: '2单元', address: null, lat: null, lng: null, notice: '居民联系方式仅用于本次服务，请勿泄露或另作他用' } satisfies VolunteerTaskContact)),
      );
      const { container } = render(<TaskPage />);
      await screen.findByText(/开始后才能标记完成/);
      expect(container.querySelector('.vol-task__done-btn')?.hasAttribute('disabled')).toBe(true);
    });

    it('lets the claimer release a task with a reason, asked first (#13)', async () => {
      const contact = { taskId: 31, name: '王秀英', phone: '13800001001', community: '文昌社区', building: '3栋', unit: '2单元', address: null, lat: null, lng: null, notice: '仅用于本次服务' } satisfies VolunteerTaskContact;
      serve(
        meRoute,
        on('GET', '/api/volunteer-tasks/31', () => ok(task({ status: 'claimed', statusLabel: '已认领', claimed: true, claimedByMe: true, canRelease: true }))),
        on('GET', '/api/volunteer-tasks/31/contact', () => ok(contact)),
        on('POST', '/api/volunteer-tasks/31/release', () => ok(task())),
      );
      fake.params = { id: '31' };
      const { container } = render(<TaskPage />);
      fireEvent.click(await screen.findByText('我去不了了'));
      fireEvent.click(screen.getByText('确认释放任务'));
      expect(container.querySelector('[data-field="reason"]')?.textContent).toBe('请说明原因，社区好重新安排，例如“临时加班去不了”');
      fireEvent.change(container.querySelector('.vol-task__release-reason')!, { target: { value: '临时加班' } });
      fireEvent.click(screen.getByText('确认释放任务'));
      await waitFor(() => expect(posts('/api/volunteer-tasks/31/release')).toHaveLength(1));
      expect(posts('/api/volunteer-tasks/31/release')[0].data).toEqual({ reason: '临时加班' });
      await screen.findByText('已释放，社区会另行安排。谢谢您告知！');
    });

    it('claims an open task; a lost race shows the reason', async () => {
      serve(meRoute, on('GET', '/api/volunteer-tasks/31', () => ok(task())), on('POST', '/api/volunteer-tasks/31/claim', () => fail(409, 'CONFLICT', '该任务刚刚已被其他志愿者认领，看看其他任务吧')));
      fake.params = { id: '31' };
      render(<TaskPage />);
      fireEvent.click(await screen.findByText('我来认领'));
      await screen.findByText('该任务刚刚已被其他志愿者认领，看看其他任务吧');
    });
  });

  describe('certificate verification (public)', () => {
    it('checks a code without a token and shows only the masked name', async () => {
      fake.setHandler((req) =>
        path(req) === '/api/volunteer-certificates/ABCDEFGHJK23' ? ok({ valid: true, code: 'ABCDEFGHJK23', nameMasked: '刘**', communityName: '文昌社区', totalHours: 3, activityCount: 1, issuedAt: '2026-11-22T02:00:00.000Z' } satisfies VolunteerCertificateCheck) : fail(404, 'NOT_FOUND', '该志愿服务证明不存在或已被删除'),
      );
      fake.params = { code: 'abcd efgh jk23' };
      render(<VerifyPage />);
      await screen.findByText('证明真实有效');
      expect(screen.getByText('刘**')).toBeTruthy();
      expect(fake.requests[0].header.Authorization).toBeUndefined();
    });

    it('says a code that does not exist may be forged, and refuses malformed input locally', async () => {
      fake.setHandler(() => fail(404, 'NOT_FOUND', '该志愿服务证明不存在或已被删除'));
      const { container } = render(<VerifyPage />);
      fireEvent.change(container.querySelector('.vol-verify-page__code')!, { target: { value: '123' } });
      fireEvent.click(screen.getByText('查验'));
      await screen.findByText(/12 位字母和数字/);
      expect(fake.requests).toHaveLength(0);
      fireEvent.change(container.querySelector('.vol-verify-page__code')!, { target: { value: 'ABCDEFGHJK99' } });
      fireEvent.click(screen.getByText('查验'));
      await screen.findByText(/可能是伪造的/);
    });
  });
});
