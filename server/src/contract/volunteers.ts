/**
 * Volunteers (志愿者参与) on the wire: registration and its review, activities with sign-up,
 * waitlist and the live check-in code, attendance and hours, tasks cut from needs, the
 * volunteer's record and certificate. Times are ISO strings (UTC); pages show them in Beijing time.
 */
import type { Role } from './users';

/** Who may publish and run volunteer activities on a node they cover (the workbench roles). */
export const ORGANIZER_ROLES: readonly Role[] = ['staff', 'admin', 'social_worker', 'org_member'];

// ------------------------------------------------------------------------ registration

export const VOLUNTEER_STATUSES = ['pending', 'approved', 'returned'] as const;
export type VolunteerStatus = (typeof VOLUNTEER_STATUSES)[number];
export const VOLUNTEER_STATUS_LABEL: Record<VolunteerStatus, string> = { pending: '待审核', approved: '已通过', returned: '已退回' };

/** When a volunteer is usually free (志愿服务时段). */
export const AVAILABILITY = ['weekday_morning', 'weekday_afternoon', 'weekday_evening', 'weekend_morning', 'weekend_afternoon', 'weekend_evening'] as const;
export type Availability = (typeof AVAILABILITY)[number];
export const AVAILABILITY_LABEL: Record<Availability, string> = {
  weekday_morning: '工作日上午',
  weekday_afternoon: '工作日下午',
  weekday_evening: '工作日晚上',
  weekend_morning: '周末上午',
  weekend_afternoon: '周末下午',
  weekend_evening: '周末晚上',
};

export interface VolunteerSkillView {
  id: number;
  key: string;
  label: string;
}

/** What the registration form offers: skills and availability (server data), the consent text. */
export interface VolunteerOptions {
  skills: VolunteerSkillView[];
  availability: Array<{ key: Availability; label: string }>;
  consent: { version: string; text: string };
}

export interface RegisterVolunteerInput {
  realName: string;
  /** The code from the getPhoneNumber button (WeChat); the H5 demo sends a demo code. */
  phoneCode: string;
  idNumber?: string;
  /** YYYY-MM-DD, when no ID number is given (a minor needs a guardian's consent). */
  birthDate?: string;
  skillIds: number[];
  availability: Availability[];
  communityId?: number;
  orgId?: number;
  consent: boolean;
}

/** The caller's own registration (identifiers masked). */
export interface VolunteerRegistrationView {
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
  skills: VolunteerSkillView[];
  availability: Array<{ key: Availability; label: string }>;
  returnReason: string | null;
  consentAt: string;
  createdAt: string;
  reviewedAt: string | null;
  /** Under 18 today: approved only with a guardian's consent, and no home-visit tasks. */
  minor: boolean;
  /** The guardian's consent staff recorded (relation, e.g. 母亲), or null. */
  guardianConsent: { relation: string; at: string } | null;
}

/** POST /volunteers/:id/guardian-consent: staff record a minor's guardian's consent. */
export interface GuardianConsentInput {
  relation: string;
}

/** The caller's own registration: their own name in full (it is theirs to see), identifiers masked. */
export interface MyVolunteerRegistrationView extends VolunteerRegistrationView {
  realName: string;
}

/** GET /volunteers/me: null until the caller registers. */
export interface VolunteerMe {
  registration: MyVolunteerRegistrationView | null;
}

/** Staff reviewing registrations see the real name in full (identifiers still masked). */
export interface VolunteerApplicationView extends VolunteerRegistrationView {
  userId: number;
  realName: string;
}

export interface VolunteerApplicationsQuery {
  /** A community or street: registrations in its subtree. */
  nodeId: number;
  status?: VolunteerStatus;
}

/** Staff return a registration with the reason the applicant sees. */
export interface VolunteerReturnInput {
  reason: string;
}

// ------------------------------------------------------------------------ activities

