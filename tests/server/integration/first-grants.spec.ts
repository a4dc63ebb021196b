import { DataSource } from 'typeorm';
import { SubscriptionCredit } from '../../../server/src/notifications/subscription-credit.entity';
import { Need } from '../../../server/src/needs/need.entity';
import { Signup } from '../../../server/src/volunteers/signup.entity';
import { inTransaction } from '../../../server/src/database/transaction';
import { buildTree, categoryId, needBody, person, resident, type Tree } from '../../helpers/factories';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { activityBody, registerAndApprove } from '../../helpers/volunteer-factories';

/**
 * Launch day of a community: many first-time users at once, each accepting a subscribe message.
 * The first grant of each person used to be "update, else insert" under a unique index, which
 * deadlocked on MariaDB and failed the report it belonged to with a 500.
 */
describe('first-time users at the same moment', () => {
  let t: TestApp;
  let tree: Tree;

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
  });
  afterAll(() => t.close());

  const creditsOf = async (userIds: number[], key: string) => {
    const rows = await t.db.manager.find(SubscriptionCredit, { where: { templateKey: key } });
    return new Map(rows.filter((r) => userIds.includes(r.userId)).map((r) => [r.userId, r.available]));
  };

  it('60 new residents report a need at once with the need_status subscription: all 201, all stored, one credit each', async () => {
    const cat = await categoryId(t);
    const people = [];
    for (let i = 0; i < 60; i++) people.push(await resident(t, `first-report-${i}`, tree.a, `${(i % 9) + 1}栋`, '1单元'));
    const answers = await Promise.all(
      people.map((p, i) => p.post('/needs', needBody(cat, { title: `第${i}位居民的需求`, subscribed: ['need_status'] }))),
    );
    expect(answers.map((r) => r.status)).toEqual(people.map(() => 201));
    const stored = await t.db.manager.count(Need, { where: people.map((p) => ({ reporterId: p.userId })) });
    expect(stored).toBe(60);
    const credits = await creditsOf(people.map((p) => p.userId), 'need_status');
    expect(people.map((p) => credits.get(p.userId))).toEqual(people.map(() => 1));
  });

  it('60 first-time volunteers sign up for one activity at once with the reminder subscription: all answered, one credit each', async () => {
    const staff = await person(t, 'first-staff', [['staff', tree.a]]);
    const created = await staff.post('/volunteer-activities', activityBody(t, tree.a, { capacity: 30 }));
    expect(created.status).toBe(201);
    const vols = [];
    for (let i = 0; i < 60; i++) {
      const v = await t.login(`first-vol-${i}`);
      await registerAndApprove(t, v, staff, tree.a, `1390000${String(1000 + i)}`);
      vols.push(v);
    }
    const answers = await Promise.all(vols.map((v) => v.post(`/volunteer-activities/${created.data.id}/signups`, { subscribed: ['activity_reminder'] })));
    expect(answers.map((r) => r.status)).toEqual(vols.map(() => 201));
    const statuses = answers.map((r) => r.data.status as string);
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(30);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(30);
    expect(await t.db.manager.count(Signup, { where: { activityId: created.data.id } })).toBe(60);
    // Everyone who accepted holds the grant, waitlisted too: a later promotion still sends reminders.
    const credits = await creditsOf(vols.map((v) => v.userId), 'activity_reminder');
    expect(vols.map((v) => credits.get(v.userId))).toEqual(vols.map(() => 1));
  });

  it('a second grant of the same person adds to the same row', async () => {
    const cat = await categoryId(t);
    const p = await resident(t, 'twice-granted', tree.a);
    for (const title of ['第一次反映', '第二次反映']) {
      const r = await p.post('/needs', needBody(cat, { title, subscribed: ['need_status', 'need_status'] }));
      expect(r.status).toBe(201);
    }
    const rows = await t.db.manager.find(SubscriptionCredit, { where: { userId: p.userId } });
    expect(rows.map((r) => [r.templateKey, r.available])).toEqual([['need_status', 2]]);
  });
});

/** The one transaction runner retries the whole transaction when the database picks it as a deadlock victim. */
describe(inTransaction.name, () => {
  let t: TestApp;
  let tree: Tree;
  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
  });
  afterAll(() => t.close());

  it('two transactions locking two rows in opposite order both succeed', async () => {
    const db: DataSource = t.db;
    const [x, y] = [tree.a.id, tree.b.id];
    // Each transaction touches its first row, waits until the other has touched its own, then the
    // second: on MariaDB one of them is chosen as the deadlock victim and must be run again.
    let arrived = 0;
    let release!: () => void;
    const bothIn = new Promise<void>((r) => (release = r));
    const runs = { first: 0, second: 0 };
    const lockBoth = (name: 'first' | 'second', one: number, two: number) =>
      inTransaction(db, async (m) => {
        runs[name] += 1;
        await m.query('UPDATE service_node SET name = name WHERE id = ?', [one]);
        if (runs[name] === 1) {
          if (++arrived === 2) release();
          // On the embedded database transactions run one at a time, so the other never arrives.
          await Promise.race([bothIn, new Promise((r) => setTimeout(r, 300))]);
        }
        await m.query('UPDATE service_node SET name = name WHERE id = ?', [two]);
        return name;
      });
    const results = await Promise.all([lockBoth('first', x, y), lockBoth('second', y, x)]);
    expect(results).toEqual(['first', 'second']);
    if (t.kind === 'mariadb') expect(runs.first + runs.second).toBe(3);
    else expect(runs).toEqual({ first: 1, second: 1 });
  });

  it('a transaction that keeps failing as a deadlock victim ends as 503 SERVICE_UNAVAILABLE with a retry hint', async () => {
    let tries = 0;
    const err = await inTransaction(t.db, async () => {
      tries += 1;
      throw Object.assign(new Error('Deadlock found when trying to get lock'), { code: 'ER_LOCK_DEADLOCK', errno: 1213 });
    }).catch((e: unknown) => e);
    expect(tries).toBeGreaterThan(1);
    expect(err).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503, retryAfterSeconds: expect.any(Number) });
  });

  it('other errors are not retried', async () => {
    let tries = 0;
    await expect(
      inTransaction(t.db, async () => {
        tries += 1;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(tries).toBe(1);
  });

});
