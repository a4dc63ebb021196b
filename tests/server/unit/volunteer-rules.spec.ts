import { CheckinTokens, QR_WINDOW_MS } from '../../../server/src/volunteers/checkin-token';
import { creditedMinutes, distanceMeters, isValidIdNumber, maskIdNumber, pointsFor } from '../../../server/src/volunteers/hours';
import { activityCan, activityPhase, cancelRule } from '../../../server/src/volunteers/activity-rules';
import { hoursOf } from '../../../server/src/contract/volunteers';

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

describe('who may do what with an activity, now (activity-rules.ts)', () => {
  const activity = {
    status: 'published' as const,
    startsAt: at('09:00'),
    endsAt: at('11:00'),
    extendedUntil: null,
    signupDeadline: at('08:00'),
    cancelCutoffMinutes: 120,
    lateCancel: 'refuse' as const,
    attendanceConfirmedAt: null,
  };
  const signup = (status: 'confirmed' | 'waitlisted' | 'pending' | 'cancelled' | 'rejected', over: { checkedInAt?: Date; checkedOutAt?: Date } = {}) => ({
    status,
    checkedInAt: over.checkedInAt ?? null,
    checkedOutAt: over.checkedOutAt ?? null,
  });
  const volunteer = (mine: ReturnType<typeof signup> | null, registration: 'approved' | 'pending' | null = 'approved') => ({ mine, registration, organizer: false });

  it('opens sign-up to approved volunteers until the deadline; says why to the others', () => {
    expect(activityCan(activity, volunteer(null), at('07:59'))).toMatchObject({ signUp: true, signUpBlocked: null });
    expect(activityCan(activity, volunteer(signup('cancelled')), at('07:59')).signUp).toBe(true);
    expect(activityCan(activity, volunteer(signup('rejected')), at('07:59'))).toMatchObject({ signUp: false, signUpBlocked: null });
    expect(activityCan(activity, volunteer(null, null), at('07:59')).signUpBlocked?.reason).toBe('register');
    expect(activityCan(activity, volunteer(null, 'pending'), at('07:59')).signUpBlocked?.reason).toBe('review');
    expect(activityCan(activity, volunteer(null), at('08:01'))).toMatchObject({ signUp: false, signUpBlocked: { reason: 'closed', message: '报名已截止' } });
    expect(activityCan({ ...activity, status: 'cancelled' }, volunteer(null), at('07:59'))).toMatchObject({ signUp: false, signUpBlocked: null });
  });

  it('lets a holder cancel before the start, except inside a cut-off that refuses it (waitlisted people always may)', () => {
    expect(activityCan(activity, volunteer(signup('confirmed')), at('06:59')).cancel).toBe(true);
    expect(activityCan(activity, volunteer(signup('confirmed')), at('07:01')).cancel).toBe(false);
    expect(activityCan({ ...activity, lateCancel: 'record' }, volunteer(signup('confirmed')), at('07:01')).cancel).toBe(true);
    expect(activityCan(activity, volunteer(signup('waitlisted')), at('08:59')).cancel).toBe(true);
    expect(activityCan(activity, volunteer(signup('waitlisted')), at('09:00')).cancel).toBe(false);
    expect(cancelRule(activity, 'confirmed', at('07:01'))).toEqual({ refused: expect.stringContaining('120 分钟内不能取消') });
    expect(cancelRule({ ...activity, lateCancel: 'record' }, 'confirmed', at('07:01'))).toEqual({ late: true });
  });

  it('opens check-in an hour before the start until the end, check-out until two hours after the (extended) end', () => {
    const confirmed = volunteer(signup('confirmed'));
    expect(activityCan(activity, confirmed, at('07:59')).checkIn).toBe(false);
    expect(activityCan(activity, confirmed, at('08:00'))).toMatchObject({ checkIn: true, checkOut: false });
    expect(activityCan(activity, volunteer(signup('pending')), at('08:30')).checkIn).toBe(false);
    expect(activityCan(activity, confirmed, at('11:00')).checkIn).toBe(false);
    expect(activityCan({ ...activity, extendedUntil: at('12:00') }, confirmed, at('11:30')).checkIn).toBe(true);
    const inside = volunteer(signup('confirmed', { checkedInAt: at('08:50') }));
    expect(activityCan(activity, inside, at('13:00'))).toMatchObject({ checkIn: false, checkOut: true });
    expect(activityCan(activity, inside, at('13:01')).checkOut).toBe(false);
    expect(activityCan({ ...activity, attendanceConfirmedAt: at('11:30') }, inside, at('11:40')).checkOut).toBe(false);
    expect(activityCan(activity, volunteer(signup('confirmed', { checkedInAt: at('08:50'), checkedOutAt: at('11:00') })), at('11:10')).checkOut).toBe(false);
  });

  it('lets the organizer manage until attendance is confirmed, and confirm after the (extended) end', () => {
    const organizer = { mine: null, registration: null, organizer: true };
    expect(activityCan(activity, organizer, at('10:59'))).toMatchObject({ manage: true, confirmAttendance: false });
    expect(activityCan(activity, organizer, at('11:00'))).toMatchObject({ manage: true, confirmAttendance: true });
    expect(activityCan({ ...activity, extendedUntil: at('12:00') }, organizer, at('11:30')).confirmAttendance).toBe(false);
    expect(activityCan({ ...activity, attendanceConfirmedAt: at('11:30') }, organizer, at('11:40'))).toMatchObject({ manage: false, confirmAttendance: false });
    expect(activityCan(activity, volunteer(null), at('11:00'))).toMatchObject({ manage: false, confirmAttendance: false });
  });

  it('says where the activity stands on the server clock', () => {
    expect(activityPhase(activity, at('08:59'))).toBe('upcoming');
    expect(activityPhase(activity, at('09:00'))).toBe('running');
    expect(activityPhase(activity, at('11:00'))).toBe('ended');
    expect(activityPhase({ ...activity, extendedUntil: at('12:00') }, at('11:00'))).toBe('running');
  });

  it('says hours the same way on both sides (the contract’s hoursOf)', () => {
    expect([hoursOf(0), hoursOf(90), hoursOf(150), hoursOf(180)]).toEqual([0, 1.5, 2.5, 3]);
  });
});
