import type { VolunteerActivityCan, VolunteerActivityView } from '../../../server/src/contract/volunteers';
import { buildTree, person, resident, type Tree } from '../../helpers/factories';
import { type Api, startTestApp, type TestApp } from '../../helpers/test-app';
import { approvedVolunteers, createActivity, type Person, registrationBody } from '../../helpers/volunteer-factories';

const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * The activity view's `can`: what the caller may do now, decided by the server on its clock for
 * the calling user. Each time `can` says yes the server accepts the action, and where it says no
 * the server refuses it, so the pages can show their buttons from it alone.
 */
describe('volunteer activities: what the caller may do now (can)', () => {
  let t: TestApp;
  let tree: Tree;
  let staffA: Person;
  let staffB: Person;

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
    staffA = await person(t, 'o-can-staff-a', [['staff', tree.a]]);
    staffB = await person(t, 'o-can-staff-b', [['staff', tree.b]]);
  });
  afterAll(() => t.close());

  const moveTo = (at: Date | string) => {
    const ms = new Date(at).getTime() - t.clock.now().getTime();
    if (ms < 0) throw new Error('the clock only moves forward in these tests');
    t.clock.advance(ms);
  };
  const view = async (api: Api, id: number): Promise<VolunteerActivityView> => {
    const res = await api.get(`/volunteer-activities/${id}`);
    expect(res.status).toBe(200);
    return res.data as VolunteerActivityView;
  };
  const can = async (api: Api, id: number): Promise<VolunteerActivityCan> => (await view(api, id)).can;
  const none: VolunteerActivityCan = { signUp: false, signUpBlocked: null, cancel: false, checkIn: false, checkOut: false, manage: false, confirmAttendance: false };

  it('before the deadline: an approved volunteer may sign up; a resident is asked to register, a pending one to wait', async () => {
    const [vol] = await approvedVolunteers(t, tree.a, 1, 'o-can-open');
    const stranger = await resident(t, 'o-can-stranger', tree.a);
    const waiting = await resident(t, 'o-can-waiting', tree.a);
    expect((await waiting.post('/volunteers/registration', registrationBody(t, '13800007777', { communityId: tree.a.id }))).status).toBe(201);
    const a = await createActivity(t, staffA, tree.a, { title: '开放报名' }, 24 * 60, 120);

    expect(await view(vol, a.id)).toMatchObject({ phase: 'upcoming', organizer: false, can: { ...none, signUp: true } });
    expect(await can(stranger, a.id)).toEqual({ ...none, signUpBlocked: { reason: 'register', message: '报名志愿活动需要先实名注册志愿者。' } });
    expect(await can(waiting, a.id)).toEqual({ ...none, signUpBlocked: { reason: 'review', message: '您的志愿者注册正在审核，通过后就可以报名。' } });
    // The list says the same as the single view.
    const list = await vol.get(`/volunteer-activities?nodeId=${tree.a.id}`);
    expect(list.data.items.find((x: VolunteerActivityView) => x.id === a.id).can).toEqual({ ...none, signUp: true });
    // And the server agrees: the volunteer gets in, the stranger does not.
    expect((await stranger.post(`/volunteer-activities/${a.id}/signups`)).status).toBe(403);
    expect((await vol.post(`/volunteer-activities/${a.id}/signups`)).status).toBe(201);
    expect(await can(vol, a.id)).toEqual({ ...none, cancel: true });
  });

  it('after the deadline: nobody may sign up, and the page says sign-up has closed', async () => {
    const [vol, late] = await approvedVolunteers(t, tree.a, 2, 'o-can-deadline');
    const a = await createActivity(t, staffA, tree.a, { title: '报名截止' }, 24 * 60, 120);
    expect((await vol.post(`/volunteer-activities/${a.id}/signups`)).status).toBe(201);
    moveTo(new Date(new Date(a.signupDeadline).getTime() + MIN));

    expect(await can(late, a.id)).toEqual({ ...none, signUpBlocked: { reason: 'closed', message: '报名已截止' } });
    expect((await late.post(`/volunteer-activities/${a.id}/signups`)).status).toBe(409);
    // The one who signed up is inside the 120-minute cut-off by now (the deadline is an hour before
    // the start): no cancelling; and inside the hour before the start: checking in.
    expect(await can(vol, a.id)).toEqual({ ...none, checkIn: true });
    expect((await vol.post(`/volunteer-activities/${a.id}/cancel-signup`)).status).toBe(409);
  });

  it('confirmed vs waitlisted: inside a cut-off that refuses, only the waitlisted may leave; only the confirmed check in', async () => {
    const [confirmed, waitlisted] = await approvedVolunteers(t, tree.a, 2, 'o-can-queue');
    const a = await createActivity(t, staffA, tree.a, { title: '名额一人', capacity: 1, cancelCutoffMinutes: 180, lateCancel: 'refuse' }, 12 * 60, 120);
    expect((await confirmed.post(`/volunteer-activities/${a.id}/signups`)).data.status).toBe('confirmed');
    expect((await waitlisted.post(`/volunteer-activities/${a.id}/signups`)).data.status).toBe('waitlisted');
    expect(await can(confirmed, a.id)).toEqual({ ...none, cancel: true });
    expect(await can(waitlisted, a.id)).toEqual({ ...none, cancel: true });

    // Two hours before the start: inside the 180-minute cut-off, not yet the check-in hour.
    moveTo(new Date(new Date(a.startsAt).getTime() - 2 * HOUR));
    expect(await can(confirmed, a.id)).toEqual(none);
    expect(await can(waitlisted, a.id)).toEqual({ ...none, cancel: true });
    expect((await confirmed.post(`/volunteer-activities/${a.id}/cancel-signup`)).status).toBe(409);

    // Half an hour before the start: check-in is open to the confirmed one only.
    moveTo(new Date(new Date(a.startsAt).getTime() - 30 * MIN));
    expect(await can(confirmed, a.id)).toEqual({ ...none, checkIn: true });
    expect(await can(waitlisted, a.id)).toEqual({ ...none, cancel: true });
    const token = (await staffA.get(`/volunteer-activities/${a.id}/qr?purpose=in`)).data.token as string;
    expect((await confirmed.post(`/volunteer-activities/${a.id}/check-in`, { token })).status).toBe(200);
    expect(await can(confirmed, a.id)).toEqual({ ...none, checkOut: true });

    // Started: nobody may cancel any more, the waitlisted one can do nothing.
    moveTo(new Date(new Date(a.startsAt).getTime() + MIN));
    expect(await can(waitlisted, a.id)).toEqual(none);
    expect((await waitlisted.post(`/volunteer-activities/${a.id}/cancel-signup`)).status).toBe(409);
  });

  it('a late cancellation that is only recorded stays possible inside the cut-off', async () => {
    const [vol] = await approvedVolunteers(t, tree.a, 1, 'o-can-record');
    const a = await createActivity(t, staffA, tree.a, { title: '临时取消记录', cancelCutoffMinutes: 180, lateCancel: 'record' }, 10 * 60, 60);
    expect((await vol.post(`/volunteer-activities/${a.id}/signups`)).status).toBe(201);
    moveTo(new Date(new Date(a.startsAt).getTime() - 2 * HOUR));
    expect(await can(vol, a.id)).toEqual({ ...none, cancel: true });
    const res = await vol.post(`/volunteer-activities/${a.id}/cancel-signup`);
    expect(res.status).toBe(200);
    expect(res.data.lateCancel).toBe(true);
  });

  it('organizer vs volunteer: the organizer manages until attendance is confirmed, and confirms only after the end', async () => {
    const [vol] = await approvedVolunteers(t, tree.a, 1, 'o-can-org');
    const a = await createActivity(t, staffA, tree.a, { title: '组织者视角' }, 3 * 60, 60);
    expect((await vol.post(`/volunteer-activities/${a.id}/signups`)).status).toBe(201);

    expect(await view(staffA, a.id)).toMatchObject({ organizer: true, phase: 'upcoming', can: { manage: true, confirmAttendance: false } });
    // Staff of another community neither organize nor manage it.
    expect(await view(staffB, a.id)).toMatchObject({ organizer: false, can: { manage: false, confirmAttendance: false } });
    expect(await can(vol, a.id)).toMatchObject({ manage: false, confirmAttendance: false });
    expect((await staffA.post(`/volunteer-activities/${a.id}/confirm-attendance`)).status).toBe(409);

    moveTo(new Date(new Date(a.startsAt).getTime() + MIN));
    expect((await view(staffA, a.id)).phase).toBe('running');
    const token = (await staffA.get(`/volunteer-activities/${a.id}/qr?purpose=in`)).data.token as string;
    expect((await vol.post(`/volunteer-activities/${a.id}/check-in`, { token })).status).toBe(200);

    // Past the end (a check-in then is refused; the check-out stays open for the grace period).
    moveTo(new Date(new Date(a.endsAt).getTime() + MIN));
    expect(await view(staffA, a.id)).toMatchObject({ phase: 'ended', can: { manage: true, confirmAttendance: true } });
    expect(await can(vol, a.id)).toEqual({ ...none, checkOut: true });
    const out = (await staffA.get(`/volunteer-activities/${a.id}/qr?purpose=out`)).data.token as string;
    expect((await vol.post(`/volunteer-activities/${a.id}/check-out`, { token: out })).status).toBe(200);
    expect(await can(vol, a.id)).toEqual(none);

    expect((await staffA.post(`/volunteer-activities/${a.id}/confirm-attendance`)).status).toBe(200);
    expect(await view(staffA, a.id)).toMatchObject({ attendanceConfirmed: true, can: { manage: false, confirmAttendance: false } });
    expect((await staffA.get(`/volunteer-activities/${a.id}/qr?purpose=in`)).status).toBe(409);
  });
});
