/**
 * How both sides say money, names and times: one rule each, used by the server's messages and
 * the mini-program's pages alike. Pure functions, no imports.
 */

/** Communities are in China: calendar days and clock times are Beijing's (UTC+8), whatever the device's zone. */
export const BEIJING_OFFSET_MS = 8 * 3600_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** Beijing calendar fields of a moment (w: 0 = Sunday; dayKey: days since 1970-01-01 in Beijing). */
export function bj(at: string | Date): { y: number; m: number; d: number; w: number; hh: number; mm: number; dayKey: number } {
  const t = new Date(new Date(at).getTime() + BEIJING_OFFSET_MS);
  return {
    y: t.getUTCFullYear(),
    m: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    w: t.getUTCDay(),
    hh: t.getUTCHours(),
    mm: t.getUTCMinutes(),
    dayKey: Math.floor(t.getTime() / 86_400_000),
  };
}

/** 2026-12-03 (the Beijing calendar date of a moment). */
export function beijingDate(at: string | Date): string {
  const b = bj(at);
  return `${b.y}-${pad(b.m)}-${pad(b.d)}`;
}

/** 2026-12-03 09:30, as WeChat's `time` template fields and messages want it. */
export function beijingMinute(at: string | Date): string {
  const b = bj(at);
  return `${b.y}-${pad(b.m)}-${pad(b.d)} ${pad(b.hh)}:${pad(b.mm)}`;
}

/** 2026年12月3日 */
export function beijingDateCn(at: string | Date): string {
  const b = bj(at);
  return `${b.y}年${b.m}月${b.d}日`;
}

/**
 * Which day `at` is, seen from `now`, by the calendar in Beijing (not by hours away): 今天,
 * 明天, 后天, or the date (12月7日). An activity at 20:00 announced at 09:00 is 今天.
 */
export function beijingDayWord(at: string | Date, now: string | Date): string {
  const days = bj(at).dayKey - bj(now).dayKey;
  if (days === 0) return '今天';
  if (days === 1) return '明天';
  if (days === 2) return '后天';
  const b = bj(at);
  return `${b.m}月${b.d}日`;
}

/** '2026-12-03' + '09:30' in Beijing time → the ISO instant. */
export function fromBeijing(date: string, time = '00:00'): string {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return new Date(Date.UTC(y, m - 1, d, hh, mm) - BEIJING_OFFSET_MS).toISOString();
}

/** Integer fen as a person reads it: 123456 → ¥1,234.56 (negative: -¥12.00). No float arithmetic on the amount. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * A person's name where others may see it: the first character and two stars, whatever the
 * length (张三 → 张**, 欧阳娜娜 → 欧**), so the mask does not tell how long the name is.
 */
export function maskName(name: string): string {
  const first = Array.from(name.trim())[0];
  return first ? `${first}**` : '**';
}

/** A mainland mobile number (11 digits, 13x–19x): the one rule for the lookup by phone, on both sides. */
export const MOBILE_PHONE = /^1[3-9]\d{9}$/;

/** A number a resident can be called back on: a mobile, or a landline with its area code (023-12345678). */
export const CONTACT_PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/** A real calendar date written YYYY-MM-DD (2027-02-30 is not). */
export function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}
