import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import Redis from 'ioredis';
import { In } from 'typeorm';
import { type BackgroundJobs, startBackgroundJobs, sweepsOf } from '../../../server/src/background-jobs';
import { FAKE_WECHAT_APPID, FAKE_WECHAT_SECRET } from '../../../server/src/config/app-config';
import { AuditLog } from '../../../server/src/audit/audit-log.entity';
import { JobLease } from '../../../server/src/database/job-lease';
import { NeedsService } from '../../../server/src/needs/needs.service';
import { InboxMessage } from '../../../server/src/notifications/inbox-message.entity';
import { OutboxDispatcher } from '../../../server/src/notifications/outbox.dispatcher';
import { OutboxMessage } from '../../../server/src/notifications/outbox-message.entity';
import { Residence } from '../../../server/src/users/residence.entity';
import { User } from '../../../server/src/users/user.entity';
import { Activity } from '../../../server/src/volunteers/activity.entity';
import { RemindersService } from '../../../server/src/volunteers/reminders.service';
import { VolunteerReminder } from '../../../server/src/volunteers/reminders.entity';
import { Signup } from '../../../server/src/volunteers/signup.entity';
import { FakeWechatServer } from '../../../server/src/wechat/fake-wechat.server';
import { buildTree, categoryId, fetchFile, grantRole, needBody, PNG_1X1, type Tree, uploadFile } from '../../helpers/factories';
import { createTestDatabase, dbKind, startTestApp, type Api, type TestApp, type TestDatabase } from '../../helpers/test-app';
import { approvedVolunteers, createActivity, tokenFor, type Person } from '../../helpers/volunteer-factories';

// s3rver (an S3-protocol server in Node, for tests) ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => { run(): Promise<{ port: number }>; close(): Promise<void> };

