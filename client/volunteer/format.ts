/**
 * How volunteer pages say times and states. Times are shown in Beijing time (UTC+8) whatever
 * the phone's zone, since activities happen in Chinese communities.
 */
import type { ActivitySignupView, VolunteerActivityView } from '@contract/volunteers';
import { hoursOf } from '@contract/volunteer-rules';
import { bj } from '../utils/time';

export { bj, clock, date, dayTime, timeRange } from '../utils/time';
/** The server's own rules, not copies: hours to one decimal, the distance between two points. */
export { distanceMeters, hoursOf } from '@contract/volunteer-rules';

/** Hours as people say them: 3 小时, 2.5 小时. */
export const hoursText = (hours: number) => `${hours} 小时`;

/** What the volunteer's own sign-up means, in a few words. */
export function signupText(s: ActivitySignupView): string {
  if (s.status === 'waitlisted') return s.waitlistPosition ? `候补第 ${s.waitlistPosition} 位` : '候补中';
  if (s.status === 'confirmed' && s.creditedMinutes != null) return `已确认 ${hoursOf(s.creditedMinutes)} 小时`;
  if (s.status === 'confirmed' && s.checkedOutAt) return '已签退';
  if (s.status === 'confirmed' && s.checkedInAt) return '已签到';
  return s.statusLabel;
}

/** Places left, or the waitlist when full. */
export function seatsText(a: Pick<VolunteerActivityView, 'capacity' | 'confirmedCount' | 'seatsLeft' | 'waitlistCount'>): string {
  if (a.seatsLeft > 0) return `还剩 ${a.seatsLeft} 个名额（共 ${a.capacity} 人）`;
  return a.waitlistCount > 0 ? `名额已满，${a.waitlistCount} 人候补` : '名额已满，可报名候补';
}

/** Distance in words: 800 米, 2.3 公里. */
export function distanceText(m: number): string {
  return m < 1000 ? `${Math.round(m / 10) * 10} 米` : `${Math.round(m / 100) / 10} 公里`;
}

export type DateFilter = 'all' | 'today' | 'days3' | 'week' | 'weekend';
export const DATE_FILTERS: Array<{ key: DateFilter; label: string }> = [
  { key: 'all', label: '全部时间' },
  { key: 'today', label: '今天' },
  { key: 'days3', label: '3天内' },
  { key: 'week', label: '7天内' },
  { key: 'weekend', label: '周末' },
];

/** Whether an activity starting at `startIso` passes the date filter, seen from `now`. */
export function matchesDate(startIso: string, filter: DateFilter, now: Date = new Date()): boolean {
  if (filter === 'all') return true;
  const s = bj(startIso);
  const today = bj(now).dayKey;
  const days = s.dayKey - today;
  if (filter === 'today') return days === 0;
  if (filter === 'days3') return days >= 0 && days < 3;
  if (filter === 'week') return days >= 0 && days < 7;
  return days >= 0 && days < 14 && (s.w === 0 || s.w === 6);
}
