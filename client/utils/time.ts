import { beijingDate, bj } from '@contract/format';
/** Times as people say them: 刚刚, 5分钟前, 3小时前, 3天前; dates as 11月22日 09:05. */

export function ago(iso: string, now: number = Date.now()): string {
  const ms = now - new Date(iso).getTime();
  const min = Math.floor(ms / 60_000);
  if (min < 1) return '刚刚';
  if (min < 60) return `${min}分钟前`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h}小时前`;
  const d = Math.floor(h / 24);
  if (d < 30) return `${d}天前`;
  const m = Math.floor(d / 30);
  return m < 12 ? `${m}个月前` : `${Math.floor(d / 365)}年前`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local date and time, with the year only when it is not this year. */
export function when(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  const day = `${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.getFullYear() === now.getFullYear() ? day : `${d.getFullYear()}年${day}`;
}

// Beijing time (UTC+8) whatever the phone's zone: activities and meetings happen in Chinese communities
// (bj, fromBeijing: the contract's one rule, shared with the server).
export { bj, fromBeijing } from '@contract/format';
const WEEK = ['日', '一', '二', '三', '四', '五', '六'];

/** A moment → { date: '2026-12-03', time: '09:30' } in Beijing time (the pickers' values). */
export function beijingParts(iso: string): { date: string; time: string } {
  return { date: beijingDate(iso), time: clock(iso) };
}

/** 11月25日 周二 10:30 */
export function dayTime(iso: string): string {
  const b = bj(iso);
  return `${b.m}月${b.d}日 周${WEEK[b.w]} ${pad(b.hh)}:${pad(b.mm)}`;
}

/** 10:30 */
export function clock(iso: string): string {
  const b = bj(iso);
  return `${pad(b.hh)}:${pad(b.mm)}`;
}

/** 11月25日 周二 10:30–13:00 (the end's date too when it is another day). */
export function timeRange(startIso: string, endIso: string): string {
  const s = bj(startIso);
  const e = bj(endIso);
  return s.dayKey === e.dayKey ? `${dayTime(startIso)}–${clock(endIso)}` : `${dayTime(startIso)} 至 ${dayTime(endIso)}`;
}

/** 2026年11月25日 */
export function date(iso: string): string {
  const b = bj(iso);
  return `${b.y}年${b.m}月${b.d}日`;
}

