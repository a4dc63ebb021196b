/** Volunteer API objects as the server sends them, for client tests. */
import type { VolunteerActivityCan, VolunteerActivityView, MyVolunteerRegistrationView } from '@contract/volunteers';

export const DAY = 86_400_000;
export const inDays = (d: number, hourUtc = 2) => {
  const t = new Date(Date.now() + d * DAY);
  t.setUTCHours(hourUtc, 0, 0, 0);
  return t.toISOString();
};

/** What the server says an approved volunteer without a sign-up may do with an open activity. */
export function can(over: Partial<VolunteerActivityCan> = {}): VolunteerActivityCan {
  return { signUp: true, signUpBlocked: null, cancel: false, checkIn: false, checkOut: false, manage: false, confirmAttendance: false, ...over };
}

export function activity(over: Partial<VolunteerActivityView> = {}): VolunteerActivityView {
  return {
    id: 21,
    communityId: 3,
    communityName: '文昌社区',
    orgId: null,
    title: '重阳敬老助餐',
    description: '为社区老人打饭送餐。',
    startsAt: inDays(3, 2),
    endsAt: inDays(3, 5),
    extendedUntil: null,
    signupDeadline: inDays(3, 0),
    address: '文昌社区长者食堂',
    lat: null,
    lng: null,
    maxDistanceMeters: null,
    capacity: 8,
    confirmedCount: 3,
    seatsLeft: 5,
    waitlistCount: 0,
    requiredSkills: [{ id: 1, label: '助老' }],
    needsApproval: false,
    cancelCutoffMinutes: 120,
    lateCancel: 'refuse',
    needId: null,
    projectId: null,
    status: 'published',
    attendanceConfirmed: false,
    phase: 'upcoming',
    mySignup: null,
    organizer: false,
    can: can(),
    ...over,
  };
}

/** The caller's own registration (GET /volunteers/me): their own name in full. */
export function registration(over: Partial<MyVolunteerRegistrationView> = {}): MyVolunteerRegistrationView {
  return {
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
    consentAt: '2026-10-01T00:00:00.000Z',
    createdAt: '2026-10-01T00:00:00.000Z',
    reviewedAt: '2026-10-02T00:00:00.000Z',
    minor: false,
    guardianConsent: null,
    ...over,
  };
}
