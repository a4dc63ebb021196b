/**
 * The volunteer's pages of the BUILT mini-program (the 志愿 tab and the 'volunteer' subpackage),
 * rendered in miniprogram-simulate against a small fake of the volunteers API.
 *
 * Needs `DIST_DIR=… npx taro build --type weapp` first.
 */
import type { MeView } from '../../server/src/contract/users';
import type { VolunteerActivityView, VolunteerCertificateCheck, VolunteerOptions, VolunteerRecord, MyVolunteerRegistrationView, VolunteerSkillView } from '../../server/src/contract/volunteers';
import { downloads, fakeRoutes, installSimulator, ok, renderPage, requests, waitForText, type WxRequest } from './support';

const VOLUNTEER_ME: MeView = {
  id: 9,
  nickname: '刘洋',
  phoneMasked: '138****1002',
  residence: { communityId: 3, communityName: '文昌社区', streetName: '古南街道', districtName: '綦江区', building: '7栋', unit: '1单元', status: 'confirmed', statusLabel: '已确认', returnReason: null },
  roles: [
    { id: 1, role: 'resident', roleLabel: '居民', nodeId: 3, nodeName: '文昌社区', nodeLevel: 'community', nodeLevelLabel: '社区', orgId: null, orgName: null },
    { id: 2, role: 'volunteer', roleLabel: '志愿者', nodeId: 3, nodeName: '文昌社区', nodeLevel: 'community', nodeLevelLabel: '社区', orgId: null, orgName: null },
  ],
  workbench: false,
  manager: false,
};
const DAY = 86_400_000;
const at = (days: number, hourUtc: number) => {
  const t = new Date(Date.now() + days * DAY);
  t.setUTCHours(hourUtc, 0, 0, 0);
  return t.toISOString();
};
const REGISTRATION: MyVolunteerRegistrationView = {
  id: 4,
  status: 'approved',
  statusLabel: '已通过',
  realName: '刘洋',
  realNameMasked: '刘**',
  phoneMasked: '138****1002',
  idNumberMasked: null,
  communityId: 3,
  communityName: '文昌社区',
  orgId: null,
  orgName: null,
  skills: [{ id: 1, key: 'elderly_care', label: '助老' }],
  availability: [{ key: 'weekend_morning', label: '周末上午' }],
  returnReason: null,
  consentAt: at(-30, 1),
  createdAt: at(-30, 1),
  reviewedAt: at(-29, 1),
  minor: false,
  guardianConsent: null,
};
const ACTIVITY: VolunteerActivityView = {
  id: 21,
  communityId: 3,
  communityName: '文昌社区',
  orgId: null,
  title: '重阳敬老助餐',
  description: '为社区老人打饭送餐。',
  startsAt: at(3, 2),
  endsAt: at(3, 5),
  extendedUntil: null,
  signupDeadline: at(3, 0),
  address: '文昌社区长者食堂',
  lat: null,
  lng: null,
  maxDistanceMeters: null,
  capacity: 8,
  confirmedCount: 8,
  seatsLeft: 0,
  waitlistCount: 1,
  requiredSkills: [{ id: 1, label: '助老' }],
  needsApproval: false,
  cancelCutoffMinutes: 120,
  lateCancel: 'refuse',
  needId: null,
  projectId: null,
  status: 'published',
  attendanceConfirmed: false,
  phase: 'upcoming',
  mySignup: { id: 7, status: 'waitlisted', statusLabel: '候补中', waitlistPosition: 2, lateCancel: false, checkedInAt: null, checkedOutAt: null, attendance: null, creditedMinutes: null },
  organizer: false,
  can: { signUp: false, signUpBlocked: null, cancel: true, checkIn: false, checkOut: false, manage: false, confirmAttendance: false },
};
const RECORD: VolunteerRecord = {
  totalMinutes: 180,
  totalHours: 3,
  byYear: [{ year: 2026, minutes: 180, hours: 3 }],
  activities: [
    { signupId: 1, activityId: 9, title: '乐龄先锋健康义诊', startsAt: at(-10, 1), endsAt: at(-10, 4), status: 'confirmed', statusLabel: '报名成功', lateCancel: false, checkedInAt: at(-10, 1), checkedOutAt: at(-10, 4), attendance: 'present', attendanceLabel: '出勤', confirmed: true, creditedMinutes: 180, creditedHours: 3 },
  ],
  tasks: [],
  points: { balance: 30, rule: '每确认服务 1 小时记 10 积分（按半小时向下取整后的时长计算）', entries: [{ id: 1, delta: 30, reason: '参加“乐龄先锋健康义诊”服务 3 小时', sourceType: 'activity', sourceId: 1, at: at(-9, 1) }] },
};

