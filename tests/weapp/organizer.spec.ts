/**
 * The volunteer organizer's pages of the BUILT mini-program (the 'workbench' subpackage):
 * activities, roster, the live check-in code and registration review, rendered in
 * miniprogram-simulate against a small fake of the volunteers API.
 *
 * Needs `DIST_DIR=… npx taro build --type weapp` first.
 */
import type { MeView } from '../../server/src/contract/users';
import type { ActivityQrView, ActivityRosterRow, VolunteerActivityView, VolunteerApplicationView, VolunteerSkillView } from '../../server/src/contract/volunteers';
import { fakeRoutes, installSimulator, ok, renderPage, requests, waitForText, type WxRequest } from './support';

const STAFF_ME: MeView = {
  id: 5,
  nickname: '李娜',
  phoneMasked: '138****1005',
  residence: null,
  roles: [{ id: 3, role: 'staff', roleLabel: '社区工作人员', nodeId: 3, nodeName: '文昌社区', nodeLevel: 'community', nodeLevelLabel: '社区', orgId: null, orgName: null }],
  workbench: true,
  manager: true,
};
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(Date.now() + ms).toISOString();
const ACTIVITY: VolunteerActivityView = {
  id: 21,
  communityId: 3,
  communityName: '文昌社区',
  orgId: null,
  title: '重阳敬老助餐',
  description: '为社区老人打饭送餐。',
  startsAt: iso(-3 * HOUR),
  endsAt: iso(-1 * HOUR),
  extendedUntil: null,
  signupDeadline: iso(-26 * HOUR),
  address: '文昌社区长者食堂',
  lat: null,
  lng: null,
  maxDistanceMeters: null,
  capacity: 8,
  confirmedCount: 2,
  seatsLeft: 6,
  waitlistCount: 0,
  requiredSkills: [],
  needsApproval: true,
  cancelCutoffMinutes: 120,
  lateCancel: 'refuse',
  needId: null,
  projectId: null,
  status: 'published',
  attendanceConfirmed: false,
  phase: 'ended',
  mySignup: null,
  organizer: true,
  can: { signUp: false, signUpBlocked: null, cancel: false, checkIn: false, checkOut: false, manage: true, confirmAttendance: true },
};
const row = (over: Partial<ActivityRosterRow>): ActivityRosterRow => ({
  signupId: 51,
  userId: 9,
  realName: '刘洋',
  phoneMasked: '138****1002',
  status: 'confirmed',
  statusLabel: '报名成功',
  waitlistPosition: null,
  lateCancel: false,
  checkedInAt: iso(-3 * HOUR),
  checkedOutAt: iso(-1 * HOUR),
  attendance: null,
  attendanceLabel: null,
  attendanceReason: null,
  creditedMinutes: null,
  creditedHours: null,
  ...over,
});

function organizerApi(url: string, req: WxRequest): { statusCode: number; data: unknown } | undefined {
  if (url === '/api/auth/wechat-login') return ok({ token: 'tk-staff', expiresIn: 3600, isNew: false, me: STAFF_ME });
  if (url === '/api/volunteers/skills') return ok([{ id: 1, key: 'elderly_care', label: '助老' }] satisfies VolunteerSkillView[]);
  if (req.header?.Authorization !== 'Bearer tk-staff') return { statusCode: 401, data: { error: { code: 'UNAUTHENTICATED', message: '请先登录', requestId: 'r' } } };
  if (url === '/api/me') return ok(STAFF_ME);
  if (url === '/api/inbox/unread-count') return ok({ unread: 0 });
  if (url.startsWith('/api/volunteer-activities?')) return ok({ items: [ACTIVITY], total: 1 });
  if (url === '/api/volunteer-activities/21') return ok(ACTIVITY);
  if (url === '/api/volunteer-activities/21/signups') return ok([row({}), row({ signupId: 52, userId: 10, realName: '赵敏', status: 'pending', statusLabel: '待审核', checkedInAt: null, checkedOutAt: null })]);
  if (url.startsWith('/api/volunteer-activities/21/qr?purpose=in')) return ok({ token: 'v1.21.in.58000000.abcDEF', purpose: 'in', refreshAt: iso(20_000), expiresAt: iso(50_000), windowSeconds: 30, code: '482913' } satisfies ActivityQrView);
  if (url.startsWith('/api/volunteers/applications?')) {
    return ok([
      {
        id: 4, userId: 9, realName: '刘洋', status: 'pending', statusLabel: '待审核', realNameMasked: '刘**', phoneMasked: '138****1002', idNumberMasked: '500222********1234',
        communityId: 3, communityName: '文昌社区', orgId: null, orgName: null, skills: [{ id: 1, key: 'elderly_care', label: '助老' }], availability: [{ key: 'weekend_morning', label: '周末上午' }],
        returnReason: null, consentAt: iso(-48 * HOUR), createdAt: iso(-48 * HOUR), reviewedAt: null, minor: false, guardianConsent: null,
      },
    ] satisfies VolunteerApplicationView[]);
  }
  return undefined;
}

fakeRoutes(organizerApi);
installSimulator();

describe('volunteer organizer pages (weapp build, workbench subpackage)', () => {
  it('工作台 links to 志愿活动 and 志愿者审核', async () => {
    const page = await renderPage('workbench/pages/index/index');
    await waitForText(page, '李娜的工作台');
    expect(page.html()).toMatch(/workbench-item--attendance [\w-]*workbench-item--live/);
    expect(page.html()).toMatch(/workbench-item--volunteers [\w-]*workbench-item--live/);
  });

  it('activities: the organizer’s activity with its state and the publish button', async () => {
    const page = await renderPage('workbench/pages/activities/index');
    await waitForText(page, '重阳敬老助餐');
    expect(page.text()).toContain('待确认出勤');
    expect(page.text()).toContain('发布志愿活动');
    expect(page.text()).toContain('志愿者注册审核');
  });

  it('publish form: the fields and the date pickers', async () => {
    const page = await renderPage('workbench/pages/activity-new/index');
    await waitForText(page, '招募名额（人）');
    expect(page.text()).toContain('报名截止');
    await waitForText(page, '助老'); // the skills come from the server
    expect(page.html()).toContain('picker');
  });

  it('roster: scans, the pending sign-up to approve, and the confirmation after the end', async () => {
    const page = await renderPage('workbench/pages/roster/index', { id: '21' });
    await waitForText(page, '赵敏');
    const text = page.text();
    expect(text).toContain('刘洋');
    expect(text).toContain('138****1002');
    expect(text).toContain('待审核 1');
    expect(text).toContain('通过');
    expect(text).toContain('确认出勤，记入服务时长');
  });

  it('live code: the QR image from the server’s token, and its text', async () => {
    const page = await renderPage('workbench/pages/checkin-qr/index', { id: '21', purpose: 'in' });
    await waitForText(page, 'v1.21.in.58000000.abcDEF');
    expect(page.text()).toContain('秒后自动更换');
    expect(page.html()).toContain('org-qr__image');
    expect(requests.some((r) => r.url.includes('/api/volunteer-activities/21/qr?purpose=in'))).toBe(true);
  });

  it('registration review: the applicant in full, phone and ID masked', async () => {
    const page = await renderPage('workbench/pages/volunteers/index');
    await waitForText(page, '刘洋');
    expect(page.text()).toContain('500222********1234');
    expect(page.text()).toContain('退回修改');
  });
});
