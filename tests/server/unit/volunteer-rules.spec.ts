import { CheckinTokens, QR_WINDOW_MS } from '../../../server/src/volunteers/checkin-token';
import { creditedMinutes, distanceMeters, isValidIdNumber, maskIdNumber, pointsFor } from '../../../server/src/volunteers/hours';

const at = (hhmm: string) => new Date(`2026-05-01T${hhmm}:00+08:00`);

describe('volunteer hours and points', () => {
  const schedule = { startsAt: at('09:00'), endsAt: at('11:45') };

  it('counts from the later of check-in and start to the earlier of check-out and end, rounded down to half hours', () => {
    expect(creditedMinutes({ ...schedule, checkedInAt: at('08:30'), checkedOutAt: at('12:30') })).toBe(150); // 165 → 150
    expect(creditedMinutes({ ...schedule, checkedInAt: at('09:20'), checkedOutAt: at('10:35') })).toBe(60); // 75 → 60
    expect(creditedMinutes({ ...schedule, checkedInAt: at('09:00'), checkedOutAt: at('09:29') })).toBe(0);
    expect(creditedMinutes({ ...schedule, checkedInAt: at('09:00'), checkedOutAt: at('09:30') })).toBe(30);
    expect(creditedMinutes({ ...schedule, checkedInAt: at('12:00'), checkedOutAt: at('12:30') })).toBe(0);
  });

  it('counts until the extended end when the organizer extended the activity', () => {
    expect(creditedMinutes({ ...schedule, extendedUntil: at('12:30'), checkedInAt: at('08:30'), checkedOutAt: at('13:00') })).toBe(210);
  });

  it('gives 10 points per hour', () => {
    expect(pointsFor(60)).toBe(10);
    expect(pointsFor(150)).toBe(25);
    expect(pointsFor(0)).toBe(0);
  });

  it('checks ID numbers and masks them', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('measures distances in metres', () => {
    expect(Math.round(distanceMeters(29.0, 106.0, 29.001, 106.0))).toBe(111);
  });
});

describe(CheckinTokens.name, () => {
  const sut = new CheckinTokens(Buffer.alloc(32, 7));
  const t0 = new Date(Math.floor(Date.now() / QR_WINDOW_MS) * QR_WINDOW_MS);

  it('accepts a token in its own window and the next, refuses it after', () => {
    const { token } = sut.issue(5, 'in', t0);
    expect(sut.verify(token, t0)).toMatchObject({ ok: true, activityId: 5, purpose: 'in' });
    expect(sut.verify(token, new Date(t0.getTime() + QR_WINDOW_MS + 1))).toMatchObject({ ok: true });
    expect(sut.verify(token, new Date(t0.getTime() + 2 * QR_WINDOW_MS))).toEqual({ ok: false, problem: 'expired' });
    expect(sut.verify(token, new Date(t0.getTime() - 1))).toEqual({ ok: false, problem: 'future' });
  });

  it('refuses an altered token and one signed with another key', () => {
    const { token } = sut.issue(5, 'in', t0);
    expect(sut.verify(token.replace('.5.in.', '.6.in.'), t0)).toEqual({ ok: false, problem: 'bad_signature' });
    expect(sut.verify(token.replace('.in.', '.out.'), t0)).toEqual({ ok: false, problem: 'bad_signature' });
    expect(new CheckinTokens(Buffer.alloc(32, 8)).verify(token, t0)).toEqual({ ok: false, problem: 'bad_signature' });
    expect(sut.verify('garbage', t0)).toEqual({ ok: false, problem: 'malformed' });
  });
});
