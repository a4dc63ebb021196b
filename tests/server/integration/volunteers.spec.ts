import { AuditLog } from '../../../server/src/audit/audit-log.entity';
import { InboxMessage } from '../../../server/src/notifications/inbox-message.entity';
import { RoleAssignment } from '../../../server/src/roles/role-assignment.entity';
import { Activity } from '../../../server/src/volunteers/activity.entity';
import { PointsEntry } from '../../../server/src/volunteers/points-entry.entity';
import { Signup } from '../../../server/src/volunteers/signup.entity';
import { TasksService } from '../../../server/src/volunteers/tasks.service';
import { Volunteer } from '../../../server/src/volunteers/volunteer.entity';
import { VolunteerTask } from '../../../server/src/volunteers/task.entity';
import { buildTree, categoryId, person, reportNeed, resident, type Tree } from '../../helpers/factories';
import { type Api, startTestApp, type TestApp } from '../../helpers/test-app';
import {
  activityBody,
  approvedVolunteers,
  createActivity,
  idNumber,
  type Person,
  registerAndApprove,
  registrationBody,
  skillId,
} from '../../helpers/volunteer-factories';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('volunteers: registration, activities, attendance, hours, tasks', () => {
  let t: TestApp;
  let tree: Tree;
  let staffA: Person;
  let staffB: Person;
  let socialWorker: Person;

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
    staffA = await person(t, 'o-v-staff-a', [['staff', tree.a]]);
    staffB = await person(t, 'o-v-staff-b', [['staff', tree.b]]);
    socialWorker = await person(t, 'o-v-sw', [['social_worker', tree.street]]);
  });
  afterAll(() => t.close());

  /** Moves the app clock to `at` (never backwards). */
  const moveTo = (at: Date | string) => {
    const ms = new Date(at).getTime() - t.clock.now().getTime();
    if (ms < 0) throw new Error('the clock only moves forward in these tests');
    t.clock.advance(ms);
  };
  const qr = async (organizer: Api, activityId: number, purpose: 'in' | 'out') => {
    const res = await organizer.get(`/volunteer-activities/${activityId}/qr?purpose=${purpose}`);
    expect(res.status).toBe(200);
    return res.data.token as string;
  };

  // ------------------------------------------------------------------------ registration

  describe('real-name registration', () => {
    it('registers with the phone from WeChat and an encrypted ID number shown only masked; staff of the community approve', async () => {
      const alice = await resident(t, 'o-v-reg-alice', tree.a);
      const escort = await skillId(t, 'escort');
      const id = idNumber('11010119900307123');

      const noConsent = await alice.post('/volunteers/registration', registrationBody(t, '13800001111', { consent: false }));
      expect(noConsent.status).toBe(400);
      expect(noConsent.body.error?.fields?.[0]).toMatchObject({ field: 'consent' });
      const badId = await alice.post('/volunteers/registration', registrationBody(t, '13800001111', { idNumber: id.slice(0, 17) + (id.endsWith('0') ? '1' : '0') }));
      expect(badId.status).toBe(400);
      expect(badId.body.error?.message).toContain('身份证号');

      const res = await alice.post('/volunteers/registration', registrationBody(t, '13800001111', { idNumber: id, skillIds: [escort], availability: ['weekend_morning', 'weekday_evening'] }));
      expect(res.status).toBe(201);
      expect(res.data).toMatchObject({
        status: 'pending',
        realNameMasked: '李**',
        phoneMasked: '138****1111',
        idNumberMasked: `110101********${id.slice(-4)}`,
        communityName: '文昌社区',
        skills: [{ key: 'escort', label: '陪诊' }],
      });
      expect(JSON.stringify(res.body)).not.toContain(id);
      expect(JSON.stringify(res.body)).not.toContain('13800001111');
      // 我的 shows the number WeChat just verified (#20: it showed none, or another).
      expect((await alice.get('/me')).data.phoneMasked).toBe('138****1111');
      const row = await t.db.manager.findOneByOrFail(Volunteer, { userId: alice.userId });
      expect(row.idNumberEnc).toMatch(/^v1\./);
      expect(row.idNumberEnc).not.toContain(id);
      expect(row.realNameEnc).not.toContain('李小红');

      // Staff see the real name in full (they verify it), never the ID number.
      const list = await staffA.get(`/volunteers/applications?nodeId=${tree.a.id}&status=pending`);
      expect(list.status).toBe(200);
      expect(list.data.find((v: { userId: number }) => v.userId === alice.userId)).toMatchObject({ realName: '李小红', idNumberMasked: `110101********${id.slice(-4)}` });
      expect(JSON.stringify(list.body)).not.toContain(id);

      // Another community's staff cannot approve; the community's staff can, once.
      expect((await staffB.post(`/volunteers/${res.data.id}/approve`)).status).toBe(403);
      expect(await t.db.manager.count(RoleAssignment, { where: { userId: alice.userId, role: 'volunteer' } })).toBe(0);
      const ok = await staffA.post(`/volunteers/${res.data.id}/approve`);
      expect(ok.status).toBe(200);
      expect(ok.data.status).toBe('approved');
      expect(await t.db.manager.count(RoleAssignment, { where: { userId: alice.userId, role: 'volunteer', nodeId: tree.a.id } })).toBe(1);
      expect((await staffA.post(`/volunteers/${res.data.id}/approve`)).status).toBe(409);
      expect((await alice.get('/volunteers/me')).data.registration.status).toBe('approved');

      // The same ID number cannot register twice.
      const bob = await resident(t, 'o-v-reg-bob', tree.a);
      const dup = await bob.post('/volunteers/registration', registrationBody(t, '13800002222', { idNumber: id }));
      expect(dup.status).toBe(409);
      expect(dup.body.error?.message).toContain('身份证号已注册');
    });

    it('returns a registration with a reason; the volunteer corrects it and resubmits', async () => {
      const carl = await resident(t, 'o-v-reg-carl', tree.a);
      const first = await carl.post('/volunteers/registration', registrationBody(t, '13800003333'));
      expect(first.status).toBe(201);
      expect((await staffA.post(`/volunteers/${first.data.id}/return`, {})).status).toBe(400);
      const back = await staffA.post(`/volunteers/${first.data.id}/return`, { reason: '请填写真实姓名' });
      expect(back.status).toBe(200);
      expect(back.data).toMatchObject({ status: 'returned', returnReason: '请填写真实姓名' });
      const inbox = await t.db.manager.find(InboxMessage, { where: { userId: carl.userId } });
      expect(inbox.map((m) => m.title)).toContain('志愿者注册被退回');
      const again = await carl.post('/volunteers/registration', registrationBody(t, '13800003333', { realName: '陈卡尔' }));
      expect(again.status).toBe(201);
      expect(again.data).toMatchObject({ id: first.data.id, status: 'pending', realNameMasked: '陈**' });
    });
  });

  // ------------------------------------------------------------------------ capacity

  describe('sign-up under a flash crowd', () => {
    let activityId: number;
    let crowd: Person[];
    let results: Array<{ status: number; data: any; i: number }>;

    it('500 concurrent sign-ups for 30 places: exactly 30 confirmed, 470 waitlisted at positions 1..470, no 5xx', async () => {
      crowd = await approvedVolunteers(t, tree.a, 500, 'o-crowd');
      const a = await createActivity(t, staffA, tree.a, { title: '重阳节敬老活动', capacity: 30 });
      activityId = a.id;

      results = await Promise.all(crowd.map(async (v, i) => ({ ...(await v.post(`/volunteer-activities/${activityId}/signups`)), i })));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(statuses.every((s) => s === 201)).toBe(true);

      const confirmed = results.filter((r) => r.data.status === 'confirmed');
      const waitlisted = results.filter((r) => r.data.status === 'waitlisted');
      expect(confirmed).toHaveLength(30);
      expect(waitlisted).toHaveLength(470);
      const positions = waitlisted.map((r) => r.data.waitlistPosition).sort((x, y) => x - y);
      expect(positions).toEqual(Array.from({ length: 470 }, (_, i) => i + 1));

      const row = await t.db.manager.findOneByOrFail(Activity, { id: activityId });
      expect(row).toMatchObject({ confirmedCount: 30, waitlistCount: 470 });
      expect(await t.db.manager.count(Signup, { where: { activityId, status: 'confirmed' } })).toBe(30);
      expect(await t.db.manager.count(Signup, { where: { activityId, status: 'waitlisted' } })).toBe(470);
      // The queue order in the database is the order of the positions answered.
      const queue = await t.db.manager.find(Signup, { where: { activityId, status: 'waitlisted' }, order: { waitlistSeq: 'ASC' } });
      const byUser = new Map(waitlisted.map((r) => [crowd[r.i].userId, r.data.waitlistPosition]));
      expect(queue.map((s) => byUser.get(s.userId))).toEqual(positions);
    });

    it('refuses a second sign-up by the same person', async () => {
      const again = await crowd[0].post(`/volunteer-activities/${activityId}/signups`);
      expect(again.status).toBe(409);
      expect(again.body.error?.message).toContain('您已报名该活动');
    });

    it('a cancellation promotes exactly the first on the waitlist, in the same transaction, and tells them', async () => {
      const head = results.find((r) => r.data.waitlistPosition === 1)!;
      const second = results.find((r) => r.data.waitlistPosition === 2)!;
      const leaver = results.find((r) => r.data.status === 'confirmed')!;
      const res = await crowd[leaver.i].post(`/volunteer-activities/${activityId}/cancel-signup`);
      expect(res.status).toBe(200);
      expect(res.data.promotedSignupId).toBe(head.data.signupId);
      expect(res.data.message).toBe('已取消报名');

      const promoted = await t.db.manager.findOneByOrFail(Signup, { id: head.data.signupId });
      expect(promoted.status).toBe('confirmed');
      expect(await t.db.manager.count(Signup, { where: { activityId, status: 'confirmed' } })).toBe(30);
      expect(await t.db.manager.count(Signup, { where: { activityId, status: 'waitlisted' } })).toBe(469);
      expect(await t.db.manager.findOneByOrFail(Activity, { id: activityId })).toMatchObject({ confirmedCount: 30, waitlistCount: 469 });
      const inbox = await t.db.manager.find(InboxMessage, { where: { userId: crowd[head.i].userId } });
      expect(inbox.map((m) => m.title)).toEqual(['候补成功']);
      expect(await t.db.manager.count(InboxMessage, { where: { userId: crowd[second.i].userId } })).toBe(0);

      // Everyone behind moved up one place.
      const view = await crowd[second.i].get(`/volunteer-activities/${activityId}`);
      expect(view.data.mySignup).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
      const mine = await crowd[head.i].get(`/volunteer-activities/${activityId}`);
      expect(mine.data.mySignup).toMatchObject({ status: 'confirmed', waitlistPosition: null });
    });

    it('ten cancellations at once promote exactly ten, in queue order, never over capacity', async () => {
      const leavers = (await t.db.manager.find(Signup, { where: { activityId, status: 'confirmed' }, order: { id: 'ASC' }, take: 10 })).map((s) => crowd.find((c) => c.userId === s.userId)!);
      const expected = (await t.db.manager.find(Signup, { where: { activityId, status: 'waitlisted' }, order: { waitlistSeq: 'ASC' }, take: 10 })).map((s) => s.id);
      const res = await Promise.all(leavers.map((v) => v.post(`/volunteer-activities/${activityId}/cancel-signup`)));
      expect(res.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(res.map((r) => r.data.promotedSignupId).sort((x, y) => x - y)).toEqual([...expected].sort((x, y) => x - y));
      expect(await t.db.manager.count(Signup, { where: { activityId, status: 'confirmed' } })).toBe(30);
      expect(await t.db.manager.count(Signup, { where: { activityId, status: 'waitlisted' } })).toBe(459);
      expect(await t.db.manager.findOneByOrFail(Activity, { id: activityId })).toMatchObject({ confirmedCount: 30, waitlistCount: 459 });
    });

    it('a waitlisted person leaving the queue is told 已取消候补, not 已取消报名', async () => {
      const waiting = await t.db.manager.findOneOrFail(Signup, { where: { activityId, status: 'waitlisted' }, order: { waitlistSeq: 'DESC' } });
      const who = crowd.find((c) => c.userId === waiting.userId)!;
      const res = await who.post(`/volunteer-activities/${activityId}/cancel-signup`);
      expect(res.status).toBe(200);
      expect(res.data).toMatchObject({ status: 'cancelled', promotedSignupId: null, message: '已取消候补' });
      expect(await t.db.manager.findOneByOrFail(Activity, { id: activityId })).toMatchObject({ confirmedCount: 30, waitlistCount: 458 });
    });
  });

  // ------------------------------------------------------------------------ rules of sign-up

  describe('sign-up rules', () => {
    let vols: Person[];
    beforeAll(async () => {
      vols = await approvedVolunteers(t, tree.a, 7, 'o-rules');
    });

    it('refuses a volunteer two activities whose times overlap, naming the other one', async () => {
      const morning = await createActivity(t, staffA, tree.a, { title: '垃圾分类宣传' }, 48 * 60, 180);
      const overlapping = await createActivity(t, staffA, tree.a, { title: '楼道清扫' }, 48 * 60 + 120, 120);
      const before = await createActivity(t, staffA, tree.a, {
        title: '读书会',
        startsAt: new Date(new Date(morning.startsAt).getTime() - HOUR).toISOString(),
        endsAt: morning.startsAt,
        signupDeadline: new Date(new Date(morning.startsAt).getTime() - 2 * HOUR).toISOString(),
      });
      expect((await vols[0].post(`/volunteer-activities/${morning.id}/signups`)).status).toBe(201);
      const clash = await vols[0].post(`/volunteer-activities/${overlapping.id}/signups`);
      expect(clash.status).toBe(409);
      expect(clash.body.error?.message).toContain('与您已报名的活动“垃圾分类宣传”');
      expect(clash.body.error?.message).toContain('时间冲突');
      // Back to back is not an overlap.
      expect((await vols[0].post(`/volunteer-activities/${before.id}/signups`)).status).toBe(201);
      // After cancelling the first, the overlapping one is open to them.
      expect((await vols[0].post(`/volunteer-activities/${morning.id}/cancel-signup`)).status).toBe(200);
      expect((await vols[0].post(`/volunteer-activities/${overlapping.id}/signups`)).status).toBe(201);
    });

    it('refuses the same person signing up for two overlapping activities at the same moment (one wins)', async () => {
      const x = await createActivity(t, staffA, tree.a, { title: '活动甲' }, 72 * 60, 120);
      const y = await createActivity(t, staffA, tree.a, { title: '活动乙' }, 72 * 60 + 60, 120);
      const res = await Promise.all([vols[1].post(`/volunteer-activities/${x.id}/signups`), vols[1].post(`/volunteer-activities/${y.id}/signups`)]);
      expect(res.map((r) => r.status).sort()).toEqual([201, 409]);
    });

    it('writes sign-ups arriving together as one batch, refusing each wrong one on its own (#15)', async () => {
      const act = await createActivity(t, staffA, tree.a, { title: '旧衣回收', capacity: 2 }, 96 * 60, 60);
      const stranger = await t.login('o-rules-not-a-volunteer');
      const res = await Promise.all([
        vols[2].post(`/volunteer-activities/${act.id}/signups`),
        stranger.post(`/volunteer-activities/${act.id}/signups`),
        vols[2].post(`/volunteer-activities/${act.id}/signups`), // the same tap twice
        vols[3].post(`/volunteer-activities/${act.id}/signups`),
        vols[4].post(`/volunteer-activities/${act.id}/signups`),
      ]);
      // Which of the same tap wins depends on arrival; the other is told it is already signed up.
      const [first, twice] = res[0].status === 201 ? [res[0], res[2]] : [res[2], res[0]];
      expect([first, res[1], twice, res[3], res[4]].map((r) => r.status)).toEqual([201, 403, 409, 201, 201]);
      expect(res[1].body.error?.message).toContain('志愿者实名注册');
      expect(twice.body.error?.message).toMatch(/已报名该活动/);
      const placed = [first, res[3], res[4]].map((r) => r.data);
      expect(placed.map((d) => d.status).sort()).toEqual(['confirmed', 'confirmed', 'waitlisted']);
      expect(placed.find((d) => d.status === 'waitlisted').waitlistPosition).toBe(1);
      const row = await t.db.manager.findOneByOrFail(Activity, { id: act.id });
      expect([row.confirmedCount, row.waitlistCount, row.waitlistSeq]).toEqual([2, 1, 1]);
      expect(await t.db.manager.count(Signup, { where: { activityId: act.id } })).toBe(3);
      const audits = await t.db.manager.find(AuditLog, { where: { entityType: 'volunteer_activity', entityId: act.id, action: 'volunteer_signup.create' } });
      expect(audits.map((a) => a.toState).sort()).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    });

    it('refuses unregistered people and sign-ups after the deadline, and checks required skills', async () => {
      const stranger = await resident(t, 'o-v-stranger', tree.a);
      const a = await createActivity(t, staffA, tree.a, { title: '截止测试' }, 96 * 60, 60);
      const no = await stranger.post(`/volunteer-activities/${a.id}/signups`);
      expect(no.status).toBe(403);
      expect(no.body.error?.message).toContain('志愿者实名注册');

      const nursing = await skillId(t, 'nursing');
      const skilled = await createActivity(t, staffA, tree.a, { title: '健康义诊', requiredSkillIds: [nursing] }, 100 * 60, 60);
      const missing = await vols[2].post(`/volunteer-activities/${skilled.id}/signups`);
      expect(missing.status).toBe(403);
      expect(missing.body.error?.message).toContain('医疗护理');

      moveTo(new Date(new Date(a.signupDeadline).getTime() + MIN));
      const late = await vols[2].post(`/volunteer-activities/${a.id}/signups`);
      expect(late.status).toBe(409);
      expect(late.body.error?.message).toContain('报名已于');
    });

    it('refuses a cancellation inside the window, or records it as late, per the activity', async () => {
      const strict = await createActivity(t, staffA, tree.a, { title: '严格取消', cancelCutoffMinutes: 180, lateCancel: 'refuse' }, 10 * 60, 60);
      const lenient = await createActivity(t, staffA, tree.a, { title: '宽松取消', cancelCutoffMinutes: 180, lateCancel: 'record' }, 10 * 60, 60);
      expect((await vols[3].post(`/volunteer-activities/${strict.id}/signups`)).status).toBe(201);
      expect((await vols[6].post(`/volunteer-activities/${lenient.id}/signups`)).status).toBe(201);
      moveTo(new Date(new Date(strict.startsAt).getTime() - 2 * HOUR));
      const refused = await vols[3].post(`/volunteer-activities/${strict.id}/cancel-signup`);
      expect(refused.status).toBe(409);
      expect(refused.body.error?.message).toContain('活动开始前 180 分钟内不能取消报名');
      expect((await t.db.manager.findOneByOrFail(Signup, { activityId: strict.id, userId: vols[3].userId })).status).toBe('confirmed');

      const recorded = await vols[6].post(`/volunteer-activities/${lenient.id}/cancel-signup`);
      expect(recorded.status).toBe(200);
      expect(recorded.data).toMatchObject({ lateCancel: true });
      const row = await t.db.manager.findOneByOrFail(Signup, { activityId: lenient.id, userId: vols[6].userId });
      expect(row).toMatchObject({ status: 'cancelled', lateCancel: true });
      expect(await t.db.manager.count(AuditLog, { where: { action: 'volunteer_signup.cancel_late', entityId: lenient.id } })).toBe(1);
    });

    it('holds a seat for a sign-up awaiting approval; rejecting it promotes the waitlist', async () => {
      const a = await createActivity(t, staffA, tree.a, { title: '需审核活动', capacity: 1, needsApproval: true }, 200 * 60, 60);
      const first = await vols[4].post(`/volunteer-activities/${a.id}/signups`);
      expect(first.data.status).toBe('pending');
      const second = await vols[5].post(`/volunteer-activities/${a.id}/signups`);
      expect(second.data).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
      expect((await vols[5].post(`/volunteer-activities/${a.id}/signups/${first.data.signupId}/reject`, {})).status).toBe(403);
      const rejected = await staffA.post(`/volunteer-activities/${a.id}/signups/${first.data.signupId}/reject`, { reason: '本次需要有医护背景' });
      expect(rejected.status).toBe(200);
      expect((await t.db.manager.findOneByOrFail(Signup, { id: second.data.signupId })).status).toBe('pending');
      const approved = await staffA.post(`/volunteer-activities/${a.id}/signups/${second.data.signupId}/approve`);
      expect(approved.data.status).toBe('confirmed');
      expect(await t.db.manager.findOneByOrFail(Activity, { id: a.id })).toMatchObject({ confirmedCount: 1, waitlistCount: 0 });
    });
  });

  // ------------------------------------------------------------------------ check-in, hours

  describe('check-in and check-out by QR, hours and points', () => {
    let early: Person; // checks in before the start, out after the end
    let late: Person; // arrives late, leaves early
    let absent: Person; // never comes
    let excused: Person; // on leave
    let activity: any;
    let other: any;

    beforeAll(async () => {
      [early, late, absent, excused] = await approvedVolunteers(t, tree.a, 4, 'o-hours');
      // 2h45m: 09:00–11:45 in the app's time frame.
      activity = await createActivity(t, socialWorker, tree.a, { title: '河道清洁', capacity: 10, lat: 29.0285, lng: 106.6512, maxDistanceMeters: 300 }, 6 * 60, 165);
      other = await createActivity(t, staffA, tree.a, { title: '另一个活动', capacity: 10 }, 30 * 24 * 60, 60);
      for (const v of [early, late, absent, excused]) expect((await v.post(`/volunteer-activities/${activity.id}/signups`)).status).toBe(201);
    });

    const here = { lat: 29.0286, lng: 106.6513 };

    it('only an organizer covering the community gets the QR code', async () => {
      expect((await early.get(`/volunteer-activities/${activity.id}/qr?purpose=in`)).status).toBe(403);
      expect((await staffB.get(`/volunteer-activities/${activity.id}/qr?purpose=in`)).status).toBe(403);
      expect((await staffA.get(`/volunteer-activities/${activity.id}/qr?purpose=in`)).status).toBe(200);
    });

    it('refuses an expired code, a replayed code, another activity’s code, the wrong purpose and a scan from afar', async () => {
      const start = new Date(activity.startsAt).getTime();
      moveTo(new Date(start - 20 * MIN));

      const token = await qr(socialWorker, activity.id, 'in');
      const far = await early.post(`/volunteer-activities/${activity.id}/check-in`, { token, lat: 29.05, lng: 106.65 });
      expect(far.status).toBe(400);
      expect(far.body.error?.message).toMatch(/距离活动地点约 \d+ 米/);
      const noPlace = await early.post(`/volunteer-activities/${activity.id}/check-in`, { token });
      expect(noPlace.status).toBe(400);

      const wrong = await early.post(`/volunteer-activities/${activity.id}/check-in`, { token: await qr(staffA, other.id, 'in'), ...here });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error?.message).toContain('另一个活动');
      const outCode = await early.post(`/volunteer-activities/${activity.id}/check-in`, { token: await qr(socialWorker, activity.id, 'out'), ...here });
      expect(outCode.status).toBe(400);
      expect(outCode.body.error?.message).toContain('这是签退码');
      const forged = await early.post(`/volunteer-activities/${activity.id}/check-in`, { token: token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), ...here });
      expect(forged.status).toBe(400);

      const ok = await early.post(`/volunteer-activities/${activity.id}/check-in`, { token, ...here });
      expect(ok.status).toBe(200);
      expect(ok.data.message).toBe('签到成功');
      const replay = await early.post(`/volunteer-activities/${activity.id}/check-in`, { token, ...here });
      expect(replay.status).toBe(409);
      expect(replay.body.error?.message).toContain('该二维码您已使用过');
      expect(await t.db.manager.count(AuditLog, { where: { action: 'volunteer_signup.check_in', entityId: activity.id } })).toBe(1);

      // The same code still works for someone else within its two windows, then expires.
      t.clock.advance(31_000);
      const stale = await qr(socialWorker, activity.id, 'in');
      t.clock.advance(61_000);
      const expired = await late.post(`/volunteer-activities/${activity.id}/check-in`, { token: stale, ...here });
      expect(expired.status).toBe(400);
      expect(expired.body.error?.message).toContain('二维码已过期');
    });

    it('credits nothing before the organizer confirms, then hours per the rule and 10 points an hour', async () => {
      const start = new Date(activity.startsAt).getTime();
      const end = new Date(activity.endsAt).getTime();
      // late: in at start+20 min (late), out at start+95 min → 75 min → 60 min credited.
      moveTo(new Date(start + 20 * MIN));
      expect((await late.post(`/volunteer-activities/${activity.id}/check-in`, { token: await qr(socialWorker, activity.id, 'in'), ...here })).status).toBe(200);
      moveTo(new Date(start + 95 * MIN));
      expect((await late.post(`/volunteer-activities/${activity.id}/check-out`, { token: await qr(socialWorker, activity.id, 'out'), ...here })).status).toBe(200);
      // Hand-marked leave with a reason.
      const signups = await staffA.get(`/volunteer-activities/${activity.id}/signups`);
      const excusedRow = signups.data.find((s: { userId: number }) => s.userId === excused.userId);
      expect((await socialWorker.post(`/volunteer-activities/${activity.id}/attendance`, { signupId: excusedRow.signupId, attendance: 'leave' })).status).toBe(400);
      expect((await socialWorker.post(`/volunteer-activities/${activity.id}/attendance`, { signupId: excusedRow.signupId, attendance: 'leave', reason: '家中老人生病' })).status).toBe(200);

      // early: checked in 20 min before the start; out 25 min after the end → capped to the schedule: 165 → 150 min.
      moveTo(new Date(end + 25 * MIN));
      expect((await early.post(`/volunteer-activities/${activity.id}/check-out`, { token: await qr(socialWorker, activity.id, 'out'), ...here })).status).toBe(200);

      // Not confirmed yet: nothing credited anywhere.
      const before = await early.get('/volunteers/me/record');
      expect(before.data).toMatchObject({ totalMinutes: 0, points: { balance: 0 } });
      expect(before.data.activities.find((x: { activityId: number }) => x.activityId === activity.id)).toMatchObject({ confirmed: false, creditedMinutes: null });
      expect(await t.db.manager.count(PointsEntry, { where: { userId: early.userId } })).toBe(0);

      // Only the organizer confirms, once.
      expect((await early.post(`/volunteer-activities/${activity.id}/confirm-attendance`)).status).toBe(403);
      const confirmed = await socialWorker.post(`/volunteer-activities/${activity.id}/confirm-attendance`);
      expect(confirmed.status).toBe(200);
      expect(confirmed.data.summary).toMatchObject({ present: 1, late: 1, leave: 1, absent: 1, totalMinutes: 210 });
      expect((await socialWorker.post(`/volunteer-activities/${activity.id}/confirm-attendance`)).status).toBe(409);

      const rows = await t.db.manager.find(Signup, { where: { activityId: activity.id } });
      const of = (p: Person) => rows.find((r) => r.userId === p.userId)!;
      expect(of(early)).toMatchObject({ attendance: 'present', creditedMinutes: 150 });
      expect(of(late)).toMatchObject({ attendance: 'late', creditedMinutes: 60 });
      expect(of(excused)).toMatchObject({ attendance: 'leave', creditedMinutes: 0, attendanceReason: '家中老人生病' });
      expect(of(absent)).toMatchObject({ attendance: 'absent', creditedMinutes: 0 });

      const record = await early.get('/volunteers/me/record');
      expect(record.data).toMatchObject({ totalMinutes: 150, totalHours: 2.5, points: { balance: 25 } });
      expect(record.data.byYear).toEqual([{ year: expect.any(Number), minutes: 150, hours: 2.5 }]);
      expect(record.data.points.entries).toEqual([expect.objectContaining({ delta: 25, sourceType: 'activity', reason: '参加“河道清洁”服务 2.5 小时' })]);
      expect((await late.get('/volunteers/me/record')).data.points.balance).toBe(10);
      expect((await absent.get('/volunteers/me/record')).data).toMatchObject({ totalMinutes: 0, points: { balance: 0, entries: [] } });
      // Nothing can be scanned after confirmation.
      expect((await late.get(`/volunteer-activities/${activity.id}`)).data.attendanceConfirmed).toBe(true);
    });

    it('counts until the extended end when the organizer extends; refuses confirmation before the end and with a missing check-out', async () => {
      const [v1, v2] = await approvedVolunteers(t, tree.a, 2, 'o-extend');
      const a = await createActivity(t, staffA, tree.a, { title: '延时活动' }, 5 * 60, 60);
      for (const v of [v1, v2]) expect((await v.post(`/volunteer-activities/${a.id}/signups`)).status).toBe(201);
      const start = new Date(a.startsAt).getTime();
      moveTo(new Date(start - 5 * MIN));
      for (const v of [v1, v2]) expect((await v.post(`/volunteer-activities/${a.id}/check-in`, { token: await qr(staffA, a.id, 'in') })).status).toBe(200);
      expect((await staffA.post(`/volunteer-activities/${a.id}/extend`, { until: new Date(start + 100 * MIN).toISOString(), reason: '清理工作未完成' })).status).toBe(200);
      const early = await staffA.post(`/volunteer-activities/${a.id}/confirm-attendance`);
      expect(early.status).toBe(409);
      expect(early.body.error?.message).toContain('结束后才能确认出勤');
      moveTo(new Date(start + 110 * MIN));
      expect((await v1.post(`/volunteer-activities/${a.id}/check-out`, { token: await qr(staffA, a.id, 'out') })).status).toBe(200);
      const missing = await staffA.post(`/volunteer-activities/${a.id}/confirm-attendance`);
      expect(missing.status).toBe(409);
      expect(missing.body.error?.message).toContain('已签到但未签退');
      const signups = await staffA.get(`/volunteer-activities/${a.id}/signups`);
      const row2 = signups.data.find((s: { userId: number }) => s.userId === v2.userId);
      expect(
        (await staffA.post(`/volunteer-activities/${a.id}/attendance`, { signupId: row2.signupId, attendance: 'present', reason: '忘记签退，现场核实', checkedOutAt: new Date(start + 80 * MIN).toISOString() })).status,
      ).toBe(200);
      const done = await staffA.post(`/volunteer-activities/${a.id}/confirm-attendance`);
      expect(done.status).toBe(200);
      const rows = await t.db.manager.find(Signup, { where: { activityId: a.id } });
      // v1: start → extended end (100 min) → 90; v2: start → 80 min → 60.
      expect(rows.find((r) => r.userId === v1.userId)!.creditedMinutes).toBe(90);
      expect(rows.find((r) => r.userId === v2.userId)!.creditedMinutes).toBe(60);
    });

    it('issues a certificate whose public check shows no personal data', async () => {
      const cert = await early.get('/volunteers/me/certificate');
      expect(cert.status).toBe(200);
      expect(cert.data).toMatchObject({ totalMinutes: 150, totalHours: 2.5, communityName: '文昌社区', activities: [{ title: '河道清洁', minutes: 150 }] });
      expect(cert.data.code).toMatch(/^[A-Z2-9]{12}$/);
      expect((await early.get('/volunteers/me/certificate')).data.code).toBe(cert.data.code);

      const pub = await t.api.get(`/volunteer-certificates/${cert.data.code}`);
      expect(pub.status).toBe(200);
      expect(pub.data).toEqual({ valid: true, code: cert.data.code, nameMasked: '测****', communityName: '文昌社区', totalHours: 2.5, activityCount: 1, issuedAt: cert.data.issuedAt });
      expect((await t.api.get('/volunteer-certificates/AAAAAAAAAAAA')).status).toBe(404);
    });
  });

  // ------------------------------------------------------------------------ tasks

  describe('typed check-in codes (H5)', () => {
    it('takes the 6-digit code typed on the activity’s page; a wrong one says the tries left, and 5 wrong tries stop the guessing (429)', async () => {
      const [typist, guesser] = await approvedVolunteers(t, tree.a, 2, 'o-code');
      const a = await createActivity(t, staffA, tree.a, { title: '社区读书会', capacity: 5 }, 3 * 24 * 60, 60);
      for (const v of [typist, guesser]) expect((await v.post(`/volunteer-activities/${a.id}/signups`)).status).toBe(201);
      moveTo(new Date(new Date(a.startsAt).getTime() - 10 * MIN));
      const shown = (await staffA.get(`/volunteer-activities/${a.id}/qr?purpose=in`)).data;
      expect(shown.code).toMatch(/^\d{6}$/);
      // The code belongs to this activity and purpose: not another activity's, not the check-out one.
      const outCode = (await staffA.get(`/volunteer-activities/${a.id}/qr?purpose=out`)).data.code;
      const wrong = ['000000', '111111', '222222', '333333', '444444', '555555'].find((c) => c !== shown.code && c !== outCode)!;

      const ok = await typist.post(`/volunteer-activities/${a.id}/check-in`, { token: shown.code });
      expect(ok.status).toBe(200);
      expect(ok.data.message).toBe('签到成功');
      // Typing the same code again is a replay.
      expect((await typist.post(`/volunteer-activities/${a.id}/check-in`, { token: shown.code })).status).toBe(409);

      const first = await guesser.post(`/volunteer-activities/${a.id}/check-in`, { token: wrong });
      expect(first.status).toBe(400);
      expect(first.body.error?.message).toContain('还可以再试 4 次');
      for (let i = 0; i < 4; i++) expect((await guesser.post(`/volunteer-activities/${a.id}/check-in`, { token: wrong })).status).toBe(400);
      // Now even the right code is refused for a while: guessing a million codes is not a way in.
      const stopped = await guesser.post(`/volunteer-activities/${a.id}/check-in`, { token: shown.code });
      expect(stopped.status).toBe(429);
      expect(stopped.body.error?.message).toMatch(/请 \d+ 分钟后再试/);
      expect(stopped.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await t.db.manager.findOneByOrFail(Signup, { activityId: a.id, userId: guesser.userId })).checkedInAt).toBeNull();
      // Ten minutes later the organizer's current code works.
      t.clock.advance(10 * MIN + 1000);
      const later = (await staffA.get(`/volunteer-activities/${a.id}/qr?purpose=in`)).data.code;
      expect((await guesser.post(`/volunteer-activities/${a.id}/check-in`, { token: later })).status).toBe(200);
    });
  });

  describe('tasks for residents’ needs', () => {
    let reporter: Person;
    let v1: Person;
    let v2: Person;
    let needId: number;
    let taskId: number;

    beforeAll(async () => {
      reporter = await resident(t, 'o-v-task-reporter', tree.a, '7栋', '3单元');
      expect((await reporter.post('/me/phone', { code: t.fake.issuePhoneCode('13700007777') })).status).toBe(201);
      needId = await reportNeed(reporter, await categoryId(t, 'elderly'), { title: '需要陪同去医院复查', isPublic: false });
      v1 = await t.login('o-v-task-1');
      v2 = await t.login('o-v-task-2');
      await registerAndApprove(t, v1, staffA, tree.a, '13600000001');
      await registerAndApprove(t, v2, staffA, tree.a, '13600000002');
    });

    it('turns only an accepted need into tasks, by the community’s staff', async () => {
      const body = { kind: 'escort', title: '陪同复查', startsAt: new Date(t.clock.now().getTime() + 26 * HOUR).toISOString(), endsAt: new Date(t.clock.now().getTime() + 29 * HOUR).toISOString(), place: '区人民医院' };
      const tooSoon = await staffA.post(`/needs/${needId}/volunteer-tasks`, body);
      expect(tooSoon.status).toBe(409);
      expect(tooSoon.body.error?.message).toContain('待受理');
      expect((await staffA.post(`/needs/${needId}/accept`, {})).status).toBe(200);
      expect((await staffB.post(`/needs/${needId}/volunteer-tasks`, body)).status).toBe(403);
      const created = await staffA.post(`/needs/${needId}/volunteer-tasks`, body);
      expect(created.status).toBe(201);
      expect(created.data).toMatchObject({ status: 'open', kindLabel: '陪诊', place: '区人民医院' });
      taskId = created.data.id;
      const listed = await v1.get(`/volunteer-tasks?nodeId=${tree.a.id}`);
      expect(listed.data.map((x: { id: number }) => x.id)).toContain(taskId);
      expect(JSON.stringify(listed.body)).not.toContain('13700007777');
      expect(JSON.stringify(listed.body)).not.toContain('7栋');
    });

    it('lets exactly one of two volunteers claiming at once win', async () => {
      const res = await Promise.all([v1.post(`/volunteer-tasks/${taskId}/claim`), v2.post(`/volunteer-tasks/${taskId}/claim`)]);
      expect(res.map((r) => r.status).sort()).toEqual([200, 409]);
      const loser = res.find((r) => r.status === 409)!;
      expect(loser.body.error?.message).toContain('已被其他志愿者认领');
      expect(await t.db.manager.count(AuditLog, { where: { action: 'volunteer_task.claim', entityId: taskId } })).toBe(1);
      // Keep v1 as the claimer for the next tests, whoever won.
      if (res[0].status !== 200) [v1, v2] = [v2, v1];
    });

    it('shows the resident’s contact only to the claimer and covering staff, audited as a personal-data access', async () => {
      const forOther = await v2.get(`/volunteer-tasks/${taskId}/contact`);
      expect(forOther.status).toBe(403);
      expect(JSON.stringify(forOther.body)).not.toContain('13700007777');
      expect((await staffB.get(`/volunteer-tasks/${taskId}/contact`)).status).toBe(403);

      const mine = await v1.get(`/volunteer-tasks/${taskId}/contact`);
      expect(mine.status).toBe(200);
      expect(mine.data).toMatchObject({ phone: '13700007777', building: '7栋', unit: '3单元', community: '文昌社区' });
      expect((await staffA.get(`/volunteer-tasks/${taskId}/contact`)).data.phone).toBe('13700007777');
      const audits = await t.db.manager.find(AuditLog, { where: { action: 'pii.view_contact', entityId: taskId } });
      expect(audits.map((a) => a.actorId).sort()).toEqual([v1.userId, staffA.userId].sort());
      expect(audits.map((a) => a.detail).join('')).not.toContain('13700007777');
    });

    it('marks the task done with a note, not before the service starts: the need’s timeline shows the volunteers step', async () => {
      expect((await v2.post(`/volunteer-tasks/${taskId}/done`, { note: '已陪同' })).status).toBe(403);
      // The service starts in 26 hours: done before that is refused, and the view says so (#20).
      expect((await v1.get(`/volunteer-tasks/${taskId}`)).data).toMatchObject({ claimedByMe: true, canMarkDone: false });
      const early = await v1.post(`/volunteer-tasks/${taskId}/done`, { note: '已陪同' });
      expect(early.status).toBe(409);
      expect(early.body.error?.message).toContain('开始后才能标记完成');
      expect((await t.db.manager.findOneByOrFail(VolunteerTask, { id: taskId })).status).toBe('claimed');
      t.clock.advance(26 * HOUR + MIN);
      expect((await v1.get(`/volunteer-tasks/${taskId}`)).data.canMarkDone).toBe(true);
      const done = await v1.post(`/volunteer-tasks/${taskId}/done`, { note: '已陪同老人完成复查并送回家' });
      expect(done.status).toBe(200);
      expect(done.data.status).toBe('done');
      const tl = await reporter.get(`/needs/${needId}/timeline`);
      const step = tl.data.events.find((e: { kind: string; step: string }) => e.kind === 'step' && e.step === 'volunteers');
      expect(step).toMatchObject({ action: '志愿者完成陪诊任务', note: '已陪同老人完成复查并送回家', actorRole: 'volunteer' });
      expect(tl.data.steps.find((s: { key: string }) => s.key === 'volunteers').state).not.toBe('pending');
      // The claimer's access ends with the task.
      expect((await v1.get(`/volunteer-tasks/${taskId}/contact`)).status).toBe(403);
    });

    it('refuses a volunteer the task made from her own need, and says so in the view', async () => {
      // A registered volunteer who is also a resident reports a need of her own.
      const own = await resident(t, 'o-v-task-own', tree.a, '9栋', '1单元');
      await registerAndApprove(t, own, staffA, tree.a, '13600000009');
      const ownNeed = await reportNeed(own, await categoryId(t, 'elderly'), { title: '需要有人帮忙取药', isPublic: false });
      expect((await staffA.post(`/needs/${ownNeed}/accept`, {})).status).toBe(200);
      const body = { kind: 'shopping', title: '帮忙取药', startsAt: new Date(t.clock.now().getTime() + 5 * HOUR).toISOString(), endsAt: new Date(t.clock.now().getTime() + 6 * HOUR).toISOString(), place: '社区卫生服务站' };
      const created = await staffA.post(`/needs/${ownNeed}/volunteer-tasks`, body);
      expect(created.status).toBe(201);
      expect((await own.get(`/volunteer-tasks/${created.data.id}`)).data.ownNeed).toBe(true);
      expect((await v2.get(`/volunteer-tasks/${created.data.id}`)).data.ownNeed).toBe(false);
      const refused = await own.post(`/volunteer-tasks/${created.data.id}/claim`);
      expect(refused.status).toBe(409);
      expect(refused.body.error?.message).toContain('您自己反映的需求');
      expect((await t.db.manager.findOneByOrFail(VolunteerTask, { id: created.data.id })).status).toBe('open');
      // Someone else may.
      expect((await v2.post(`/volunteer-tasks/${created.data.id}/claim`)).status).toBe(200);
    });

    it('lets the claimer release a task with a reason (staff told), and staff take one back (the volunteer told); it can be claimed again (#13)', async () => {
      const body = { kind: 'escort', title: '陪同复诊', startsAt: new Date(t.clock.now().getTime() + 20 * HOUR).toISOString(), endsAt: new Date(t.clock.now().getTime() + 22 * HOUR).toISOString(), place: '区人民医院' };
      const created = await staffA.post(`/needs/${needId}/volunteer-tasks`, body);
      expect(created.status).toBe(201);
      const id = created.data.id as number;
      expect((await v1.post(`/volunteer-tasks/${id}/claim`)).status).toBe(200);
      expect((await v1.get(`/volunteer-tasks/${id}`)).data).toMatchObject({ claimedByMe: true, canRelease: true });
      // Nobody else may release it; a reason is needed.
      expect((await v2.post(`/volunteer-tasks/${id}/release`, { reason: '我来吧' })).status).toBe(403);
      expect((await v1.post(`/volunteer-tasks/${id}/release`, {})).status).toBe(400);
      const released = await v1.post(`/volunteer-tasks/${id}/release`, { reason: '临时加班，去不了' });
      expect(released.status).toBe(200);
      expect(released.data).toMatchObject({ status: 'open', claimed: false, canRelease: false });
      const told = (await staffA.get('/inbox')).data.items.find((i: { title: string }) => i.title === '志愿者释放了任务');
      expect(told.body).toContain('临时加班，去不了');
      expect((await v1.post(`/volunteer-tasks/${id}/release`, { reason: '再试' })).status).toBe(403);
      // Claimed again by someone else, then taken back by staff to hand on.
      expect((await v2.post(`/volunteer-tasks/${id}/claim`)).status).toBe(200);
      const back = await staffA.post(`/volunteer-tasks/${id}/release`, { reason: '居民改约到下周，重新派发' });
      expect(back.status).toBe(200);
      expect(back.data.status).toBe('open');
      expect((await v2.get('/inbox')).data.items.some((i: { title: string; body: string }) => i.title === '任务已由社区收回' && i.body.includes('居民改约到下周'))).toBe(true);
      expect((await staffA.post(`/volunteer-tasks/${id}/release`, { reason: '再收回' })).status).toBe(409);
      expect((await v1.post(`/volunteer-tasks/${id}/claim`)).status).toBe(200);
      // 改派: staff hand it to a named volunteer; both sides are told (#13).
      expect((await v1.post(`/volunteer-tasks/${id}/assign`, { userId: v2.userId })).status).toBe(403);
      const notVolunteer = await staffA.post(`/volunteer-tasks/${id}/assign`, { userId: reporter.userId });
      expect(notVolunteer.status).toBe(400);
      expect(notVolunteer.body.error?.fields?.[0]?.field).toBe('userId');
      const moved = await staffA.post(`/volunteer-tasks/${id}/assign`, { userId: v2.userId });
      expect(moved.status).toBe(200);
      expect((await t.db.manager.findOneByOrFail(VolunteerTask, { id })).claimedBy).toBe(v2.userId);
      expect((await v2.get(`/volunteer-tasks/${id}`)).data).toMatchObject({ claimedByMe: true, status: 'claimed' });
      expect((await v1.get('/inbox')).data.items.some((i: { title: string }) => i.title === '任务已由社区改派')).toBe(true);
      expect((await v2.get('/inbox')).data.items.some((i: { title: string }) => i.title === '社区为您指派了志愿任务')).toBe(true);
      expect(await t.db.manager.countBy(AuditLog, { action: 'volunteer_task.assign', entityId: id })).toBe(1);
    });

    it('alerts staff and reminds the volunteer, once per claim, when a claimed task’s time has passed without it being done (#13)', async () => {
      const body = { kind: 'shopping', title: '代购降压药', startsAt: new Date(t.clock.now().getTime() + 1 * HOUR).toISOString(), endsAt: new Date(t.clock.now().getTime() + 2 * HOUR).toISOString(), place: '社区药店' };
      const created = await staffA.post(`/needs/${needId}/volunteer-tasks`, body);
      expect(created.status).toBe(201);
      const id = created.data.id as number;
      expect((await v2.post(`/volunteer-tasks/${id}/claim`)).status).toBe(200);
      const sweep = t.app.get(TasksService);
      const staffAlerts = () => t.db.manager.count(InboxMessage, { where: { userId: staffA.userId, title: '志愿任务逾期未完成' } });
      const before = await staffAlerts();
      await sweep.alertOverdueClaimed();
      expect(await staffAlerts()).toBe(before); // not yet over
      t.clock.advance(2 * HOUR + 60_000);
      await sweep.alertOverdueClaimed();
      await sweep.alertOverdueClaimed();
      expect(await staffAlerts()).toBe(before + 1);
      expect((await v2.get('/inbox')).data.items.some((i: { title: string; body: string }) => i.title === '请标记任务完成' && i.body.includes('代购降压药'))).toBe(true);
      // Done now: nothing more to say.
      expect((await v2.post(`/volunteer-tasks/${id}/done`, { note: '药已送到' })).status).toBe(200);
      await sweep.alertOverdueClaimed();
      expect(await staffAlerts()).toBe(before + 1);

      // Staff confirm it: the scheduled hour is credited with 10 points, once (#13).
      const recordBefore = (await v2.get('/volunteers/me/record')).data;
      expect(recordBefore.tasks.find((x: { taskId: number }) => x.taskId === id)).toMatchObject({ confirmed: false, creditedMinutes: null });
      expect((await staffA.get(`/volunteer-tasks/${id}`)).data).toMatchObject({ canConfirm: true, scheduledMinutes: 60, confirmed: false });
      expect((await v2.get(`/volunteer-tasks/${id}`)).data.canConfirm).toBe(false);
      expect((await v2.post(`/volunteer-tasks/${id}/confirm`, {})).status).toBe(403);
      const tooMuch = await staffA.post(`/volunteer-tasks/${id}/confirm`, { minutes: 90 });
      expect(tooMuch.status).toBe(400);
      expect(tooMuch.body.error?.fields?.[0]).toMatchObject({ field: 'minutes', message: expect.stringContaining('最多为任务安排的 1 小时') });
      expect((await staffA.post(`/volunteer-tasks/${id}/confirm`, { minutes: 45 })).status).toBe(400);
      const confirmed = await staffA.post(`/volunteer-tasks/${id}/confirm`, {});
      expect(confirmed.status).toBe(200);
      expect(confirmed.data).toMatchObject({ confirmed: true, creditedMinutes: 60, creditedHours: 1, canConfirm: false });
      expect((await staffA.post(`/volunteer-tasks/${id}/confirm`, {})).status).toBe(409);
      const record = (await v2.get('/volunteers/me/record')).data;
      expect(record.totalMinutes).toBe(recordBefore.totalMinutes + 60);
      expect(record.tasks.find((x: { taskId: number }) => x.taskId === id)).toMatchObject({ confirmed: true, creditedMinutes: 60, creditedHours: 1, title: '代购降压药' });
      expect(record.points.balance).toBe(recordBefore.points.balance + 10);
      expect(record.points.entries[0]).toMatchObject({ delta: 10, sourceType: 'task', sourceId: id, reason: '完成志愿任务“代购降压药” 1 小时' });
      const cert = (await v2.get('/volunteers/me/certificate')).data;
      expect(cert.activities.map((x: { title: string }) => x.title)).toContain('志愿任务：代购降压药');
      expect(cert.totalMinutes).toBe(record.totalMinutes);
      // A task not yet done cannot be confirmed.
      const later = (h: number) => new Date(t.clock.now().getTime() + h * HOUR).toISOString();
      const open = await staffA.post(`/needs/${needId}/volunteer-tasks`, { ...body, title: '再代购一次', startsAt: later(1), endsAt: later(2) });
      expect(open.status).toBe(201);
      const notDone = await staffA.post(`/volunteer-tasks/${open.data.id}/confirm`, {});
      expect(notDone.status).toBe(409);
      expect(notDone.body.error?.message).toContain('志愿者标记完成后才能确认');
      await t.db.manager.delete(VolunteerTask, { id: open.data.id }); // out of the next test's way
    });

    it('alerts the community’s staff, once, about a task still unclaimed at its start', async () => {
      const body = { kind: 'meal', title: '送午餐', startsAt: new Date(t.clock.now().getTime() + 2 * HOUR).toISOString(), endsAt: new Date(t.clock.now().getTime() + 3 * HOUR).toISOString(), place: '居民家中' };
      const created = await staffA.post(`/needs/${needId}/volunteer-tasks`, body);
      expect(created.status).toBe(201);
      const sweep = t.app.get(TasksService);
      const count = () => t.db.manager.count(InboxMessage, { where: { userId: staffA.userId, title: '志愿任务无人认领' } });
      const before = await count();
      await sweep.alertUnclaimed();
      expect(await count()).toBe(before);
      t.clock.advance(2 * HOUR + MIN);
      expect((await sweep.alertUnclaimed()).alerted).toBe(1);
      expect(await count()).toBe(before + 1);
      expect((await sweep.alertUnclaimed()).alerted).toBe(0);
      expect(await t.db.manager.count(InboxMessage, { where: { userId: staffB.userId, title: '志愿任务无人认领' } })).toBe(0);
    });
  });

  it('validates activity input with field names in Chinese', async () => {
    const res = await staffA.post('/volunteer-activities', activityBody(t, tree.a, { capacity: 0, lateCancel: 'maybe' }));
    expect(res.status).toBe(400);
    const fields = Object.fromEntries(res.body.error!.fields!.map((f) => [f.field, f.message]));
    expect(fields.capacity).toBe('招募人数不能小于 1');
    expect(fields.lateCancel).toContain('临时取消的处理只能是');
    const plainVolunteer = (await approvedVolunteers(t, tree.a, 1, 'o-nonorg'))[0];
    expect((await plainVolunteer.post('/volunteer-activities', activityBody(t, tree.a))).status).toBe(403);
  });
});
