import { Activity } from '../../../server/src/volunteers/activity.entity';
import { Signup } from '../../../server/src/volunteers/signup.entity';
import { buildTree, person, type Tree } from '../../helpers/factories';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { approvedVolunteers, createActivity, type Person } from '../../helpers/volunteer-factories';

const HOUR = 3_600_000;

/**
 * The organizer edits an activity before it starts and cancels it with a reason (#13): more
 * places promote from the waitlist in order, fewer than those already given a place are refused,
 * and everyone holding a place or waiting is told.
 */
describe('volunteer activities: the organizer edits and cancels', () => {
  let t: TestApp;
  let tree: Tree;
  let staffA: Person;
  let staffB: Person;
  let v: Person[];

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
    staffA = await person(t, 'o-ae-staff-a', [['staff', tree.a]]);
    staffB = await person(t, 'o-ae-staff-b', [['staff', tree.b]]);
    v = await approvedVolunteers(t, tree.a, 3, 'o-ae-v');
  });
  afterAll(() => t.close());

  const statusOf = async (activityId: number, who: Person) => (await t.db.manager.findOneByOrFail(Signup, { activityId, userId: who.userId })).status;
  const inbox = async (who: Person, title: string) => (await who.get('/inbox')).data.items.filter((i: { title: string }) => i.title === title);

  it('promotes from the waitlist when places are added, refuses fewer places than confirmed, and tells everyone of a new time', async () => {
    const a = await createActivity(t, staffA, tree.a, { title: '重阳节包饺子', capacity: 1 });
    for (const p of v) expect((await p.post(`/volunteer-activities/${a.id}/signups`, {})).status).toBe(201);
    expect(await statusOf(a.id, v[0])).toBe('confirmed');
    expect(await statusOf(a.id, v[1])).toBe('waitlisted');

    // Another community's staff, a bad time, nothing to change: refused.
    expect((await staffB.patch(`/volunteer-activities/${a.id}`, { capacity: 5 })).status).toBe(403);
    expect((await staffA.patch(`/volunteer-activities/${a.id}`, { endsAt: new Date(new Date(a.startsAt).getTime() - HOUR).toISOString() })).status).toBe(400);
    expect((await staffA.patch(`/volunteer-activities/${a.id}`, {})).status).toBe(400);

    const more = await staffA.patch(`/volunteer-activities/${a.id}`, { capacity: 2 });
    expect(more.status).toBe(200);
    expect(await statusOf(a.id, v[1])).toBe('confirmed');
    expect(await statusOf(a.id, v[2])).toBe('waitlisted');
    const fewer = await staffA.patch(`/volunteer-activities/${a.id}`, { capacity: 1 });
    expect(fewer.status).toBe(409);
    expect(fewer.body.error?.message).toContain('已有 2 人报名成功');

    const later = new Date(new Date(a.startsAt).getTime() + 2 * HOUR);
    const moved = await staffA.patch(`/volunteer-activities/${a.id}`, { startsAt: later.toISOString(), endsAt: new Date(later.getTime() + 2 * HOUR).toISOString(), address: '文昌社区长者食堂' });
    expect(moved.status).toBe(200);
    expect(moved.data).toMatchObject({ address: '文昌社区长者食堂', startsAt: later.toISOString() });
    for (const p of v) expect((await inbox(p, '活动有变更'))[0]?.body).toContain('地点改为 文昌社区长者食堂');
  });

  it('cancels with a reason: every place and wait ends, everyone is told; nothing more can be done to it', async () => {
    const a = await createActivity(t, staffA, tree.a, { title: '楼道清扫', capacity: 1 }, 3 * 24 * 60);
    for (const p of v.slice(0, 2)) expect((await p.post(`/volunteer-activities/${a.id}/signups`, {})).status).toBe(201);
    expect((await staffA.post(`/volunteer-activities/${a.id}/cancel`, {})).status).toBe(400);
    expect((await staffB.post(`/volunteer-activities/${a.id}/cancel`, { reason: '越权' })).status).toBe(403);
    const cancelled = await staffA.post(`/volunteer-activities/${a.id}/cancel`, { reason: '台风预警，改期另行通知' });
    expect(cancelled.status).toBe(200);
    expect((await t.db.manager.findOneByOrFail(Activity, { id: a.id })).status).toBe('cancelled');
    expect(await statusOf(a.id, v[0])).toBe('cancelled');
    expect(await statusOf(a.id, v[1])).toBe('cancelled');
    for (const p of v.slice(0, 2)) expect((await inbox(p, '活动已取消'))[0]?.body).toContain('台风预警，改期另行通知');
    expect((await staffA.post(`/volunteer-activities/${a.id}/cancel`, { reason: '再取消' })).status).toBe(409);
    expect((await staffA.patch(`/volunteer-activities/${a.id}`, { capacity: 3 })).status).toBe(409);
    expect((await v[2].post(`/volunteer-activities/${a.id}/signups`, {})).status).toBe(409);
  });
});
