import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fake } from './stubs/taro';
import { created, fail, gets, me, needView, ok, on, posts, role, sentTo, serve } from './fixtures';
import { activity, can, inDays, registration } from './volunteer-fixtures';
import OrganizerActivitiesPage from '../../client/workbench/pages/activities/index';
import CreateActivityPage, { type ActivityDraft, toCreateInput, validateActivity } from '../../client/workbench/pages/activity-new/index';
import RosterPage from '../../client/workbench/pages/roster/index';
import CheckinQrPage, { qrImage } from '../../client/workbench/pages/checkin-qr/index';
import VolunteerApplicationsPage from '../../client/workbench/pages/volunteers/index';
import { halfHours, NeedVolunteerTasks, validateTask } from '../../client/workbench/components/NeedVolunteerTasks';
import { beijingParts, fromBeijing } from '../../client/components/DateTimeField';
import { rosterSummary, secondsUntil } from '../../client/workbench/organizer';
import type { ActivityQrView, ActivityRosterRow as RosterRow, AttendanceConfirmation, VolunteerApplicationView } from '@contract/volunteers';
import { resetSession } from '../../client/store/session';

const STAFF = me({ nickname: '李娜', roles: [role({ id: 3, role: 'staff', roleLabel: '社区工作人员' })], workbench: true });
const meRoute = on('GET', '/api/me', () => ok(STAFF));

function row(over: Partial<RosterRow> = {}): RosterRow {
  return {
    signupId: 51,
    userId: 9,
    realName: '刘洋',
    phoneMasked: '138****1002',
    status: 'confirmed',
    statusLabel: '报名成功',
    waitlistPosition: null,
    lateCancel: false,
    checkedInAt: null,
    checkedOutAt: null,
    attendance: null,
    attendanceLabel: null,
    attendanceReason: null,
    creditedMinutes: null,
    creditedHours: null,
    ...over,
  };
}

function draft(over: Partial<ActivityDraft> = {}): ActivityDraft {
  return {
    communityId: 3,
    title: '重阳敬老助餐',
    description: '为社区老人打饭送餐。',
    startsAt: inDays(3, 1),
    endsAt: inDays(3, 3),
    signupDeadline: inDays(2, 12),
    address: '文昌社区长者食堂',
    capacity: '8',
    skillIds: [1],
    needsApproval: false,
    cancelCutoffMinutes: '120',
    lateCancel: 'refuse',
    place: null,
    maxDistanceMeters: '',
    ...over,
  };
}

