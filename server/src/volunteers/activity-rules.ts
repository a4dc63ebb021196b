import { badRequest } from '../common/errors';
/**
 * When an activity lets whom do what, as pure functions of the activity, the caller's sign-up
 * and the server's clock. The services refuse with these rules and the activity view's `can`
 * is computed from the same ones, so a page shows a button exactly when the server would accept
 * the tap (the pages never re-derive them from copied constants or the phone's clock).
 */
import { beijingMinute } from '../contract/format';
import {
  type ActivityPhase,
  HOLDING_STATUSES,
  type QrPurpose,
  type SignupStatus,
  type VolunteerActivityCan,
  type VolunteerStatus,
} from '../contract/volunteers';
import type { Activity } from './activity.entity';

/** Check-in opens this long before the scheduled start; check-out stays open this long after the (extended) end. */
export const CHECKIN_OPENS_MINUTES = 60;
export const CHECKOUT_GRACE_MINUTES = 120;

type Times = Pick<Activity, 'status' | 'startsAt' | 'endsAt' | 'extendedUntil' | 'signupDeadline' | 'cancelCutoffMinutes' | 'lateCancel' | 'attendanceConfirmedAt'>;
type MySignup = { status: SignupStatus; checkedInAt: Date | null; checkedOutAt: Date | null };

/** The end hours count until: the organizer's extension, else the scheduled end. */
export const endOf = (a: Pick<Activity, 'endsAt' | 'extendedUntil'>): Date => a.extendedUntil ?? a.endsAt;

export function activityPhase(a: Pick<Activity, 'startsAt' | 'endsAt' | 'extendedUntil'>, now: Date): ActivityPhase {
  if (now.getTime() >= endOf(a).getTime()) return 'ended';
  return now.getTime() >= a.startsAt.getTime() ? 'running' : 'upcoming';
}

/** Why nobody can sign up now (the activity's state and time), or null while sign-up is open. */
export function signupClosed(a: Times, now: Date): string | null {
  if (a.status !== 'published') return '该活动已取消';
  if (now.getTime() > a.signupDeadline.getTime()) return `报名已于 ${beijingMinute(a.signupDeadline)} 截止`;
  if (now.getTime() >= a.startsAt.getTime()) return '活动已开始，不能再报名';
  return null;
}

/**
 * Cancelling a sign-up that holds the activity: refused once it has started, and inside the
 * cut-off before the start when the activity refuses late cancellations; inside the cut-off of
 * one that records them, allowed and recorded as late. Leaving the waitlist is never late.
 */
export function cancelRule(a: Times, status: SignupStatus, now: Date): { refused: string } | { late: boolean } {
  if (now.getTime() >= a.startsAt.getTime()) return { refused: '活动已开始，不能再取消报名；如无法到场，请联系组织者请假' };
  const inCutoff = status !== 'waitlisted' && a.cancelCutoffMinutes > 0 && now.getTime() > a.startsAt.getTime() - a.cancelCutoffMinutes * 60_000;
  if (!inCutoff) return { late: false };
  if (a.lateCancel === 'refuse') return { refused: `活动开始前 ${a.cancelCutoffMinutes} 分钟内不能取消报名；如确实无法到场，请联系组织者请假` };
  return { late: true };
}

/** Why a scan of this purpose is refused at this moment (the window around the activity), or null. */
export function scanWindowRefusal(a: Times, purpose: QrPurpose, now: Date): string | null {
  const end = endOf(a).getTime();
  if (purpose === 'in') {
    if (now.getTime() < a.startsAt.getTime() - CHECKIN_OPENS_MINUTES * 60_000) return `签到将于活动开始前 ${CHECKIN_OPENS_MINUTES} 分钟开放`;
    if (now.getTime() >= end) return '活动已结束，不能再签到；如确已参加，请联系组织者补登';
  } else if (now.getTime() > end + CHECKOUT_GRACE_MINUTES * 60_000) {
    return '已超过签退时间，请联系组织者补登';
  }
  return null;
}

/** Attendance can be confirmed once the (extended) end has passed; the reason otherwise. */
export function confirmTooEarly(a: Times, now: Date): string | null {
  const end = endOf(a);
  return now.getTime() < end.getTime() ? `活动将于 ${beijingMinute(end)} 结束，结束后才能确认出勤` : null;
}

/** What the caller may do with the activity now (the view's `can`). */
export function activityCan(
  a: Times,
  input: { mine: MySignup | null; registration: VolunteerStatus | null; organizer: boolean },
  now: Date,
): VolunteerActivityCan {
  const s = input.mine && input.mine.status !== 'cancelled' ? input.mine : null;
  const holding = s != null && HOLDING_STATUSES.includes(s.status);
  const open = !holding && s?.status !== 'rejected' && signupClosed(a, now) === null;
  const approved = input.registration === 'approved';
  let signUpBlocked: VolunteerActivityCan['signUpBlocked'] = null;
  if (open && !approved) {
    signUpBlocked =
      input.registration === 'pending'
        ? { reason: 'review', message: '您的志愿者注册正在审核，通过后就可以报名。' }
        : { reason: 'register', message: '报名志愿活动需要先实名注册志愿者。' };
  } else if (!holding && !open && !s?.checkedInAt && a.status === 'published' && now.getTime() > a.signupDeadline.getTime()) {
    signUpBlocked = { reason: 'closed', message: '报名已截止' };
  }
  const scanning = s?.status === 'confirmed' && a.status === 'published' && !a.attendanceConfirmedAt;
  const manage = input.organizer && a.status === 'published' && !a.attendanceConfirmedAt;
  return {
    signUp: open && approved,
    signUpBlocked,
    cancel: holding && !('refused' in cancelRule(a, s.status, now)),
    checkIn: scanning && !s.checkedInAt && scanWindowRefusal(a, 'in', now) === null,
    checkOut: scanning && s.checkedInAt != null && !s.checkedOutAt && scanWindowRefusal(a, 'out', now) === null,
    manage,
    confirmAttendance: manage && confirmTooEarly(a, now) === null,
  };
}

/** The times of an activity, checked the same way when it is published and when it is changed. */
export function assertActivityTimes(startsAt: Date, endsAt: Date, deadline: Date, now: Date): void {
  if (startsAt.getTime() <= now.getTime()) throw badRequest('开始时间应晚于现在', 'startsAt');
  if (endsAt.getTime() <= startsAt.getTime()) throw badRequest('结束时间应晚于开始时间', 'endsAt');
  if (endsAt.getTime() - startsAt.getTime() > 24 * 3600_000) throw badRequest('单次活动不能超过 24 小时，多日活动请分场次发布', 'endsAt');
  if (deadline.getTime() > startsAt.getTime()) throw badRequest('报名截止时间不能晚于开始时间', 'signupDeadline');
}
