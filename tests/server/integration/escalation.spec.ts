import { NeedEscalation } from '../../../server/src/needs/need-escalation.entity';
import { NeedsService } from '../../../server/src/needs/needs.service';
import { OutboxMessage } from '../../../server/src/notifications/outbox-message.entity';
import { buildTree, categoryId, person, reportNeed, resident, type Tree } from '../../helpers/factories';
import { type Api, startTestApp, type TestApp } from '../../helpers/test-app';

type Person = Api & { userId: number };
const HOUR = 3_600_000;
const MIN = 60_000;
const DAY = 24 * HOUR;

/** 接诉即办 clocks (#12): response and progress; yellow past the limit, red past twice it; each notice once per clock; the queue shows and filters them. */
describe('need response clocks and escalation', () => {
  let t: TestApp;
  let tree: Tree;
  let staffA: Person;
  let streetAdmin: Person;
  let reporter: Person;
  let sweep: () => Promise<{ yellow: number; red: number }>;
  let gasNeed = 0;

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
    staffA = await person(t, 'o-esc-staff', [['staff', tree.a]]);
    streetAdmin = await person(t, 'o-esc-admin', [['admin', tree.street]]);
    reporter = await resident(t, 'o-esc-res', tree.a);
    const service = t.app.get(NeedsService);
    sweep = () => service.escalateOverdue();
  });
  afterAll(() => t.close());

  const titles = async (who: Api) => (await who.get('/inbox')).data.items.map((i: { title: string }) => i.title);
  const queueItem = async (id: number, extra = '') => (await staffA.get(`/needs/queue?nodeId=${tree.a.id}${extra}`)).data.items.find((i: { id: number }) => i.id === id);

  it('tells the community’s staff of every new need at once, and of a 紧急 one also by subscribe message', async () => {
    expect((await staffA.post('/inbox/subscriptions', { keys: ['urgent_need'] })).data).toMatchObject({ urgent_need: 1 });
    const before = await t.db.manager.count(OutboxMessage, { where: { userId: staffA.userId, templateKey: 'urgent_need' } });
    const bins = await reportNeed(reporter, await categoryId(t, 'facilities'), { title: '垃圾桶满了' });
    expect(await titles(staffA)).toContain('新的居民需求');
    expect(await t.db.manager.count(OutboxMessage, { where: { userId: staffA.userId, templateKey: 'urgent_need' } })).toBe(before);
    const lift = await reportNeed(reporter, await categoryId(t, 'facilities'), { title: '电梯困人', urgency: 'critical' });
    const inbox = (await staffA.get('/inbox')).data.items;
    expect(inbox[0]).toMatchObject({ title: '紧急需求待受理', body: expect.stringContaining('请在 2 小时内受理') });
    expect(await t.db.manager.count(OutboxMessage, { where: { userId: staffA.userId, templateKey: 'urgent_need' } })).toBe(before + 1);
    // The street is not told of every new need.
    expect(await titles(streetAdmin)).not.toContain('紧急需求待受理');
    // Accepted at once: their clocks stop (and stay out of the next test).
    for (const id of [bins, lift]) expect((await staffA.post(`/needs/${id}/accept`, {})).status).toBe(200);
  });

  it('turns a 紧急 need yellow after 2 hours and red after 4, telling the community and then the street, once each', async () => {
    const gas = await reportNeed(reporter, await categoryId(t, 'facilities'), { title: '楼道里燃气味很重', urgency: 'critical' });
    const calm = await reportNeed(reporter, await categoryId(t, 'facilities'), { title: '路灯不亮' });
    expect((await queueItem(gas)).sla).toMatchObject({ state: 'ok' });
    expect(await sweep()).toEqual({ yellow: 0, red: 0 });

    t.clock.advance(2 * HOUR + MIN);
    expect((await queueItem(gas)).sla.state).toBe('yellow');
    expect((await queueItem(calm)).sla.state).toBe('ok');
    // The overdue filter shows only the late one.
    const overdue = (await staffA.get(`/needs/queue?nodeId=${tree.a.id}&overdue=yes`)).data.items.map((i: { id: number }) => i.id);
    expect(overdue).toEqual([gas]);
    expect((await staffA.get(`/needs/queue?nodeId=${tree.a.id}&overdue=maybe`)).status).toBe(400);

    expect(await sweep()).toEqual({ yellow: 1, red: 0 });
    expect(await Promise.all([sweep(), sweep()])).toEqual([{ yellow: 0, red: 0 }, { yellow: 0, red: 0 }]);
    expect((await titles(staffA)).filter((x: string) => x === '有需求超时未受理')).toHaveLength(1);
    expect(await titles(streetAdmin)).not.toContain('文昌社区有需求严重超时未受理');

    t.clock.advance(2 * HOUR);
    expect((await queueItem(gas)).sla.state).toBe('red');
    expect(await sweep()).toEqual({ yellow: 0, red: 1 });
    expect(await sweep()).toEqual({ yellow: 0, red: 0 });
    expect(await titles(streetAdmin)).toContain('文昌社区有需求严重超时未受理');
    expect(await t.db.manager.count(NeedEscalation, { where: { needId: gas } })).toBe(2);

    // Accepted: the response clock stops, the progress clock starts (a step every 7 days).
    expect((await staffA.post(`/needs/${gas}/accept`, {})).status).toBe(200);
    // The staff need page shows the same clock; the reporter's view has none.
    expect((await staffA.get(`/needs/${gas}`)).data.sla).toMatchObject({ clock: 'progress', state: 'ok' });
    expect((await reporter.get(`/needs/${gas}`)).data.sla).toBeUndefined();
    const progress = (await queueItem(gas, '&status=accepted')).sla;
    expect(progress).toMatchObject({ clock: 'progress', state: 'ok' });
    expect(Math.abs(new Date(progress.dueAt).getTime() - (t.clock.now().getTime() + 7 * DAY))).toBeLessThan(5_000);
    gasNeed = gas;
  });

  it('an accepted need with no step for 7 days turns yellow, for 14 red; a step restarts the clock, and a new stall is told again', async () => {
    const gas = gasNeed;
    const progressRows = () => t.db.manager.count(NeedEscalation, { where: { needId: gas, clock: 'progress' } });
    t.clock.advance(7 * DAY + MIN);
    expect((await queueItem(gas, '&status=accepted')).sla).toMatchObject({ clock: 'progress', state: 'yellow' });
    expect((await staffA.get(`/needs/queue?nodeId=${tree.a.id}&status=accepted&overdue=yes`)).data.items.map((i: { id: number }) => i.id)).toContain(gas);
    await sweep();
    expect(await progressRows()).toBe(1);
    const stalled = (await staffA.get('/inbox')).data.items.find((i: { title: string }) => i.title === '有需求长时间没有进展');
    expect(stalled.body).toContain('“楼道里燃气味很重”（已受理）已 7 天没有新的办理进展');
    expect(await titles(streetAdmin)).not.toContain('文昌社区有需求长期没有进展');
    await sweep();
    expect(await progressRows()).toBe(1);

    t.clock.advance(7 * DAY);
    expect((await queueItem(gas, '&status=accepted')).sla.state).toBe('red');
    await sweep();
    expect(await progressRows()).toBe(2);
    expect(await titles(streetAdmin)).toContain('文昌社区有需求长期没有进展');

    // A step on the timeline (routed to handling) restarts the clock …
    expect((await staffA.post(`/needs/${gas}/route`, { to: 'in_progress' })).status).toBe(200);
    expect((await queueItem(gas, '&status=in_progress')).sla).toMatchObject({ clock: 'progress', state: 'ok' });
    expect((await staffA.get(`/needs/queue?nodeId=${tree.a.id}&status=in_progress&overdue=yes`)).data.items.map((i: { id: number }) => i.id)).not.toContain(gas);
    await sweep();
    expect(await progressRows()).toBe(2);
    // … and when it stalls again the staff are told again.
    t.clock.advance(7 * DAY + MIN);
    await sweep();
    expect(await progressRows()).toBe(3);
    // Done: no clock.
    expect((await staffA.post(`/needs/${gas}/done`, { note: '已更换燃气软管' })).status).toBe(200);
    expect((await staffA.get(`/needs/queue?nodeId=${tree.a.id}&status=done`)).data.items.find((i: { id: number }) => i.id === gas).sla).toBeNull();
  });
});