describe('volunteer organizer (workbench, client)', () => {
  beforeEach(() => {
    fake.reset();
    act(() => resetSession());
  });

  describe('helpers', () => {
    it('reads and writes times in Beijing time', () => {
      expect(beijingParts('2026-12-02T16:30:00.000Z')).toEqual({ date: '2026-12-03', time: '00:30' });
      expect(fromBeijing('2026-12-03', '09:30')).toBe('2026-12-03T01:30:00.000Z');
    });

    it('checks an activity before publishing and sends exactly what the server takes', () => {
      expect(validateActivity(draft())).toEqual({});
      const bad = validateActivity(draft({ title: '', startsAt: inDays(-1), capacity: '0', signupDeadline: inDays(5), maxDistanceMeters: '300' }));
      expect(Object.keys(bad).sort()).toEqual(['capacity', 'maxDistanceMeters', 'signupDeadline', 'startsAt', 'title']);
      expect(bad.maxDistanceMeters).toContain('地图');
      const input = toCreateInput(draft({ place: { lat: 29.03, lng: 106.65 }, maxDistanceMeters: '300' }), 11);
      expect(input).toMatchObject({ communityId: 3, capacity: 8, cancelCutoffMinutes: 120, lat: 29.03, lng: 106.65, maxDistanceMeters: 300, needId: 11 });
      expect(toCreateInput(draft())).not.toHaveProperty('lat');
    });

    it('counts the roster and the seconds to the next code', () => {
      const s = rosterSummary([row(), row({ signupId: 2, checkedInAt: inDays(0) }), row({ signupId: 3, status: 'pending' }), row({ signupId: 4, status: 'waitlisted' })]);
      expect(s).toEqual({ confirmed: 2, pending: 1, waitlisted: 1, checkedIn: 1, checkedOut: 0, notArrived: 1 });
      expect(secondsUntil(new Date(Date.now() + 12_400).toISOString())).toBe(13);
      expect(secondsUntil(new Date(Date.now() - 5000).toISOString())).toBe(0);
    });

    it('draws the check-in token as a QR image', () => {
      expect(qrImage('v1.21.in.58000000.abcDEF')).toMatch(/^data:image\/gif;base64,/);
    });
  });

  it('lists the activities the user organizes and opens a roster', async () => {
    serve(meRoute, on('GET', /^\/api\/volunteer-activities\?/, () => ok({ items: [activity({ organizer: true }), activity({ id: 22, title: '别人的活动', organizer: false })], total: 2 })));
    render(<OrganizerActivitiesPage />);
    await screen.findByText('重阳敬老助餐');
    expect(screen.queryByText('别人的活动')).toBeNull();
    expect(gets(/nodeId=3/)).toHaveLength(1);
    fireEvent.click(screen.getByText('重阳敬老助餐'));
    expect(fake.navigations).toContain('navigateTo /workbench/pages/roster/index?id=21');
    fireEvent.click(screen.getByText('发布志愿活动'));
    expect(fake.navigations).toContain('navigateTo /workbench/pages/activity-new/index');
  });

  it('publishes an activity and shows the server’s reason next to the field it names', async () => {
    serve(
      meRoute,
      on('GET', '/api/volunteers/skills', () => ok([{ id: 1, key: 'elderly_care', label: '助老' }])),
      on('POST', '/api/volunteer-activities', () => fail(400, 'VALIDATION_FAILED', '请求内容有误', [{ field: 'address', message: '集合地点不能超过 120 个字' }])),
    );
    const { container } = render(<CreateActivityPage />);
    await screen.findByText('助老');
    fireEvent.click(screen.getByText('发布活动'));
    await screen.findByText('请填写活动名称（至少 2 个字）');
    expect(posts('/api/volunteer-activities')).toHaveLength(0);

    fireEvent.change(container.querySelector('.org-new__title')!, { target: { value: '重阳敬老助餐' } });
    fireEvent.change(container.querySelector('.org-new__desc')!, { target: { value: '为社区老人打饭送餐，请穿志愿者马甲。' } });
    fireEvent.change(container.querySelector('.org-new__address')!, { target: { value: '文昌社区长者食堂' } });
    fireEvent.click(screen.getByText('发布活动'));
    await screen.findByText('集合地点不能超过 120 个字');
    const sent = posts('/api/volunteer-activities')[0].data as Record<string, unknown>;
    expect(sent).toMatchObject({ communityId: 3, title: '重阳敬老助餐', address: '文昌社区长者食堂', capacity: 10, needsApproval: false, lateCancel: 'refuse' });
    expect(fake.navigations).toHaveLength(0);
  });

  it('publishes an activity for one of the community’s projects under way, picked by name (#13)', async () => {
    const project = (id: number, title: string, status: 'active' | 'completed') => ({ id, title, domainLabel: '为老服务', communityName: '文昌社区', organizationName: '文昌社区邻里互助会', status, statusLabel: status === 'active' ? '实施中' : '已结项，待评估', budgetFen: 0, peopleServed: 0, score: null, startsOn: '2026-11-01', endsOn: '2027-01-31' });
    serve(
      meRoute,
      on('GET', '/api/volunteers/skills', () => ok([])),
      on('GET', '/api/projects?nodeId=3', () => ok([project(7, '高龄老人陪诊服务', 'active'), project(8, '旧项目', 'completed')])),
      on('POST', '/api/volunteer-activities', () => created(activity({ id: 22 }))),
    );
    const { container } = render(<CreateActivityPage />);
    fireEvent.click(await screen.findByText('高龄老人陪诊服务'));
    expect(screen.queryByText('旧项目')).toBeNull();
    fireEvent.change(container.querySelector('.org-new__title')!, { target: { value: '陪诊志愿服务' } });
    fireEvent.change(container.querySelector('.org-new__desc')!, { target: { value: '陪同高龄老人到区医院复查。' } });
    fireEvent.change(container.querySelector('.org-new__address')!, { target: { value: '区人民医院门诊楼' } });
    fireEvent.click(screen.getByText('发布活动'));
    await waitFor(() => expect(posts('/api/volunteer-activities')).toHaveLength(1));
    expect(posts('/api/volunteer-activities')[0].data).toMatchObject({ title: '陪诊志愿服务', projectId: 7 });
  });

  it('roster: approves a sign-up, asks a reason for hand-marked attendance, and confirms only after the end', async () => {
    let confirmed = false;
    serve(
      meRoute,
      on('GET', '/api/volunteer-activities/21', () => ok(activity({ organizer: true, startsAt: inDays(-1, 1), endsAt: inDays(-1, 3), attendanceConfirmed: confirmed, phase: 'ended', can: can({ signUp: false, manage: !confirmed, confirmAttendance: !confirmed }) }))),
      on('GET', '/api/volunteer-activities/21/signups', () =>
        ok([row({ checkedInAt: inDays(-1, 1), checkedOutAt: inDays(-1, 3) }), row({ signupId: 52, userId: 10, realName: '陈建国', phoneMasked: '139****2003' }), row({ signupId: 53, userId: 11, realName: '赵敏', status: 'pending', statusLabel: '待审核' })]),
      ),
      on('POST', '/api/volunteer-activities/21/signups/53/approve', () => ok({})),
      on('POST', '/api/volunteer-activities/21/attendance', () => ok([])),
      on('POST', '/api/volunteer-activities/21/confirm-attendance', () => {
        confirmed = true;
        return ok({ summary: { present: 1, late: 0, leave: 1, absent: 0, totalMinutes: 120, totalHours: 2 }, roster: [] } satisfies AttendanceConfirmation);
      }),
    );
    fake.params = { id: '21' };
    const { container } = render(<RosterPage />);
    await screen.findByText('陈建国');
    expect(container.textContent).toContain('138****1002');
    expect(container.textContent).not.toContain('13800001002');
    expect(container.textContent).toContain('待审核 1');

    fireEvent.click(screen.getByText('通过'));
    await waitFor(() => expect(posts('/api/volunteer-activities/21/signups/53/approve')).toHaveLength(1));

    // 陈建国 never scanned: marking him by hand needs a reason.
    const marks = screen.getAllByText('手工登记出勤');
    fireEvent.click(marks[1]);
    fireEvent.click(screen.getByText('请假'));
    fireEvent.click(screen.getByText('保存'));
    await screen.findByText(/请写明原因/);
    expect(posts('/api/volunteer-activities/21/attendance')).toHaveLength(0);
    fireEvent.change(container.querySelector('.org-mark__reason')!, { target: { value: '家中老人住院，提前请假' } });
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(posts('/api/volunteer-activities/21/attendance')).toHaveLength(1));
    expect(posts('/api/volunteer-activities/21/attendance')[0].data).toEqual({ signupId: 52, attendance: 'leave', reason: '家中老人住院，提前请假' });

    fireEvent.click(await screen.findByText('确认出勤，记入服务时长'));
    await screen.findByText('共记入服务时长 2 小时');
    expect(posts('/api/volunteer-activities/21/confirm-attendance')).toHaveLength(1);
  });

  it('roster: a refused hand-mark keeps the form and what was typed', async () => {
    serve(
      meRoute,
      on('GET', '/api/volunteer-activities/21', () => ok(activity({ organizer: true, can: can({ signUp: false, manage: true }) }))),
      on('GET', '/api/volunteer-activities/21/signups', () => ok([row()])),
      on('POST', '/api/volunteer-activities/21/attendance', () => fail(409, 'CONFLICT', '活动开始后才能登记出勤')),
    );
    fake.params = { id: '21' };
    const { container } = render(<RosterPage />);
    fireEvent.click(await screen.findByText('手工登记出勤'));
    fireEvent.change(container.querySelector('.org-mark__reason')!, { target: { value: '提前请假' } });
    fireEvent.click(screen.getByText('保存'));
    await screen.findByText('活动开始后才能登记出勤');
    expect((container.querySelector('.org-mark__reason') as HTMLInputElement).value).toBe('提前请假');
  });

  it('roster before the start: the organizer changes the places, or calls the activity off with a reason (#13)', async () => {
    serve(
      meRoute,
      on('GET', '/api/volunteer-activities/21', () => ok(activity({ organizer: true, startsAt: inDays(2), endsAt: inDays(2, 4), capacity: 10, can: can({ signUp: false, manage: true }) }))),
      on('GET', '/api/volunteer-activities/21/signups', () => ok([row()])),
      on('PATCH', '/api/volunteer-activities/21', () => ok(activity({ capacity: 12 }))),
      on('POST', '/api/volunteer-activities/21/cancel', () => ok(activity({ status: 'cancelled' }))),
    );
    fake.params = { id: '21' };
    const { container } = render(<RosterPage />);
    fireEvent.click(await screen.findByText('修改时间、地点或人数 ›'));
    fireEvent.change(container.querySelector('.org-roster__edit-capacity')!, { target: { value: '12' } });
    fireEvent.click(screen.getByText('保存修改'));
    await screen.findByText('已修改，报名和候补的志愿者会收到通知');
    expect(sentTo('PATCH', '/api/volunteer-activities/21')[0].data).toEqual({ capacity: 12 });

    fireEvent.click(screen.getByText('取消活动'));
    fireEvent.click(screen.getByText('确认取消活动'));
    await screen.findByText('请写明取消的原因，报名的志愿者会收到');
    fireEvent.change(container.querySelector('.org-roster__cancel-reason')!, { target: { value: '台风预警' } });
    fireEvent.click(screen.getByText('确认取消活动'));
    await waitFor(() => expect(posts('/api/volunteer-activities/21/cancel')).toHaveLength(1));
    expect(posts('/api/volunteer-activities/21/cancel')[0].data).toEqual({ reason: '台风预警' });
  });

  it('roster before the end shows the codes and no confirmation', async () => {
    serve(
      meRoute,
      on('GET', '/api/volunteer-activities/21', () => ok(activity({ organizer: true, can: can({ signUp: false, manage: true }) }))),
      on('GET', '/api/volunteer-activities/21/signups', () => ok([row()])),
    );
    fake.params = { id: '21' };
    render(<RosterPage />);
    await screen.findByText('刘洋');
    expect(screen.queryByText('确认出勤，记入服务时长')).toBeNull();
    screen.getByText(/结束后，在这里确认出勤/);
    fireEvent.click(screen.getByText('出示签到码'));
    expect(fake.navigations).toContain('navigateTo /workbench/pages/checkin-qr/index?id=21&purpose=in');
  });

  it('live code: shows the server’s token as a QR image with its text, and switches to the check-out code', async () => {
    serve(
      meRoute,
      on('GET', /^\/api\/volunteer-activities\/21\/qr\?purpose=(in|out)$/, (req) => {
        const purpose = req.url.endsWith('out') ? 'out' : 'in';
        return ok({ token: `v1.21.${purpose}.58000000.mac${purpose}`, purpose, refreshAt: new Date(Date.now() + 20_000).toISOString(), expiresAt: new Date(Date.now() + 50_000).toISOString(), windowSeconds: 30, code: purpose === 'in' ? '482913' : '105377' } satisfies ActivityQrView);
      }),
    );
    fake.params = { id: '21', purpose: 'in' };
    const { container, unmount } = render(<CheckinQrPage />);
    await screen.findByText('v1.21.in.58000000.macin');
    expect(container.querySelector('img.org-qr__image')?.getAttribute('src')).toMatch(/^data:image\/gif;base64,/);
    // The 6 digits to type, big (#20: the typed code used to be the 38-character token).
    expect(container.querySelector('.org-qr__digits')?.textContent).toBe('482 913');
    fireEvent.click(screen.getByText('签退码'));
    await screen.findByText('v1.21.out.58000000.macout');
    expect(container.querySelector('.org-qr__digits')?.textContent).toBe('105 377');
    // 返回名单 works without history too (after an H5 reload): back to the roster.
    fireEvent.click(screen.getByText('返回名单'));
    expect(fake.navigations).toContain('reLaunch /workbench/pages/roster/index?id=21');
    unmount();
  });

  it('live code: a refusal (not the organizer) is said plainly', async () => {
    serve(meRoute, on('GET', /\/qr\?/, () => fail(403, 'FORBIDDEN', '只有活动的组织者可以出示签到码')));
    fake.params = { id: '21', purpose: 'in' };
    const { unmount } = render(<CheckinQrPage />);
    await screen.findByText('只有活动的组织者可以出示签到码');
    unmount();
  });

  it('registration review: approves, and returns only with a reason', async () => {
    serve(
      meRoute,
      on('GET', /^\/api\/volunteers\/applications\?/, () => ok([{ ...registration({ status: 'pending', statusLabel: '待审核' }), userId: 9, realName: '刘洋' }] satisfies VolunteerApplicationView[])),
      on('POST', '/api/volunteers/4/approve', () => ok(registration())),
      on('POST', '/api/volunteers/4/return', () => ok(registration({ status: 'returned' }))),
    );
    const { container } = render(<VolunteerApplicationsPage />);
    await screen.findByText('刘洋');
    expect(container.textContent).toContain('138****1002');
    fireEvent.click(screen.getByText('退回修改'));
    fireEvent.click(screen.getByText('确定退回'));
    await screen.findByText('请写明退回原因');
    expect(posts('/api/volunteers/4/return')).toHaveLength(0);
    fireEvent.change(container.querySelector('.org-app__return-form input')!, { target: { value: '姓名与身份证不一致' } });
    fireEvent.click(screen.getByText('确定退回'));
    await waitFor(() => expect(posts('/api/volunteers/4/return')).toHaveLength(1));
    expect(posts('/api/volunteers/4/return')[0].data).toEqual({ reason: '姓名与身份证不一致' });
  });

  it('volunteer tasks on a need: checks the form and posts a task', async () => {
    expect(Object.keys(validateTask({ kind: 'meal', title: '', place: '', startsAt: inDays(-1), endsAt: inDays(-2) })).sort()).toEqual(['endsAt', 'place', 'startsAt', 'title']);
    serve(
      on('GET', /^\/api\/volunteer-tasks\?/, () => ok([])),
      on('POST', '/api/needs/11/volunteer-tasks', () => ok({ id: 31 })),
    );
    const { container } = render(<NeedVolunteerTasks need={needView({ id: 11, status: 'accepted', communityId: 3 })} />);
    fireEvent.click(await screen.findByText('派发志愿任务'));
    fireEvent.click(screen.getByText('送餐'));
    fireEvent.change(container.querySelector('.need-tasks__name')!, { target: { value: '为3栋独居老人送午餐' } });
    fireEvent.change(container.querySelector('.need-tasks__place')!, { target: { value: '文昌社区长者食堂' } });
    fireEvent.click(screen.getByText('发布任务'));
    await screen.findByText('任务已发布，社区志愿者可以认领了');
    expect(posts('/api/needs/11/volunteer-tasks')[0].data).toMatchObject({ kind: 'meal', title: '为3栋独居老人送午餐', place: '文昌社区长者食堂' });
  });

  it('volunteer tasks on a need: staff take a claimed task back with a reason (#13)', async () => {
    const claimed = { id: 31, needId: 11, needTitle: '独居老人吃饭难', communityId: 3, communityName: '文昌社区', kind: 'meal', kindLabel: '送餐', title: '送午餐', description: '', startsAt: inDays(1), endsAt: inDays(1, 1), place: '居民家中', status: 'claimed', statusLabel: '已认领', claimedByMe: false, claimed: true, claimedAt: inDays(0), doneAt: null, doneNote: null, ownNeed: false, canMarkDone: false, canRelease: false, confirmed: false, creditedMinutes: null, creditedHours: null, scheduledMinutes: 60, canConfirm: false };
    serve(
      on('GET', /^\/api\/volunteer-tasks\?/, () => ok([claimed])),
      on('POST', '/api/volunteer-tasks/31/release', () => ok({ ...claimed, status: 'open', statusLabel: '待认领', claimed: false })),
    );
    const { container } = render(<NeedVolunteerTasks need={needView({ id: 11, status: 'accepted', communityId: 3 })} />);
    fireEvent.click(await screen.findByText('收回，重新派发'));
    fireEvent.click(screen.getByText('确认收回'));
    expect(container.querySelector('[data-field="takeBack"]')?.textContent).toBe('请写明收回的原因，志愿者会收到');
    fireEvent.change(container.querySelector('.need-tasks__take-back-reason')!, { target: { value: '居民改约到下周' } });
    fireEvent.click(screen.getByText('确认收回'));
    await screen.findByText('已收回，任务重新开放认领，已告知原来的志愿者');
    expect(posts('/api/volunteer-tasks/31/release')[0].data).toEqual({ reason: '居民改约到下周' });
  });

  it('volunteer tasks on a need: staff hand an open task to a volunteer picked by name (#13)', async () => {
    const open = { id: 33, needId: 11, needTitle: '独居老人吃饭难', communityId: 3, communityName: '文昌社区', kind: 'shopping', kindLabel: '代购', title: '代购降压药', description: '', startsAt: inDays(1), endsAt: inDays(1, 1), place: '社区药店', status: 'open', statusLabel: '待认领', claimedByMe: false, claimed: false, claimedAt: null, doneAt: null, doneNote: null, ownNeed: false, canMarkDone: false, canRelease: false, confirmed: false, creditedMinutes: null, creditedHours: null, scheduledMinutes: 60, canConfirm: false };
    serve(
      on('GET', /^\/api\/volunteer-tasks\?/, () => ok([open])),
      on('GET', /^\/api\/volunteers\/applications/, () => ok([{ id: 5, userId: 45, realName: '刘洋', status: 'approved' }])),
      on('POST', '/api/volunteer-tasks/33/assign', () => ok({ ...open, status: 'claimed', statusLabel: '已认领', claimed: true })),
    );
    render(<NeedVolunteerTasks need={needView({ id: 11, status: 'accepted', communityId: 3 })} />);
    fireEvent.click(await screen.findByText('指派给志愿者'));
    fireEvent.click(await screen.findByText('刘洋'));
    await screen.findByText('已指派给刘洋，并通知了志愿者');
    expect(posts('/api/volunteer-tasks/33/assign')[0].data).toEqual({ userId: 45 });
  });

  it('volunteer tasks on a need: staff confirm a done task, choosing fewer hours when it was shorter (#13)', async () => {
    expect(halfHours(120)).toEqual([120, 90, 60, 30]);
    expect(halfHours(600)).toHaveLength(8);
    const done = { id: 32, needId: 11, needTitle: '独居老人吃饭难', communityId: 3, communityName: '文昌社区', kind: 'escort', kindLabel: '陪诊', title: '陪同复诊', description: '', startsAt: inDays(-1), endsAt: inDays(-1, 2), place: '区人民医院', status: 'done', statusLabel: '已完成', claimedByMe: false, claimed: true, claimedAt: inDays(-2), doneAt: inDays(-1, 2), doneNote: '已陪同复查并送回家', ownNeed: false, canMarkDone: false, canRelease: false, confirmed: false, creditedMinutes: null, creditedHours: null, scheduledMinutes: 120, canConfirm: true };
    serve(
      on('GET', /^\/api\/volunteer-tasks\?/, () => ok([done])),
      on('POST', '/api/volunteer-tasks/32/confirm', () => ok({ ...done, confirmed: true, creditedMinutes: 90, creditedHours: 1.5, canConfirm: false })),
    );
    const { container } = render(<NeedVolunteerTasks need={needView({ id: 11, status: 'in_progress', communityId: 3 })} />);
    await screen.findByText('完成情况：已陪同复查并送回家');
    expect(screen.getByText('确认完成，记 2 小时')).toBeTruthy();
    fireEvent.click(container.querySelector('[data-minutes="90"]')!);
    fireEvent.click(screen.getByText('确认完成，记 1.5 小时'));
    await screen.findByText('已确认，志愿者记服务时长 1.5 小时');
    expect(posts('/api/volunteer-tasks/32/confirm')[0].data).toEqual({ minutes: 90 });
  });
});
