/** How the loop's pages say money, votes and windows. */
import type { OptionResult, TopicView } from '@contract/consultation';
import { beijingDate } from '@contract/format';
import { bj, dayTime } from '../utils/time';

/** Integer fen → ¥12,345.60: the contract's one rule. */
export { yuan } from '@contract/format';

/** What a person types as yuan ("1200", "1,200.5", "¥30") → integer fen, or null if it is not an amount. */
export function parseYuan(text: string): number | null {
  const t = text.replace(/[¥,，\s元]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  const [w, f = ''] = t.split('.');
  return Number(w) * 100 + Number(f.padEnd(2, '0'));
}

/** Share of a count in whole percent (0 when nobody voted). */
export function percent(count: number, total: number): number {
  return total > 0 ? Math.round((count / total) * 100) : 0;
}

/** The option(s) with the most votes, online and offline together. */
export function leaders(options: OptionResult[]): number[] {
  const top = Math.max(0, ...options.map((o) => o.total));
  return top > 0 ? options.filter((o) => o.total === top).map((o) => o.optionId) : [];
}

/** Where the voting stands, in one sentence. */
export function windowText(t: Pick<TopicView, 'voteStartsAt' | 'voteEndsAt' | 'voting'>): string {
  if (t.voting === 'open') return `投票进行中，${dayTime(t.voteEndsAt)} 截止`;
  if (t.voting === 'not_started') return `投票将于 ${dayTime(t.voteStartsAt)} 开始`;
  return `投票已于 ${dayTime(t.voteEndsAt)} 结束`;
}

/** The moment `days` days from today (Beijing calendar) at `hour`:`minute` Beijing time, as ISO. */
export function beijingAt(days: number, hour: number, minute = 0, now = new Date()): string {
  const b = bj(now);
  return new Date(Date.UTC(b.y, b.m - 1, b.d + days, hour - 8, minute)).toISOString();
}

/** Choices for a day ahead: 今天, 明天, 后天, 12月5日 周六 … */
export function daysAhead(n: number, from = 0, now = new Date()): Array<{ days: number; label: string }> {
  const WEEK = ['日', '一', '二', '三', '四', '五', '六'];
  return Array.from({ length: n }, (_, i) => {
    const days = from + i;
    const b = bj(new Date(beijingAt(days, 12, 0, now)));
    const word = days === 0 ? '今天' : days === 1 ? '明天' : days === 2 ? '后天' : `${b.m}月${b.d}日`;
    return { days, label: `${word} 周${WEEK[b.w]}` };
  });
}

/** A calendar date as the server keeps it (2026-05-01) → 2026年5月1日. */
export function ymd(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return y && m && d ? `${y}年${m}月${d}日` : day;
}

/** Today's date in Beijing as YYYY-MM-DD, `days` later. */
export function beijingDay(days = 0, now = new Date()): string {
  return beijingDate(beijingAt(days, 12, 0, now));
}
