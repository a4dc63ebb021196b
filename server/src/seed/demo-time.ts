import { BEIJING_OFFSET_MS, bj } from '../contract/format';

/** A working day in the demo, Beijing time: 09:00–17:30. */
const OPEN = 9 * 60;
const CLOSE = 17 * 60 + 30;
const SPAN = CLOSE - OPEN;

/**
 * The demo moment `daysAgo` days back, counted in working hours so that no worker acts at 03:30
 * in a demo seeded at night: each day back is one working day (09:00–17:30 Beijing), the
 * fraction is part of one, and the latest moment is now (or the last closing time, seeded before
 * opening). Order is kept: a larger `daysAgo` is always earlier. A negative `daysAgo` (a date in
 * the future: a deadline, a project's end) is plain calendar time from now.
 */
export function demoAt(now: number, daysAgo: number): Date {
  if (daysAgo < 0) return new Date(now - Math.round(daysAgo * 86_400_000));
  const b = bj(new Date(now));
  let day = 0;
  let minute = b.hh * 60 + b.mm;
  if (minute < OPEN) {
    day = 1;
    minute = CLOSE;
  } else if (minute > CLOSE) minute = CLOSE;
  let back = Math.round(daysAgo * SPAN);
  while (back > minute - OPEN) {
    back -= minute - OPEN;
    day += 1;
    minute = CLOSE;
  }
  minute -= back;
  const at = Date.UTC(b.y, b.m - 1, b.d - day, 0, minute) - BEIJING_OFFSET_MS;
  return new Date(Math.min(at, now));
}
