/**
 * The rules of the volunteer record, as pure functions (unit-testable, used by the services).
 *
 * Service hours (服务时长), per confirmed sign-up:
 *   counted from   max(check-in, scheduled start)       — arriving early earns nothing extra;
 *   counted until  min(check-out, scheduled end, or the organizer's extension if set)
 *                                                       — staying late earns nothing unless extended;
 *   rounded DOWN to a whole half hour (30 minutes), stored as integer minutes;
 *   credited ONLY when the organizer confirms attendance after the activity. Leave (请假) and
 *   absence credit 0; absence without leave is recorded as such.
 *
 * Points (积分): 10 points per confirmed hour, i.e. 5 per credited half hour (minutes / 6),
 * written to the points ledger with the reason, never to a bare counter.
 *
 * A volunteer task (陪诊、代购…) has no check-in: when its volunteer marks it done and staff of the
 * community confirm it, it credits its scheduled time (start to end) rounded down to a half
 * hour — or less, when the confirming staff member enters less (the service was shorter) —
 * with points by the same rule. Confirmed once; never more than scheduled.
 */
import { bj, isRealDate } from '../contract/format';

/** Shared with the pages: hours to one decimal, and the distance of a check-in from the venue. */
export { distanceMeters, hoursOf } from '../contract/volunteers';

export const HALF_HOUR_MINUTES = 30;
export const POINTS_PER_HOUR = 10;
/** A check-in later than this after the start is recorded as late (迟到). */
export const LATE_AFTER_MINUTES = 10;

export function creditedMinutes(input: {
  checkedInAt: Date;
  checkedOutAt: Date;
  startsAt: Date;
  endsAt: Date;
  extendedUntil?: Date | null;
}): number {
  const from = Math.max(input.checkedInAt.getTime(), input.startsAt.getTime());
  const until = Math.min(input.checkedOutAt.getTime(), (input.extendedUntil ?? input.endsAt).getTime());
  if (until <= from) return 0;
  const minutes = Math.floor((until - from) / 60_000);
  return Math.floor(minutes / HALF_HOUR_MINUTES) * HALF_HOUR_MINUTES;
}

/** The most a task credits: its scheduled time, rounded down to a whole half hour. */
export function taskMinutes(startsAt: Date, endsAt: Date): number {
  const minutes = Math.floor((endsAt.getTime() - startsAt.getTime()) / 60_000);
  return Math.max(0, Math.floor(minutes / HALF_HOUR_MINUTES) * HALF_HOUR_MINUTES);
}

/** 10 points per hour: minutes are whole half hours, so this is an integer. */
export function pointsFor(minutes: number): number {
  return Math.floor((minutes * POINTS_PER_HOUR) / 60);
}

/** Mainland resident ID number (GB 11643-1999): 18 characters with a valid check digit. */
export function isValidIdNumber(id: string): boolean {
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((s, w, i) => s + w * Number(id[i]), 0);
  return '10X98765432'[sum % 11] === id[17];
}

/** 110101199003071234 → 110101********1234: never shown unmasked to anyone. */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 6)}${'*'.repeat(Math.max(0, id.length - 10))}${id.slice(-4)}`;
}

/** The birth date (YYYY-MM-DD) an 18-character ID number carries, or null when it is not a real date. */
export function birthDateOf(id: string): string | null {
  const d = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  return isRealDate(d) ? d : null;
}

/** Whole years from a birth date to a day (both YYYY-MM-DD, Beijing calendar). */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** A volunteer under 18 needs a guardian's consent (recorded by staff) and takes no home-visit task. */
export const ADULT_AGE = 18;
export const HOME_VISIT_KINDS: readonly string[] = ['visit'];

/** The calendar year in Beijing time (UTC+8) of a moment. */
export const beijingYear = (d: Date): number => bj(d).y;
