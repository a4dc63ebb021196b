import { NeedsService } from '../../../server/src/needs/needs.service';
import { OutboxMessage } from '../../../server/src/notifications/outbox-message.entity';
import { SubscriptionCredit } from '../../../server/src/notifications/subscription-credit.entity';
import { buildTree, categoryId, person, reportNeed, resident, type Tree } from '../../helpers/factories';
import { type Api, startTestApp, type TestApp } from '../../helpers/test-app';

type User = Api & { userId: number };
const DAY = 86_400_000;
const REMINDER = '请评价：需求明天将自动办结';

/** #17: a day before a done need closes without feedback, the resident is reminded — once per deadline. */
describe('the reminder before an unrated need closes itself', () => {
  let t: TestApp;
  let tree: Tree;
  let staff: User;
  let alice: User;
  let service: NeedsService;

  beforeAll(async () => {
    t = await startTestApp({ NEED_FEEDBACK_DAYS: '7' });
    tree = await buildTree(t.db);
    staff = await person(t, 'o-rem-staff', [['staff', tree.a]]);
    alice = await resident(t, 'o-rem-alice', tree.a);
    service = t.app.get(NeedsService);
  });
  afterAll(() => t.close());

  const reminders = async () => (await alice.get('/inbox')).data.items.filter((i: { title: string }) => i.title === REMINDER);
  const outbox = () => t.db.manager.count(OutboxMessage, { where: { userId: alice.userId, templateKey: 'need_status' } });

  it('reminds the resident (inbox and subscribe message) on the sixth day, once, and again for a new deadline after a reopen', async () => {
    const id = await reportNeed(alice, await categoryId(t), { title: '单元门禁坏了' });
    for (const [path, body] of [['accept', {}], ['route', { to: 'in_progress' }], ['done', { note: '已更换门禁' }]] as const) {
      expect((await staff.post(`/needs/${id}/${path}`, body)).status).toBe(200);
    }
    // She allowed one more progress message (as the report form's subscribe dialog grants it).
    await t.db.manager.upsert(SubscriptionCredit, { userId: alice.userId, templateKey: 'need_status', available: 1, updatedAt: new Date() }, ['userId', 'templateKey']);
    const queued = await outbox();

    t.clock.advance(5 * DAY);
    expect(await service.remindUnrated()).toEqual({ reminded: 0 });
    expect(await reminders()).toHaveLength(0);

    t.clock.advance(DAY + 60_000);
    expect(await service.remindUnrated()).toEqual({ reminded: 1 });
    expect(await Promise.all([service.remindUnrated(), service.remindUnrated()])).toEqual([{ reminded: 0 }, { reminded: 0 }]);
    const [note] = await reminders();
    expect(note).toMatchObject({ body: expect.stringContaining('单元门禁坏了'), page: `resident/pages/need/index?id=${id}` });
    expect(await reminders()).toHaveLength(1);
    expect(await outbox()).toBe(queued + 1);
    // Still open for a rating; the close sweep does not touch it before the deadline.
    expect(await service.closeUnrated()).toEqual({ closed: 0 });

    // Reopened and done again: a new deadline, a new reminder a day before it.
    expect((await alice.post(`/needs/${id}/reopen`, { reason: '又坏了' })).status).toBe(200);
    expect((await staff.post(`/needs/${id}/done`, { note: '换了新的' })).status).toBe(200);
    expect(await service.remindUnrated()).toEqual({ reminded: 0 });
    t.clock.advance(6 * DAY + 60_000);
    expect(await service.remindUnrated()).toEqual({ reminded: 1 });
    expect(await reminders()).toHaveLength(2);
  });
});
