/**
 * Types of the volunteers API (server/src/volunteers): registration, activities, sign-ups,
 * check-in/out, attendance, tasks, the volunteer's record and certificate. Shared by the
 * volunteer's pages (client/volunteer, client/pages/volunteer) and the organizer's pages.
 * Times are ISO strings (UTC); show them in Beijing time.
 */

// ------------------------------------------------------------------------ registration

export type VolunteerStatus = 'pending' | 'approved' | 'returned';
export type Availability = 'weekday_morning' | 'weekday_afternoon' | 'weekday_evening' | 'weekend_morning' | 'weekend_afternoon' | 'weekend_evening';

export interface VolunteerSkill {
  id: number;
  key: string;
  label: string;
}

/** What the registration form offers: skills and availability (server data), the consent text. */
export interface VolunteerOptions {
  skills: VolunteerSkill[];
  availability: Array<{ key: Availability; label: string }>;
  consent: { version: string; text: string };
}

export interface RegisterVolunteerInput {
  realName: string;
  /** The code from the getPhoneNumber button (WeChat); the H5 demo sends a demo code. */
  phoneCode: string;
  idNumber?: string;
  skillIds: number[];
  availability: Availability[];
  communityId?: number;
  orgId?: number;
  consent: boolean;
}

/** The caller's own registration (identifiers masked). */
export interface RegistrationView {
  id: number;
  status: VolunteerStatus;
  statusLabel: string;
  realNameMasked: string;
  phoneMasked: string;
  idNumberMasked: string | null;
  communityId: number;
  communityName: string;
  orgId: number | null;
  orgName: string | null;
  skills: VolunteerSkill[];
  availability: Array<{ key: Availability; label: string }>;
  returnReason: string | null;
  consentAt: string;
  createdAt: string;
  reviewedAt: string | null;
}

/** Staff reviewing registrations see the real name in full (identifiers still masked). */
export interface ApplicationView extends RegistrationView {
  userId: number;
  realName: string;
}

// ------------------------------------------------------------------------ activities

export type ActivityStatus = 'published' | 'cancelled';
export type LateCancelPolicy = 'refuse' | 'record';
export type SignupStatus = 'pending' | 'confirmed' | 'waitlisted' | 'cancelled' | 'rejected';
export type Attendance = 'present' | 'late' | 'leave' | 'absent';
export type QrPurpose = 'in' | 'out';

export const SIGNUP_STATUS_LABEL: Record<SignupStatus, string> = {
  pending: '待审核',
  confirmed: '报名成功',
  waitlisted: '候补中',
  cancelled: '已取消',
  rejected: '未通过',
};
export const ATTENDANCE_LABEL: Record<Attendance, string> = { present: '出勤', late: '迟到', leave: '请假', absent: '缺勤（未请假）' };

export interface MySignupView {
  id: number;
  status: SignupStatus;
  statusLabel: string;
  /** Current place in the queue while waitlisted (1 = next). */
  waitlistPosition: number | null;
  lateCancel: boolean;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  attendance: Attendance | null;
  creditedMinutes: number | null;
}

export interface ActivityView {
  id: number;
  communityId: number;
  communityName: string;
  orgId: number | null;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  extendedUntil: string | null;
  signupDeadline: string;
  address: string;
  lat: number | null;
  lng: number | null;
  maxDistanceMeters: number | null;
  capacity: number;
  confirmedCount: number;
  seatsLeft: number;
  waitlistCount: number;
  requiredSkills: Array<{ id: number; label: string }>;
  needsApproval: boolean;
  cancelCutoffMinutes: number;
  lateCancel: LateCancelPolicy;
  needId: number | null;
  projectId: number | null;
  status: ActivityStatus;
  attendanceConfirmed: boolean;
  /** The caller's own sign-up, if any. */
  mySignup: MySignupView | null;
  /** Whether the caller may organize it (QR codes, roster, attendance). */
  organizer: boolean;
}

export interface ActivitiesQuery {
  /** A community or street: activities in its subtree. */
  nodeId?: number;
  limit?: number;
  offset?: number;
}

export interface CreateActivityInput {
  communityId: number;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  signupDeadline: string;
  address: string;
  lat?: number;
  lng?: number;
  /** Check-in/out within this many metres of (lat, lng); needs both. */
  maxDistanceMeters?: number;
  capacity: number;
  requiredSkillIds?: number[];
  needsApproval: boolean;
  cancelCutoffMinutes: number;
  lateCancel: LateCancelPolicy;
  needId?: number;
  projectId?: number;
  orgId?: number;
}

