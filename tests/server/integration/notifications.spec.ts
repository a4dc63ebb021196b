import { DEV_TEMPLATE_NEED_STATUS } from '../../../server/src/config/app-config';
import { InboxMessage } from '../../../server/src/notifications/inbox-message.entity';
import { OutboxMessage } from '../../../server/src/notifications/outbox-message.entity';
import { OutboxDispatcher } from '../../../server/src/notifications/outbox.dispatcher';
import { Need } from '../../../server/src/needs/need.entity';
import { FakeWechatServer } from '../../../server/src/wechat/fake-wechat.server';
import { buildTree, categoryId, person, reportNeed, resident, type Tree } from '../../helpers/factories';
import { type Api, startTestApp, type TestApp } from '../../helpers/test-app';

type User = Api & { userId: number };
const SEND = '/cgi-bin/message/subscribe/send';

describe('notifications: in-app inbox and WeChat subscribe messages', () => {
  let t: TestApp;
  let tree: Tree;
  let cat: number;
  let staff: User;
  let dispatcher: OutboxDispatcher;

  beforeAll(async () => {
    t = await startTestApp({ OUTBOX_MAX_ATTEMPTS: '3' });
    tree = await buildTree(t.db);
    cat = await categoryId(t);
    staff = await person(t, 'o-nt-staff', [['staff', tree.a]]);
    dispatcher = t.app.get(OutboxDispatcher);
  });
  afterAll(() => t.close());

  const sentTo = (openid: string) => t.fake.sent.filter((m) => m.touser === openid);

  it('fills the inbox on every change that concerns the resident, counts unread, marks read', async () => {
    const res = await resident(t, 'o-nt-inbox', tree.a);
    const other = await resident(t, 'o-nt-other', tree.a);
    expect((await res.get('/inbox/unread-count')).data).toEqual({ unread: 0 });

    const id = await reportNeed(res, cat, { title: '楼下路灯不亮' });
    // Reporting is the resident's own act: nothing to tell them yet.
    expect((await res.get('/inbox/unread-count')).data.unread).toBe(0);

    await staff.post(`/needs/${id}/reject`, { reason: '路灯归市政管理，已帮您转告' });
    expect((await res.get('/inbox/unread-count')).data.unread).toBe(1);
    expect((await other.get('/inbox/unread-count')).data.unread).toBe(0);
    // The actor is not told about their own act (the staff member was told of the new need only — #12).
    expect((await t.db.manager.find(InboxMessage, { where: { userId: staff.userId } })).map((m) => m.title)).toEqual(['新的居民需求']);

    const inbox = await res.get('/inbox');
    expect(inbox.status).toBe(200);
    expect(inbox.data.items[0]).toMatchObject({
      title: '需求进展',
      body: expect.stringContaining('路灯归市政管理'),
      page: `resident/pages/need/index?id=${id}`,
      read: false,
    });
    const msgId = inbox.data.items[0].id;
    expect((await other.post(`/inbox/${msgId}/read`)).status).toBe(404); // someone else's message
    const read = await res.post(`/inbox/${msgId}/read`);
    expect(read.status).toBe(200);
    expect(read.data).toEqual({ unread: 0 });
    expect((await res.get('/inbox')).data.items[0].read).toBe(true);

    const id2 = await reportNeed(res, cat, { title: '垃圾清运不及时' });
    await staff.post(`/needs/${id2}/accept`, {});
    await staff.post(`/needs/${id2}/route`, { to: 'in_progress' });
    expect((await res.get('/inbox/unread-count')).data.unread).toBe(2);
    expect((await res.post('/inbox/read-all')).data).toEqual({ unread: 0 });
    expect((await res.get('/inbox/unread-count')).data.unread).toBe(0);
  });

  it('sends a subscribe message only to someone who accepted one, once per acceptance', async () => {
    const subscriber = await resident(t, 'o-nt-sub', tree.a);
    const silent = await resident(t, 'o-nt-silent', tree.a);
    const id = await reportNeed(subscriber, cat, { title: '单元门禁坏了', subscribed: ['need_status'] });
    const id2 = await reportNeed(silent, cat, { title: '单元门禁也坏了' });
    expect((await subscriber.get('/inbox/subscriptions')).data).toEqual({ need_status: 1 });

    await staff.post(`/needs/${id}/accept`, {});
    await staff.post(`/needs/${id2}/accept`, {});
    expect(await t.db.manager.count(OutboxMessage, { where: { userId: silent.userId } })).toBe(0);
    expect(await t.db.manager.count(OutboxMessage, { where: { userId: subscriber.userId } })).toBe(1);

    const result = await dispatcher.dispatchOutbox();
    expect(result.sent).toBe(1);
    const [msg] = sentTo('o-nt-sub');
    expect(msg).toMatchObject({
      template_id: DEV_TEMPLATE_NEED_STATUS,
      page: `resident/pages/need/index?id=${id}`,
      data: { thing1: { value: '单元门禁坏了' }, phrase2: { value: '已受理' }, thing4: { value: expect.any(String) } },
    });
    expect(msg.data.time3.value).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(sentTo('o-nt-silent')).toHaveLength(0);

    // The grant is spent: the next change reaches the inbox only.
    await staff.post(`/needs/${id}/route`, { to: 'in_progress' });
    expect(await t.db.manager.count(OutboxMessage, { where: { userId: subscriber.userId } })).toBe(1);
    expect((await dispatcher.dispatchOutbox()).sent).toBe(0);
    expect(sentTo('o-nt-sub')).toHaveLength(1);

    // Subscribing again at the next step (rating) grants one more.
    await staff.post(`/needs/${id}/done`, { note: '已修好' });
    await subscriber.post(`/needs/${id}/rate`, { rating: 4, subscribed: ['need_status'] });
    expect((await subscriber.get('/inbox/subscriptions')).data).toEqual({ need_status: 1 });
  });

  it('retries a failed send later with backoff, without touching the status change', async () => {
    const r = await resident(t, 'o-nt-retry', tree.a);
    const id = await reportNeed(r, cat, { title: '绿化带杂草多', subscribed: ['need_status'] });
    const accepted = await staff.post(`/needs/${id}/accept`, {});
    expect(accepted.status).toBe(200);

    t.fake.failNext(SEND, FakeWechatServer.errors.systemBusy);
    const first = await dispatcher.dispatchOutbox();
    expect(first).toMatchObject({ sent: 0, retried: 1 });
    expect((await t.db.manager.findOneByOrFail(Need, { id })).status).toBe('accepted');
    const row = await t.db.manager.findOneByOrFail(OutboxMessage, { userId: r.userId });
    expect(row).toMatchObject({ status: 'queued', attempts: 1, lastError: expect.stringContaining('-1') });
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(t.clock.now().getTime());

    // Not due yet: nothing is sent.
    expect((await dispatcher.dispatchOutbox()).sent).toBe(0);
    expect(sentTo('o-nt-retry')).toHaveLength(0);

    t.clock.advance(61_000);
    expect((await dispatcher.dispatchOutbox()).sent).toBe(1);
    expect(sentTo('o-nt-retry')).toHaveLength(1);
    expect(await t.db.manager.findOneByOrFail(OutboxMessage, { id: row.id })).toMatchObject({ status: 'sent', attempts: 2 });
    // The status change and its inbox row never depended on WeChat.
    expect((await r.get('/inbox/unread-count')).data.unread).toBe(1);
  });

  it('gives up after OUTBOX_MAX_ATTEMPTS, and at once when WeChat says the user refused', async () => {
    const r = await resident(t, 'o-nt-giveup', tree.a);
    const id = await reportNeed(r, cat, { title: '健身器材生锈', subscribed: ['need_status'] });
    await staff.post(`/needs/${id}/accept`, {});
    t.fake.failNext(SEND, FakeWechatServer.errors.systemBusy, 3);
    for (let i = 0; i < 3; i++) {
      await dispatcher.dispatchOutbox();
      t.clock.advance(60 * 60_000);
    }
    const row = await t.db.manager.findOneByOrFail(OutboxMessage, { userId: r.userId });
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect((await dispatcher.dispatchOutbox()).sent).toBe(0);
    expect(sentTo('o-nt-giveup')).toHaveLength(0);

    const refuser = await resident(t, 'o-nt-refuse', tree.a);
    const id2 = await reportNeed(refuser, cat, { title: '楼顶漏水', subscribed: ['need_status'] });
    await staff.post(`/needs/${id2}/accept`, {});
    t.fake.failNext(SEND, FakeWechatServer.errors.userRefused);
    expect(await dispatcher.dispatchOutbox()).toMatchObject({ failed: 1, retried: 0 });
    expect(await t.db.manager.findOneByOrFail(OutboxMessage, { userId: refuser.userId })).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('refuses unknown subscription keys', async () => {
    const r = await resident(t, 'o-nt-badkey', tree.a);
    const bad = await r.post('/needs', {
      categoryId: cat,
      title: '测试',
      description: '测试',
      location: { kind: 'none' },
      urgency: 'normal',
      isPublic: false,
      subscribed: ['everything'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.fields?.[0].field).toBe('subscribed');
  });
});
