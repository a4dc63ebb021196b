import { runSweeps } from '../../../server/src/background-jobs';
import { Lifecycle } from '../../../server/src/common/lifecycle';
import { JobLease, JobLeases } from '../../../server/src/database/job-lease';
import { OutboxDispatcher } from '../../../server/src/notifications/outbox.dispatcher';
import { OutboxMessage } from '../../../server/src/notifications/outbox-message.entity';
import { User } from '../../../server/src/users/user.entity';
import { startTestApp, type TestApp } from '../../helpers/test-app';

/**
 * The pieces that let several instances share one database (#16), on both databases: a sweep's
 * lease (one holder at a time; a crashed holder's lease runs out and another takes over), the
 * outbox's own claim (a message claimed by a dispatcher that died is sent later, once), and
 * readiness (which dependency failed; 503 while shutting down).
 */
describe('sweep leases, the outbox claim and readiness', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const leases = (holder: string, ttlMs = 60_000) => new JobLeases(t.db, t.clock, ttlMs, holder);

  it('gives a lease to one of many instances claiming it at once, and keeps it with its holder', async () => {
    const claimers = Array.from({ length: 8 }, (_, i) => leases(`instance-${i}`));
    const won = await Promise.all(claimers.map((l) => l.claim('first-claim')));
    expect(won.filter(Boolean)).toHaveLength(1);
    const winner = claimers[won.indexOf(true)];
    // Claiming again renews it; the others still cannot have it.
    expect(await winner.claim('first-claim')).toBe(true);
    expect(await winner.renew('first-claim')).toBe(true);
    for (const other of claimers.filter((c) => c !== winner)) expect(await other.claim('first-claim')).toBe(false);
    expect(await t.db.manager.count(JobLease, { where: { name: 'first-claim' } })).toBe(1);
  });

  it('lets another instance take over when the holder dies (its lease runs out), and at once when it shuts down', async () => {
    const crashed = leases('crashed');
    const survivor = leases('survivor');
    expect(await crashed.claim('crash')).toBe(true);
    expect(await survivor.claim('crash')).toBe(false);
    t.clock.advance(59_000);
    expect(await survivor.claim('crash')).toBe(false);
    t.clock.advance(2_000);
    expect(await survivor.claim('crash')).toBe(true);
    // The dead one, were it to come back, has lost it.
    expect(await crashed.renew('crash')).toBe(false);
    expect(await crashed.claim('crash')).toBe(false);

    await survivor.releaseAll();
    expect(await crashed.claim('crash')).toBe(true);
  });

  it('runs only the sweeps whose lease this instance holds', async () => {
    const other = leases('other');
    expect(await other.claim('held-elsewhere')).toBe(true);
    const ran: string[] = [];
    const sweep = (name: string) => ({ name, run: async () => void ran.push(name) });
    const mine = leases('mine');
    await runSweeps([sweep('held-elsewhere'), sweep('free')], mine);
    expect(ran).toEqual(['free']);
    await runSweeps([sweep('held-elsewhere'), sweep('free')], mine, () => true);
    expect(ran).toEqual(['free']); // stopping: nothing more starts
  });

  it('sends a message claimed by a dispatcher that died once its claim runs out, and only once', async () => {
    const user = await t.db.manager.save(User, t.db.manager.create(User, { openid: 'o-lease-outbox', nickname: '收消息的人' }));
    const now = t.clock.now();
    // As a dispatcher leaves it when it dies between its claim and the send: attempts counted, not yet due again.
    await t.db.manager.insert(OutboxMessage, {
      userId: user.id,
      templateKey: 'need_status',
      templateId: t.config.notifications.templates.needStatus!,
      page: null,
      data: JSON.stringify({ thing1: { value: 'claimed-then-crashed' } }),
      status: 'queued',
      attempts: 1,
      nextAttemptAt: new Date(now.getTime() + 5 * 60_000),
      createdAt: now,
      sentAt: null,
      lastError: null,
    });
    const dispatcher = t.app.get(OutboxDispatcher);
    await dispatcher.dispatchOutbox();
    expect(t.fake.sent.filter((m) => m.touser === 'o-lease-outbox')).toHaveLength(0);
    t.clock.advance(5 * 60_000 + 1000);
    await Promise.all([dispatcher.dispatchOutbox(), dispatcher.dispatchOutbox()]);
    await dispatcher.dispatchOutbox();
    expect(t.fake.sent.filter((m) => m.touser === 'o-lease-outbox')).toHaveLength(1);
  });

  it('answers liveness always and readiness with what it checked', async () => {
    expect((await t.api.get('/health/live')).data).toEqual({ status: 'ok' });
    const ready = await t.api.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.data.checks.map((c: { name: string }) => c.name).sort()).toEqual(['database', 'storage']);
    expect((await t.api.get('/health')).status).toBe(200);
  });

  it('is not ready, naming the part, when Redis does not answer; and not ready once shutting down', async () => {
    // A port nothing listens on: the app still starts (Redis is not needed to serve) but is not ready.
    const broken = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_KEY_PREFIX: 'wushe-broken:' });
    try {
      const res = await broken.api.get('/health/ready');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: '服务未就绪：Redis暂时无法访问' });
      expect(res.body.error?.requestId).toBeTruthy();
      // The rate limiter lets requests through while its counters are out of reach.
      expect((await broken.api.get('/needs/categories')).status).toBe(200);

      await broken.app.get(Lifecycle).beforeApplicationShutdown();
      const draining = await broken.api.get('/health/ready');
      expect(draining.status).toBe(503);
      expect(draining.body.error?.message).toBe('服务正在停止，不再接收新的请求');
    } finally {
      await broken.close();
    }
  });
});
