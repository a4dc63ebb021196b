import { beijingDate, beijingDateCn, beijingDayWord, beijingMinute, bj, fromBeijing, maskName, yuan } from '../../../server/src/contract/format';

describe('the shared display rules (contract/format.ts)', () => {
  it('masks a name to its first character and two stars, whatever its length', () => {
    expect(['张三', '王小明', '欧阳娜娜', '刘', ' 李四 '].map(maskName)).toEqual(['张**', '王**', '欧**', '刘**', '李**']);
    expect(maskName('')).toBe('**');
  });

  it('says fen as yuan with thousands separators and no float arithmetic', () => {
    expect([0, 5, 123456, -1200, 100_000_000_01].map(yuan)).toEqual(['¥0.00', '¥0.05', '¥1,234.56', '-¥12.00', '¥100,000,000.01']);
  });

  it('uses the Beijing calendar day, across midnight UTC+8', () => {
    const lateUtc = new Date('2026-12-02T16:30:00Z'); // 00:30 on 12-03 in Beijing
    expect(beijingDate(lateUtc)).toBe('2026-12-03');
    expect(beijingMinute(lateUtc)).toBe('2026-12-03 00:30');
    expect(beijingDateCn(lateUtc)).toBe('2026年12月3日');
    expect(bj('2026-12-02T15:59:00Z')).toMatchObject({ y: 2026, m: 12, d: 2, hh: 23, mm: 59, w: 3 });
    expect(fromBeijing('2026-12-03', '00:30')).toBe(lateUtc.toISOString());
    expect(fromBeijing('2026-01-01')).toBe('2025-12-31T16:00:00.000Z');
  });

  it('names the day by the Beijing calendar, not by hours away (reminders: 今天 / 明天 / the date)', () => {
    const at = (iso: string) => new Date(`${iso}+08:00`);
    // Announced at 09:00 for 20:00 the same day: 今天 (it used to say 明天, being within 24 hours).
    expect(beijingDayWord(at('2026-12-04T20:00'), at('2026-12-04T09:00'))).toBe('今天');
    // 23:30 for 08:00 the next morning: 明天, though only 8.5 hours away.
    expect(beijingDayWord(at('2026-12-05T08:00'), at('2026-12-04T23:30'))).toBe('明天');
    // Across the UTC date line: 07:30 Beijing is still the previous UTC day.
    expect(beijingDayWord(at('2026-12-05T07:30'), at('2026-12-04T07:00'))).toBe('明天');
    expect(beijingDayWord(at('2026-12-06T10:00'), at('2026-12-04T10:00'))).toBe('后天');
    expect(beijingDayWord(at('2026-12-07T10:00'), at('2026-12-04T10:00'))).toBe('12月7日');
  });
});