export interface SignupResult {
  signupId: number;
  status: SignupStatus;
  statusLabel: string;
  /** Place in the queue when it joined it (1 = next), for a waitlisted sign-up. */
  waitlistPosition: number | null;
  message: string;
}

export interface CancelResult {
  status: 'cancelled';
  lateCancel: boolean;
  promotedSignupId: number | null;
  message: string;
}

/** One row of the organizer's roster: the name in full (roll call), the phone masked. */
export interface RosterRow {
  signupId: number;
  userId: number;
  realName: string | null;
  phoneMasked: string | null;
  status: SignupStatus;
  statusLabel: string;
  waitlistPosition: number | null;
  lateCancel: boolean;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  attendance: Attendance | null;
  attendanceLabel: string | null;
  attendanceReason: string | null;
  creditedMinutes: number | null;
  creditedHours: number | null;
}

/** The rotating QR payload shown by the organizer; fetch a new one at `refreshAt`. */
export interface QrView {
  token: string;
  purpose: QrPurpose;
  refreshAt: string;
  expiresAt: string;
  windowSeconds: number;
}

export interface ScanInput {
  token: string;
  lat?: number;
  lng?: number;
}

export interface ScanResult {
  purpose: QrPurpose;
  at: string;
  distanceMeters: number | null;
  message: string;
}

export interface MarkAttendanceInput {
  signupId: number;
  attendance: Attendance;
  reason: string;
  checkedInAt?: string;
  checkedOutAt?: string;
}

export interface ExtendInput {
  until: string;
  reason: string;
}

export interface ConfirmAttendanceResult {
  summary: Record<Attendance, number> & { totalMinutes: number; totalHours: number };
  roster: RosterRow[];
}

// ------------------------------------------------------------------------ tasks

export type TaskKind = 'escort' | 'meal' | 'shopping' | 'visit' | 'repair' | 'other';
export type TaskStatus = 'open' | 'claimed' | 'done' | 'cancelled';
export const TASK_KIND_LABEL: Record<TaskKind, string> = {
  escort: '陪诊',
  meal: '送餐',
  shopping: '代购',
  visit: '上门探访',
  repair: '维修帮扶',
  other: '其他',
};

export interface TaskView {
  id: number;
  needId: number;
  needTitle: string;
  communityId: number;
  communityName: string;
  kind: TaskKind;
  kindLabel: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  /** The general place (e.g. 区人民医院), shown to everyone. */
  place: string;
  status: TaskStatus;
  statusLabel: string;
  claimedByMe: boolean;
  claimed: boolean;
  claimedAt: string | null;
  doneAt: string | null;
  doneNote: string | null;
}

export interface CreateTaskInput {
  kind: TaskKind;
  title: string;
  description?: string;
  startsAt: string;
  endsAt: string;
  place: string;
}

export interface TasksQuery {
  nodeId: number;
  status?: TaskStatus;
}

/** The resident's contact: only for the claimer (while claimed) and covering staff; audited. */
export interface TaskContact {
  taskId: number;
  name: string | null;
  phone: string | null;
  community: string;
  building: string | null;
  unit: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  notice: string;
}

// ------------------------------------------------------------------------ record, certificate

export interface RecordActivity {
  signupId: number;
  activityId: number;
  title: string;
  startsAt: string;
  endsAt: string;
  status: SignupStatus;
  statusLabel: string;
  lateCancel: boolean;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  attendance: Attendance | null;
  attendanceLabel: string | null;
  confirmed: boolean;
  creditedMinutes: number | null;
  creditedHours: number | null;
}

export interface PointsEntryView {
  id: number;
  delta: number;
  reason: string;
  sourceType: string;
  sourceId: number | null;
  at: string;
}

export interface VolunteerRecord {
  totalMinutes: number;
  totalHours: number;
  byYear: Array<{ year: number; minutes: number; hours: number }>;
  activities: RecordActivity[];
  points: { balance: number; rule: string; entries: PointsEntryView[] };
}

export interface CertificateView {
  code: string;
  /** Public check of the code: GET this path (no login). */
  verifyPath: string;
  /** The PDF of this certificate (needs the token): GET this path. */
  pdfPath: string;
  issuedAt: string;
  realName: string;
  idNumberMasked: string | null;
  communityName: string;
  totalMinutes: number;
  totalHours: number;
  activities: Array<{ title: string; startsAt: string; endsAt: string; minutes: number; hours: number }>;
}

/** The public check of a certificate code: no personal data beyond a masked name. */
export interface CertificateCheck {
  valid: true;
  code: string;
  nameMasked: string;
  communityName: string;
  totalHours: number;
  activityCount: number;
  issuedAt: string;
}