function volunteersApi(url: string, req: WxRequest): { statusCode: number; data: unknown } | undefined {
  if (url === '/api/auth/wechat-login') return ok({ token: 'tk-vol', expiresIn: 3600, isNew: false, me: VOLUNTEER_ME });
  if (url === '/api/volunteers/skills') return ok([{ id: 1, key: 'elderly_care', label: '助老' }] satisfies VolunteerSkillView[]);
  if (url === '/api/volunteers/options') return ok({ skills: [{ id: 1, key: 'elderly_care', label: '助老' }], availability: [{ key: 'weekend_morning', label: '周末上午' }], consent: { version: '2026-01', text: '我自愿注册为志愿者，同意记录志愿服务信息。' } } satisfies VolunteerOptions);
  if (url.startsWith('/api/volunteer-certificates/')) return ok({ valid: true, code: 'ABCDEFGHJK23', nameMasked: '刘**', communityName: '文昌社区', totalHours: 3, activityCount: 1, issuedAt: at(0, 1) } satisfies VolunteerCertificateCheck);
  if (req.header?.Authorization !== 'Bearer tk-vol') return { statusCode: 401, data: { error: { code: 'UNAUTHENTICATED', message: '请先登录', requestId: 'r' } } };
  if (url === '/api/me') return ok(VOLUNTEER_ME);
  if (url === '/api/inbox/unread-count') return ok({ unread: 0 });
  if (url === '/api/volunteers/me') return ok({ registration: REGISTRATION });
  if (url === '/api/volunteers/me/record') return ok(RECORD);
  if (url.startsWith('/api/volunteer-activities?')) return ok({ items: [ACTIVITY, { ...ACTIVITY, id: 22, title: '垃圾分类宣传', seatsLeft: 9, confirmedCount: 3, capacity: 12, waitlistCount: 0, requiredSkills: [], mySignup: null }], total: 2 });
  if (url === '/api/volunteer-activities/21') return ok(ACTIVITY);
  return undefined;
}

fakeRoutes(volunteersApi);
installSimulator();

describe('volunteer pages (weapp build)', () => {
  it('志愿 tab: my status, the entries, and the activity list with places and my waitlist position', async () => {
    const page = await renderPage('pages/volunteer/index');
    await waitForText(page, '垃圾分类宣传');
    const text = page.text();
    expect(text).toContain('刘洋 · 文昌社区志愿者'); // her own name, in full (#20)
    expect(text).toContain('扫码签到');
    expect(text).toContain('我的志愿');
    expect(text).toContain('时长证明');
    expect(text).toContain('重阳敬老助餐');
    expect(text).toContain('候补第 2 位');
    expect(text).toContain('还剩 9 个名额（共 12 人）');
    expect(text).toContain('3天内');
    expect(requests.some((r) => r.url.includes('/api/volunteer-activities?nodeId=3'))).toBe(true);
  });

  it('register (subpackage): the getPhoneNumber button, skills, times and the consent text', async () => {
    const page = await renderPage('volunteer/pages/register/index');
    // An approved volunteer sees the state of their registration.
    await waitForText(page, '已通过审核');
    expect(page.text()).toContain('138****1002');
    expect(page.text()).toContain('周末上午');
  });

  it('activity detail (subpackage): waitlist position and cancel', async () => {
    const page = await renderPage('volunteer/pages/activity/index', { id: '21' });
    await waitForText(page, '您在候补队伍中排第 2 位');
    expect(page.text()).toContain('取消候补');
    expect(page.text()).toContain('文昌社区长者食堂');
  });

  it('scan (subpackage): the scanner button, and the field to type the code', async () => {
    const page = await renderPage('volunteer/pages/scan/index');
    await waitForText(page, '扫一扫');
    expect(page.text()).toContain('扫不出来？输入二维码下方的 6 位数字'); // the typed code is 6 digits now (#20)
  });

  it('record (subpackage): hours, points and the certificate button', async () => {
    const page = await renderPage('volunteer/pages/record/index');
    await waitForText(page, '乐龄先锋健康义诊');
    expect(page.text()).toContain('累计服务小时');
    expect(page.text()).toContain('+30');
    expect(page.text()).toContain('开具志愿服务证明');
    expect(downloads).toHaveLength(0);
  });

  it('my activities and certificate verification (subpackage)', async () => {
    const mine = await renderPage('volunteer/pages/mine/index');
    await waitForText(mine, '累计服务小时');
    expect(mine.text()).toContain('即将参加');
    const verify = await renderPage('volunteer/pages/verify/index', { code: 'ABCDEFGHJK23' });
    await waitForText(verify, '证明真实有效');
    expect(verify.text()).toContain('刘**');
  });
});