export const ACTIVITY_STATUSES = ['published', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
/** After the cancellation cut-off: refuse the cancellation, or allow it and record it as late. */
export const LATE_CANCEL_POLICIES = ['refuse', 'record'] as const;
export type LateCancelPolicy = (typeof LATE_CANCEL_POLICIES)[number];

/**
 * pending: holds a seat, waiting for the organizer's approval (activities with needsApproval);
 * confirmed: holds a seat; waitlisted: queued; cancelled / rejected: holds nothing.
 */
export const SIGNUP_STATUSES = ['pending', 'confirmed', 'waitlisted', 'cancelled', 'rejected'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];
export const SIGNUP_STATUS_LABEL: Record<SignupStatus, string> = {
  pending: '待审核',
  confirmed: '报名成功',
  waitlisted: '候补中',
  cancelled: '已取消',
  rejected: '未通过',
};
/** Statuses that hold a seat of the capacity. */
export const SEAT_STATUSES: readonly SignupStatus[] = ['pending', 'confirmed'];
/** Statuses that count as "holding" the activity (its time, for the overlap rule; a seat or a place in the queue). */
export const HOLDING_STATUSES: readonly SignupStatus[] = ['pending', 'confirmed', 'waitlisted'];

/** Attendance as recorded by scans and confirmed (or marked by hand) by the organizer. */
export const ATTENDANCE = ['present', 'late', 'leave', 'absent'] as const;
export type Attendance = (typeof ATTENDANCE)[number];
export const ATTENDANCE_LABEL: Record<Attendance, string> = { present: '出勤', late: '迟到', leave: '请假', absent: '缺勤（未请假）' };

/** The organizer's live code: check-in or check-out. */
export const QR_PURPOSES = ['in', 'out'] as const;
export type QrPurpose = (typeof QR_PURPOSES)[number];
export const QR_PURPOSE_LABEL: Record<QrPurpose, string> = { in: '签到', out: '签退' };

/** Where an activity stands on the server's clock: before its start, under way, past its (extended) end. */
export const ACTIVITY_PHASES = ['upcoming', 'running', 'ended'] as const;
export type ActivityPhase = (typeof ACTIVITY_PHASES)[number];

/** What every view of a sign-up says about it: its state, its scans and its attendance. */
export interface VolunteerSignupFacts {
  status: SignupStatus;
  statusLabel: string;
  /** Cancelled inside the cut-off of an activity that records late cancellations. */
  lateCancel: boolean;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  attendance: Attendance | null;
  /** Set when the organizer confirmed attendance (hours.ts has the rule). */
  creditedMinutes: number | null;
}

/** The caller's own sign-up for an activity. */
export interface ActivitySignupView extends VolunteerSignupFacts {
  id: number;
  /** Current place in the queue while waitlisted (1 = next). */
  waitlistPosition: number | null;
}

/**
 * Why the caller cannot sign up, where the page says so instead of the button: `register` (not
 * an approved volunteer: offer to register), `review` (the registration awaits review), `closed`
 * (the sign-up deadline has passed).
 */
export const SIGNUP_BLOCKS = ['register', 'review', 'closed'] as const;
export type SignupBlock = (typeof SIGNUP_BLOCKS)[number];

/**
 * What the caller may do with the activity now, decided by the server (its clock, its rules) for
 * the calling user, so pages show the buttons from it and never re-derive the rules.
 */
export interface VolunteerActivityCan {
  /** Sign up (or join the waitlist when full): an approved volunteer, before the deadline and the start, holding no sign-up. */
  signUp: boolean;
  /** Why not, where the page says so; null when signing up is possible or there is nothing to say. */
  signUpBlocked: { reason: SignupBlock; message: string } | null;
  /** Cancel the sign-up (or leave the waitlist): before the start, and not inside a cut-off that refuses it. */
  cancel: boolean;
  /** Scan the check-in code: confirmed, not yet in, from an hour before the start until the (extended) end. */
  checkIn: boolean;
  /** Scan the check-out code: checked in, not yet out, until two hours after the (extended) end. */
  checkOut: boolean;
  /** (Organizer) show the live codes, mark attendance by hand, extend the end: until attendance is confirmed. */
  manage: boolean;
  /** (Organizer) confirm attendance, which credits the hours: after the (extended) end, once. */
  confirmAttendance: boolean;
}

export interface VolunteerActivityView {
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
  /** On the server's clock. */
  phase: ActivityPhase;
  /** The caller's own sign-up, if any. */
  mySignup: ActivitySignupView | null;
  /** Whether the caller may organize it (QR codes, roster, attendance). */
  organizer: boolean;
  can: VolunteerActivityCan;
}

export interface VolunteerActivitiesQuery {
  /** A community or street: activities in its subtree. */
  nodeId?: number;
  /** A service project: all its activities, past ones too, newest first. */
  projectId?: number;
  limit?: number;
  offset?: number;
}

export interface VolunteerActivityInput {
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

/** Body of a sign-up: the subscribe messages the volunteer accepted just before (activity reminders). */
export interface ActivitySignupInput {
  subscribed?: string[];
}

export interface ActivitySignupResult {
  signupId: number;
  status: SignupStatus;
  statusLabel: string;
  /** Place in the queue when it joined it (1 = next), for a waitlisted sign-up. */
  waitlistPosition: number | null;
  message: string;
}

export interface ActivityCancelResult {
  status: 'cancelled';
  lateCancel: boolean;
  promotedSignupId: number | null;
  message: string;
}

/** The organizer turns down a sign-up, optionally saying why. */
export interface SignupRejectInput {
  reason?: string;
}

/** One row of the organizer's roster: the name in full (roll call), the phone masked. */
export interface ActivityRosterRow extends VolunteerSignupFacts {
  signupId: number;
  userId: number;
  realName: string | null;
  phoneMasked: string | null;
  waitlistPosition: number | null;
  attendanceLabel: string | null;
  attendanceReason: string | null;
  creditedHours: number | null;
}

export interface ActivityQrQuery {
  purpose: QrPurpose;
}

/** The rotating QR payload shown by the organizer; fetch a new one at `refreshAt`. */
export interface ActivityQrView {
  token: string;
  /** The same check-in as 6 digits, for typing (H5, or when scanning fails); rotates with the token. */
  code: string;
  purpose: QrPurpose;
  refreshAt: string;
  expiresAt: string;
  windowSeconds: number;
}

export interface ActivityScanInput {
  token: string;
  lat?: number;
  lng?: number;
}

export interface ActivityScanResult {
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

export interface ActivityExtendInput {
  until: string;
  reason: string;
}

export interface AttendanceSummary {
  present: number;
  late: number;
  leave: number;
  absent: number;
  totalMinutes: number;
  totalHours: number;
}

export interface AttendanceConfirmation {
  summary: AttendanceSummary;
  roster: ActivityRosterRow[];
}

// ------------------------------------------------------------------------ tasks

export const TASK_KINDS = ['escort', 'meal', 'shopping', 'visit', 'repair', 'other'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_KIND_LABEL: Record<TaskKind, string> = {
  escort: '陪诊',
  meal: '送餐',
  shopping: '代购',
  visit: '上门探访',
  repair: '维修帮扶',
  other: '其他',
};
export const TASK_STATUSES = ['open', 'claimed', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_STATUS_LABEL: Record<TaskStatus, string> = { open: '待认领', claimed: '已认领', done: '已完成', cancelled: '已取消' };
/** A need must be accepted, being handled, or taken into a service project before volunteers are sent (need statuses). */
export const TASKABLE_NEED_STATUSES = ['accepted', 'in_progress', 'in_project'] as const;

export interface VolunteerTaskView {
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
  /** The task serves the caller's own need: someone else must claim it. */
  ownNeed: boolean;
  /** The claimer may mark it done from the start of the service (not before). */
  canMarkDone: boolean;
  /** The claimer may let it go (with a reason) while it is theirs and not done. */
  canRelease: boolean;
  /** Staff confirmed it: the hours credited to the volunteer (with points), or null before. */
  confirmed: boolean;
  creditedMinutes: number | null;
  creditedHours: number | null;
  /** The most it can credit: its scheduled time, rounded down to a half hour. */
  scheduledMinutes: number;
  /** The caller (staff covering its community) may confirm it: done and not yet confirmed. */
  canConfirm: boolean;
}

/** POST /volunteer-tasks/:id/assign: staff hand the task to this volunteer (改派). */
export interface VolunteerTaskAssignInput {
  userId: number;
}

/** POST /volunteer-tasks/:id/confirm: minutes to credit (a multiple of 30, at most the scheduled time); the scheduled time when absent. */
export interface VolunteerTaskConfirmInput {
  minutes?: number;
}

/** POST /volunteer-tasks/:id/release: the claimer cannot go, or staff take it back to hand on. */
export interface VolunteerTaskReleaseInput {
  reason: string;
}

export interface VolunteerTaskInput {
  kind: TaskKind;
  title: string;
  description?: string;
  startsAt: string;
  endsAt: string;
  place: string;
}

export interface VolunteerTaskDoneInput {
  note: string;
}

export interface VolunteerTasksQuery {
  nodeId: number;
  status?: TaskStatus;
}

/** The resident's contact: only for the claimer (while claimed) and covering staff; audited. */
export interface VolunteerTaskContact {
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

/** One of my sign-ups in my record. */
export interface VolunteerRecordActivity extends VolunteerSignupFacts {
  signupId: number;
  activityId: number;
  title: string;
  startsAt: string;
  endsAt: string;
  attendanceLabel: string | null;
  confirmed: boolean;
  creditedHours: number | null;
}

export const POINTS_SOURCES = ['activity', 'task', 'adjustment'] as const;
export type PointsSource = (typeof POINTS_SOURCES)[number];

export interface VolunteerPointsEntry {
  id: number;
  delta: number;
  reason: string;
  sourceType: PointsSource;
  sourceId: number | null;
  at: string;
}

/** A task the volunteer did, on their record; it counts once staff confirmed it. */
export interface VolunteerRecordTask {
  taskId: number;
  title: string;
  kindLabel: string;
  startsAt: string;
  endsAt: string;
  doneAt: string | null;
  confirmed: boolean;
  creditedMinutes: number | null;
  creditedHours: number | null;
}

export interface VolunteerRecord {
  totalMinutes: number;
  totalHours: number;
  byYear: Array<{ year: number; minutes: number; hours: number }>;
  activities: VolunteerRecordActivity[];
  tasks: VolunteerRecordTask[];
  points: { balance: number; rule: string; entries: VolunteerPointsEntry[] };
}

export interface VolunteerCertificateView {
  code: string;
  /** Public check of the code: GET this path (no login). */
  verifyPath: string;
  /** The page anyone can open to check it (the deployment's PUBLIC_BASE_URL): printed on the PDF and in its QR code. */
  verifyUrl: string;
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
export interface VolunteerCertificateCheck {
  valid: true;
  code: string;
  nameMasked: string;
  communityName: string;
  totalHours: number;
  activityCount: number;
  issuedAt: string;
}


// ------------------------------------------------------------------------ rules both sides use

/** Pure rules in their own file, so a page that needs only them does not carry the label maps. */
export { CERTIFICATE_PDF_PATH, distanceMeters, hoursOf } from './volunteer-rules';

/** PATCH /volunteer-activities/:id — the organizer changes time, place or places before it starts; everyone holding a place is told. */
export interface ActivityEditInput {
  startsAt?: string;
  endsAt?: string;
  signupDeadline?: string;
  address?: string;
  capacity?: number;
}

/** POST /volunteer-activities/:id/cancel — the organizer calls it off with a reason; everyone signed up or waiting is told. */
export interface ActivityCancelInput {
  reason: string;
}
