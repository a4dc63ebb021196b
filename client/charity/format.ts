/**
 * How the charity pages say money, dates and deadlines. Money arrives as integer fen and is
 * shown as ¥ with two decimals; dates are Beijing dates.
 */
import type { MeView } from '@contract/users';
import type { MonthTotals } from '@contract/funds';
import { beijingParts, bj } from '../utils/time';

/** 123456 → ¥1,234.56 (negative: -¥12.00): the contract's one rule. */
export { yuan } from '@contract/format';

/** What a person types as 元 ("12", "12.5", "¥1,200.00") → fen, or null when it is not an amount. */
export function parseYuan(text: string): number | null {
  const t = text.replace(/[¥,，\s元]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  const [w, f = ''] = t.split('.');
  const fen = Number(w) * 100 + Number(f.padEnd(2, '0'));
  return fen > 0 && Number.isSafeInteger(fen) ? fen : null;
}

/** 2026-05-01 → 5月1日 this year (Beijing), 2025年5月1日 otherwise. */
export function dateText(ymd: string, now: Date = new Date()): string {
  const [y, m, d] = ymd.split('-').map(Number);
  return String(y) === todayBeijing(now).slice(0, 4) ? `${m}月${d}日` : `${y}年${m}月${d}日`;
}

/** 2026-05 → 5月 (January shows the year: 2026年1月). */
export function monthText(ym: string): string {
  const [y, m] = ym.split('-').map(Number);
  return m === 1 ? `${y}年1月` : `${m}月`;
}

/** Today's Beijing date, YYYY-MM-DD (the default for 到账日期). */
export function todayBeijing(now: Date = new Date()): string {
  return beijingParts(now.toISOString()).date;
}

/** Bar heights in percent of the largest month (income and spending share one scale). */
export function barScale(months: MonthTotals[]): (fen: number) => number {
  const max = Math.max(0, ...months.map((m) => Math.max(m.incomeFen, m.spendingFen)));
  return (fen) => (max > 0 && fen > 0 ? Math.max(4, Math.round((fen / max) * 100)) : 0);
}

/** How long a claimer still has: 还剩 5 天 / 今天截止 / 已超时. */
export function deadlineText(deadlineIso: string, now: number = Date.now()): string {
  const left = new Date(deadlineIso).getTime() - now;
  if (left <= 0) return '已超过送达期限';
  const days = bj(deadlineIso).dayKey - bj(new Date(now)).dayKey;
  const b = bj(deadlineIso);
  const at = `${b.m}月${b.d}日 ${String(b.hh).padStart(2, '0')}:${String(b.mm).padStart(2, '0')}`;
  if (days <= 0) return `今天 ${at.split(' ')[1]} 前送达`;
  return `请在 ${at} 前送达（还剩 ${days} 天）`;
}

/** The node whose fund and wishes a person sees first: their community, else where they work. */
export function homeNodeId(me: MeView | null): number | null {
  if (!me) return null;
  if (me.residence) return me.residence.communityId;
  const role = me.roles.find((r) => r.nodeLevel === 'community') ?? me.roles.find((r) => r.nodeLevel === 'street') ?? me.roles[0];
  return role ? role.nodeId : null;
}