/**
 * Scale-out (#16): two server instances on one MariaDB database, one Redis and one S3 bucket (a
 * local S3-protocol server), both running their background sweeps on a one-second timer. What
 * must happen once happens once; what one instance counts or stores the other sees.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

(dbKind() === 'mariadb' ? describe : describe.skip)('two server instances on one database, one Redis, one bucket', () => {
  let database: TestDatabase;
  let fake: FakeWechatServer;
  let s3: { run(): Promise<{ port: number }>; close(): Promise<void> };
  let s3Dir: string;
  let s3Client: S3Client;
  let redis: Redis;
  let a: TestApp;
  let b: TestApp;
  let jobs: BackgroundJobs[] = [];
  let bClosed = false;
  let tree: Tree;
  let staffA: Api & { userId: number };
  let staffB: Api & { userId: number };
  const prefix = `wushe-test:${process.pid}:${randomBytes(4).toString('hex')}:`;
  const bucket = `wushe-${randomBytes(4).toString('hex')}`;
  let ip = 0;
  /** Each login from its own address, so that only the rate-limit test meets the login limit. */
  const nextIp = () => `10.${(++ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`;

  /** Both instances' clocks move together (their sweeps decide by them). */
  const advance = (ms: number) => {
    a.clock.advance(ms);
    b.clock.advance(ms);
  };

  async function login(t: TestApp, openid: string): Promise<Api & { userId: number }> {
    const res = await t.api.request('POST', '/auth/wechat-login', { code: t.fake.issueLoginCode(openid) }, { 'x-forwarded-for': nextIp() });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return Object.assign(t.api.as(res.data.token), { userId: res.data.me.id as number });
  }

  async function until(what: string, done: () => Promise<boolean>, ms = 20_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await done())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    s3Dir = mkdtempSync(join(tmpdir(), 'wushe-s3-'));
    s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: bucket }] });
    const { port } = await s3.run();
    const endpoint = `http://127.0.0.1:${port}`;
    s3Client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    redis = new Redis(REDIS_URL, { keyPrefix: prefix });
    database = await createTestDatabase('mariadb');
    fake = new FakeWechatServer({ appId: FAKE_WECHAT_APPID, appSecret: FAKE_WECHAT_SECRET });
    await fake.start();
    const env = {
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      STORAGE: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_PREFIX: 'photos/',
      // The client's address from X-Forwarded-For (nginx in front): each test client its own.
      TRUST_PROXY: 'true',
      THROTTLE_LOGIN_PER_MINUTE: '5',
      JOB_INTERVAL_SECONDS: '1',
      // Long enough that only the other instance's announcement can drop a shared page in time.
      PUBLIC_CACHE_SECONDS: '60',
    };
    a = await startTestApp(env, { database, fake });
    b = await startTestApp(env, { database, fake });
    jobs = [startBackgroundJobs(a.app, a.config), startBackgroundJobs(b.app, b.config)];

    tree = await buildTree(a.db);
    const staff = await a.db.manager.save(User, a.db.manager.create(User, { openid: 'o-scale-staff', nickname: '社区工作人员' }));
    await grantRole(a.db, staff.id, tree.a, 'staff');
    staffA = Object.assign(a.api.as(tokenFor(a, staff.id)), { userId: staff.id });
    staffB = Object.assign(b.api.as(tokenFor(b, staff.id)), { userId: staff.id });
  });

  afterAll(async () => {
    await Promise.all(jobs.map((j) => j.stop()));
    await a?.close();
    if (!bClosed) await b?.close();
    await fake?.stop();
    await database?.drop();
    if (redis) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys.map((k) => k.slice(prefix.length)));
      redis.disconnect();
    }
    s3Client?.destroy();
    await s3?.close();
    rmSync(s3Dir, { recursive: true, force: true });
  });

  it('both are ready: database, Redis and the bucket answer', async () => {
    for (const t of [a, b]) {
      const res = await t.api.get('/health/ready');
      expect(res.status).toBe(200);
      expect(res.data.checks.map((c: { name: string }) => c.name).sort()).toEqual(['database', 'redis', 'storage']);
    }
  });

  it('delivers each queued subscribe message once, with both instances sweeping', async () => {
    const user = await a.db.manager.save(User, a.db.manager.create(User, { openid: 'o-scale-outbox', nickname: '收消息的人' }));
    const now = a.clock.now();
    await a.db.manager.insert(
      OutboxMessage,
      Array.from({ length: 60 }, (_, i) => ({
        userId: user.id,
        templateKey: 'need_status',
        templateId: a.config.notifications.templates.needStatus!,
        page: null,
        data: JSON.stringify({ thing1: { value: `m${i}` } }),
        status: 'queued' as const,
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
        sentAt: null,
        lastError: null,
      })),
    );
    // Besides the timers, each instance dispatches directly, at the same moment, several times:
    // the rows themselves must hold even where two dispatchers meet (not only the lease).
    await Promise.all([0, 1, 2].flatMap(() => [a.app.get(OutboxDispatcher).dispatchOutbox(), b.app.get(OutboxDispatcher).dispatchOutbox()]));
    await until('every message sent', async () => (await a.db.manager.count(OutboxMessage, { where: { userId: user.id, status: 'sent' } })) === 60);
    await new Promise((r) => setTimeout(r, 1500)); // another tick of both timers: nothing more goes out
    const delivered = fake.sent.filter((m) => m.touser === 'o-scale-outbox').map((m) => m.data.thing1.value);
    expect(delivered).toHaveLength(60);
    expect(new Set(delivered).size).toBe(60);
  });

  it('closes each unrated need once, with both instances sweeping', async () => {
    const cat = await categoryId(a);
    const reporter = await login(a, 'o-scale-resident');
    expect((await reporter.put('/me/residence', { communityId: tree.a.id, building: '3栋', unit: '2单元' })).status).toBe(200);
    await a.db.manager.update(Residence, { userId: reporter.userId }, { status: 'confirmed', reviewedAt: new Date() });
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) {
      // Reported on one instance, handled on the other.
      const res = await (i % 2 ? reporter : Object.assign(b.api.as(reporter.token!), { userId: reporter.userId })).post('/needs', needBody(cat, { title: `楼道灯坏了${i}` }));
      expect(res.status).toBe(201);
      ids.push(res.data.id);
      expect((await (i % 2 ? staffB : staffA).post(`/needs/${res.data.id}/accept`, { note: '已登记' })).status).toBe(200);
      expect((await (i % 2 ? staffA : staffB).post(`/needs/${res.data.id}/route`, { to: 'in_progress' })).status).toBe(200);
      expect((await (i % 2 ? staffB : staffA).post(`/needs/${res.data.id}/done`, { note: '已更换' })).status).toBe(200);
    }
    advance(8 * DAY);
    await Promise.all([a.app.get(NeedsService).closeUnrated(), b.app.get(NeedsService).closeUnrated(), a.app.get(NeedsService).closeUnrated(), b.app.get(NeedsService).closeUnrated()]);
    await new Promise((r) => setTimeout(r, 1500));
    const closings = await a.db.manager.find(AuditLog, { where: { entityType: 'need', entityId: In(ids), toState: 'closed_no_feedback' } });
    expect(closings.map((c) => c.entityId).sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y));
  });

  it('sends each activity reminder once, with both instances sweeping', async () => {
    const crowd = await approvedVolunteers(a, tree.a, 30, 'o-scale-remind');
    const activity = await createActivity(a, staffA, tree.a, { title: '社区环境整治', capacity: 40 }, 3 * 24 * 60);
    await Promise.all(crowd.map((v, i) => (i % 2 ? b.api.as(v.token!) : v).post(`/volunteer-activities/${activity.id}/signups`)));
    expect(await a.db.manager.count(Signup, { where: { activityId: activity.id, status: 'confirmed' } })).toBe(30);
    advance(2 * DAY + HOUR); // the start is now within the day: the day-before reminder is due
    await Promise.all([0, 1].flatMap(() => [a.app.get(RemindersService).sendReminders(), b.app.get(RemindersService).sendReminders()]));
    await new Promise((r) => setTimeout(r, 1500));
    const signups = await a.db.manager.find(Signup, { where: { activityId: activity.id } });
    expect(await a.db.manager.count(VolunteerReminder, { where: { signupId: In(signups.map((s) => s.id)), kind: 'day' } })).toBe(30);
    for (const v of crowd) expect(await a.db.manager.count(InboxMessage, { where: { userId: v.userId, title: '活动提醒' } })).toBe(1);
  });

  it('shares the rate limit: the login limit is reached across both instances', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const t = i % 2 ? b : a;
      const res = await t.api.request('POST', '/auth/wechat-login', { code: 'not-a-real-code' }, { 'x-forwarded-for': '10.250.0.1' });
      statuses.push(res.status);
    }
    // Five tries a minute from one address, counted together: three each on A and B would pass alone.
    expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // Another address still gets through, on either instance.
    expect((await b.api.request('POST', '/auth/wechat-login', { code: 'not-a-real-code' }, { 'x-forwarded-for': '10.250.0.2' })).status).not.toBe(429);
    // The counters are in Redis, under this run's prefix.
    expect((await redis.keys(`${prefix}*`)).length).toBeGreaterThan(0);
  });

  it('serves through instance B a photo uploaded through instance A (the bucket, not a disk)', async () => {
    const owner = await login(a, 'o-scale-photo');
    const up = await uploadFile(owner, PNG_1X1);
    expect(up.status).toBe(201);
    const id = up.body.data.id;
    const onB = b.api.as(owner.token!);
    const viaA = await fetchFile(owner, `/api/uploads/${id}`);
    const viaB = await fetchFile(onB, `/api/uploads/${id}`);
    expect(viaB.status).toBe(200);
    expect(viaB.type).toBe('image/png');
    expect(viaB.bytes.equals(viaA.bytes)).toBe(true);
    expect((await fetchFile(onB, `/api/uploads/${id}/thumb`)).type).toBe('image/webp');
    // Access control stays on the server: without a token B answers 404, as A does.
    expect((await fetchFile(b.api, `/api/uploads/${id}`)).status).toBe(404);
    // The objects are in the bucket under S3_PREFIX; neither instance wrote to its upload folder.
    const listed = await s3Client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'photos/' }));
    expect(listed.Contents?.map((o) => o.Key).filter((k) => k?.endsWith('.png'))).toHaveLength(1);
    for (const t of [a, b]) expect(readdirSync(t.config.uploads.dir)).toEqual([]);
  });

  it('drops a public page shared by instance B as soon as instance A writes (#15 across instances)', async () => {
    const resident = await login(b, 'o-scale-board');
    expect((await resident.put('/me/residence', { communityId: tree.a.id, building: '1栋', unit: '1单元' })).status).toBe(200);
    await b.db.manager.update(Residence, { userId: resident.userId }, { status: 'confirmed', reviewedAt: new Date() });
    const cat = await categoryId(b);
    const ids: number[] = [];
    for (const title of ['楼道灯坏了', '楼道灯又坏了']) {
      const res = await resident.post('/needs', needBody(cat, { title }));
      expect(res.status).toBe(201);
      ids.push(res.data.id);
    }
    const board = async () => (await b.api.get(`/public/communities/${tree.a.id}/needs?limit=50`)).data.items.map((i: { id: number }) => i.id) as number[];
    // B's own sweeps commit too (their leases): paused, so that only A's announcement can reach B.
    await jobs[1].stop();
    try {
      expect(await board()).toEqual(expect.arrayContaining(ids)); // B now shares this answer (PUBLIC_CACHE_SECONDS: 60)
      expect((await staffA.post(`/needs/${ids[1]}/merge`, { intoId: ids[0], reason: '同一处' })).status).toBe(200); // through A
      await until('B to drop its shared board', async () => !(await board()).includes(ids[1]), 2000);
    } finally {
      jobs[1] = startBackgroundJobs(b.app, b.config);
    }
  });

  it('never oversells under a flash crowd split over both instances', async () => {
    const crowd: Person[] = await approvedVolunteers(a, tree.a, 200, 'o-scale-crowd');
    const activity = await createActivity(a, staffA, tree.a, { title: '重阳节敬老活动', capacity: 20 });
    const results = await Promise.all(crowd.map((v, i) => (i % 2 ? b.api.as(v.token!) : v).post(`/volunteer-activities/${activity.id}/signups`)));
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(results.filter((r) => r.data.status === 'confirmed')).toHaveLength(20);
    const positions = results.filter((r) => r.data.status === 'waitlisted').map((r) => r.data.waitlistPosition).sort((x, y) => x - y);
    expect(positions).toEqual(Array.from({ length: 180 }, (_, i) => i + 1));
    expect(await a.db.manager.findOneByOrFail(Activity, { id: activity.id })).toMatchObject({ confirmedCount: 20, waitlistCount: 180 });
    expect(await a.db.manager.count(Signup, { where: { activityId: activity.id, status: 'confirmed' } })).toBe(20);
  });

  it('on shutdown an instance gives its sweeps back: the other takes them at once', async () => {
    const [jobsA, jobsB] = jobs;
    // B holds one for certain (the sweeps themselves went to whichever claimed first).
    expect(await jobsB.leases.claim('handover-check')).toBe(true);
    expect(await jobsA.leases.claim('handover-check')).toBe(false);
    const held = await a.db.manager.find(JobLease);
    // Whatever B holds is released when B closes (Lifecycle stops its sweeps before the HTTP server).
    const ofB = held.filter((l) => l.holder === jobsB.leases.holder).map((l) => l.name);
    await b.close();
    bClosed = true;
    jobs = [jobsA];
    for (const name of ofB) {
      const row = await a.db.manager.findOneByOrFail(JobLease, { name });
      expect(row.expiresAt.getTime()).toBeLessThan(a.clock.now().getTime());
    }
    expect(ofB).toContain('handover-check');
    expect(await jobsA.leases.claim('handover-check')).toBe(true);
    // A now runs every sweep: within a couple of ticks it holds all of them.
    const all = sweepsOf(a.app).length;
    await until(`A to hold all ${all} sweeps`, async () => (await a.db.manager.find(JobLease)).filter((l) => l.holder === jobsA.leases.holder && l.name !== 'handover-check' && l.expiresAt > a.clock.now()).length === all, 10_000);
  });
});
