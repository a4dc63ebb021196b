import { BEIJING_OFFSET_MS } from '../contract/format';

/** The last `n` Beijing-time months up to and including the one of `now`, oldest first: ['2026-01', …]. */
export function lastMonths(now: Date, n: number): string[] {
  const b = new Date(now.getTime() + BEIJING_OFFSET_MS);
  let y = b.getUTCFullYear();
  let m = b.getUTCMonth() + 1;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.unshift(`${y}-${String(m).padStart(2, '0')}`);
    if (--m === 0) {
      m = 12;
      y--;
    }
  }
  return out;
}
