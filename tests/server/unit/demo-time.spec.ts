import { bj } from '../../../server/src/contract/format';
import { demoAt } from '../../../server/src/seed/demo-time';

/** Beijing wall time → epoch ms. */
const beijing = (iso: string) => new Date(`${iso}+08:00`).getTime();
const clock = (d: Date) => {
  const b = bj(d);
  return b.hh * 60 + b.mm;
};

describe('demo data times (seed/demo-time.ts): staff act in working hours, in order', () => {
  it.each(['2026-12-04T03:30', '2026-12-04T08:59', '2026-12-04T10:15', '2026-12-04T16:00', '2026-12-04T23:45'])('seeded at %s Beijing: every moment is within 09:00–17:30, not after now, in order', (when) => {
    const now = beijing(when);
    const back = [0, 0.1, 0.5, 0.9, 1, 1.5, 2.5, 3.8, 3.5, 7.5, 20, 40].sort((a, b) => a - b);
    const moments = back.map((d) => demoAt(now, d));
    for (const m of moments) {
      expect(clock(m)).toBeGreaterThanOrEqual(9 * 60);
      expect(clock(m)).toBeLessThanOrEqual(17 * 60 + 30);
      expect(m.getTime()).toBeLessThanOrEqual(now);
    }
    for (let i = 1; i < moments.length; i++) expect(moments[i].getTime()).toBeLessThan(moments[i - 1].getTime());
    // A day back is about a calendar day back.
    const days = (now - demoAt(now, 20).getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(19);
    expect(days).toBeLessThan(22);
  });

  it('keeps dates in the future as plain calendar time', () => {
    const now = beijing('2026-12-04T03:30');
    expect(demoAt(now, -180).getTime()).toBe(now + 180 * 86_400_000);
  });
});
