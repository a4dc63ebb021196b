#!/usr/bin/env node
/*
 * `npm run bench`: a flash crowd of volunteer sign-ups against the built server (dist/server)
 * over real HTTP, on MariaDB by default. Prints throughput and latency percentiles, and checks
 * that the activity was never oversold (confirmed == capacity, waitlist positions 1..n unique).
 *
 *   BENCH_DB_URL       mariadb://root@127.0.0.1:3306/test (a fresh database is created beside it
 *                      and dropped afterwards), or sqlite:/tmp/bench.sqlite for the embedded one
 *   BENCH_VOLUNTEERS   people arriving at once (default 500, as in the integration test; at 2000
 *                      on a loaded 2-core machine the client's own connects time out: "fetch failed")
 *   BENCH_CAPACITY     places (default 30)
 *   BENCH_ROUNDS       how many fresh activities to run the crowd against (default 3)
 */
'use strict';
const { join } = require('node:path');
const { freshDatabase, pct } = require('./bench-support');

const dist = join(__dirname, '..', '..', 'dist', 'server');
const load = (p) => require(join(dist, p));

const VOLUNTEERS = Number(process.env.BENCH_VOLUNTEERS || 500);
const CAPACITY = Number(process.env.BENCH_CAPACITY || 30);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const DB_URL = process.env.BENCH_DB_URL || 'mariadb://root@127.0.0.1:3306/test';

async function main() {
  const { FAKE_WECHAT_APPID, FAKE_WECHAT_SECRET } = load('config/app-config');
  const { FakeWechatServer } = load('wechat/fake-wechat.server');

  const database = await freshDatabase(DB_URL);
  const fake = new FakeWechatServer({ appId: FAKE_WECHAT_APPID, appSecret: FAKE_WECHAT_SECRET });
  let started = null;
  try {
    await fake.start();
    started = await startApp(database, fake);
    await run(started, database);
  } finally {
    if (started) await started.app.close();
    await fake.stop().catch(() => undefined);
    await database.drop();
  }
}

async function startApp(database, fake) {
  const { createApp } = load('app.factory');
  const { loadConfig } = load('config/app-config');
  const { Clock } = load('common/clock');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    WECHAT_API_BASE: fake.url,
    H5_DIR: 'none',
    LOG_LEVEL: 'silent',
    THROTTLE_PER_MINUTE: '10000000',
    THROTTLE_LOGIN_PER_MINUTE: '1000000',
  });
  const clock = new Clock();
  const app = await createApp(config, clock);
  await app.listen(0, '127.0.0.1');
  return { app, config, clock };
}

async function run({ app, config, clock }, database) {
  const { insertNode } = load('tree/tree.service');
  const { User } = load('users/user.entity');
  const { RoleAssignment, scopeKeyOf } = load('roles/role-assignment.entity');
  const { Volunteer } = load('volunteers/volunteer.entity');
  const { Activity } = load('volunteers/activity.entity');
  const { Signup } = load('volunteers/signup.entity');
  const { PiiCipher } = load('common/crypto');
  const { DataSource } = require('typeorm');
  const { sign } = require('jsonwebtoken');
  const base = `http://127.0.0.1:${app.getHttpServer().address().port}/api`;
  const db = app.get(DataSource);
  const pii = app.get(PiiCipher);
  const token = (userId) => sign({ sub: String(userId) }, config.jwt.secret, { algorithm: 'HS256', expiresIn: 3600 });

  {
    // Fixtures straight into the database: a community, its staff member, N approved volunteers.
    const now = clock.now();
    const community = await db.transaction(async (m) => {
      const d = await insertNode(m, { parentId: null, parentPath: null, level: 'district', name: '压测区' });
      const s = await insertNode(m, { parentId: d.id, parentPath: d.path, level: 'street', name: '压测街道' });
      return insertNode(m, { parentId: s.id, parentPath: s.path, level: 'community', name: '压测社区' });
    });
    const userRow = (openid) => ({ openid, unionid: null, nickname: '压测', sessionKeyEnc: null, phoneEnc: null, phoneHash: null, phoneMasked: null, demoKey: null, createdAt: now, lastLoginAt: null });
    const staffId = (await db.manager.insert(User, userRow('bench-staff'))).identifiers[0].id;
    await db.manager.insert(RoleAssignment, { userId: staffId, nodeId: community.id, role: 'staff', orgId: null, scopeKey: scopeKeyOf('staff', community.id, null), grantedBy: null, createdAt: now });
    const ids = [];
    const name = pii.encrypt('压测志愿者');
    for (let i = 0; i < VOLUNTEERS; i += 200) {
      const n = Math.min(200, VOLUNTEERS - i);
      const res = await db.manager.insert(User, Array.from({ length: n }, (_, k) => userRow(`bench-v-${i + k}`)));
      const batch = res.identifiers.map((x) => Number(x.id));
      ids.push(...batch);
      await db.manager.insert(
        Volunteer,
        batch.map((userId, k) => ({
          userId, communityId: community.id, orgId: null, realNameEnc: name, realNameMasked: '压****', phoneEnc: name,
          phoneHash: `bench-${i + k}`, phoneMasked: '139****0000', idNumberEnc: null, idNumberHash: null, idNumberMasked: null,
          availability: '', consentAt: now, consentVersion: 'bench', status: 'approved', returnReason: null, reviewedBy: null,
          reviewedAt: now, lockVersion: 0, createdAt: now, updatedAt: now,
        })),
      );
      await db.manager.insert(RoleAssignment, batch.map((userId) => ({ userId, nodeId: community.id, role: 'volunteer', orgId: null, scopeKey: scopeKeyOf('volunteer', community.id, null), grantedBy: null, createdAt: now })));
    }
    const tokens = ids.map(token);
    const staffToken = token(staffId);

    const post = async (path, body, bearer) => {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: JSON.stringify(body ?? {}) });
      return { status: res.status, body: await res.json() };
    };

    const results = [];
    for (let round = 0; round < ROUNDS; round++) {
      const start = new Date(clock.now().getTime() + (48 + round * 6) * 3600_000);
      const created = await post(
        '/volunteer-activities',
        {
          communityId: community.id, title: `压测活动 ${round + 1}`, description: '压测', startsAt: start.toISOString(),
          endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString(), signupDeadline: new Date(start.getTime() - 3600_000).toISOString(),
          address: '压测地点', capacity: CAPACITY, needsApproval: false, cancelCutoffMinutes: 60, lateCancel: 'refuse',
        },
        staffToken,
      );
      if (created.status !== 201) throw new Error(`creating the activity failed: ${created.status} ${JSON.stringify(created.body)}`);
      const activityId = created.body.data.id;

      const latencies = [];
      const statuses = new Map();
      const positions = [];
      let confirmed = 0;
      const t0 = process.hrtime.bigint();
      await Promise.all(
        tokens.map(async (tk) => {
          const s = process.hrtime.bigint();
          const res = await post(`/volunteer-activities/${activityId}/signups`, {}, tk);
          latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.body.data?.status === 'confirmed') confirmed++;
          if (res.body.data?.status === 'waitlisted') positions.push(res.body.data.waitlistPosition);
        }),
      );
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      latencies.sort((a, b) => a - b);
      positions.sort((a, b) => a - b);
      const row = await db.manager.findOneByOrFail(Activity, { id: activityId });
      const dbConfirmed = await db.manager.count(Signup, { where: { activityId, status: 'confirmed' } });
      const expectedWaiting = Math.max(0, VOLUNTEERS - CAPACITY);
      const ok =
        confirmed === Math.min(CAPACITY, VOLUNTEERS) &&
        dbConfirmed === confirmed &&
        row.confirmedCount === confirmed &&
        positions.length === expectedWaiting &&
        positions.every((p, i) => p === i + 1);
      const result = {
        round: round + 1,
        database: database.kind,
        requests: VOLUNTEERS,
        capacity: CAPACITY,
        statuses: Object.fromEntries(statuses),
        wallSeconds: +(wallMs / 1000).toFixed(2),
        throughputPerSecond: Math.round(VOLUNTEERS / (wallMs / 1000)),
        latencyMs: { p50: Math.round(pct(latencies, 50)), p95: Math.round(pct(latencies, 95)), p99: Math.round(pct(latencies, 99)), max: Math.round(latencies.at(-1)) },
        confirmed,
        waitlisted: positions.length,
        neverOversold: ok,
      };
      results.push(result);
      process.stdout.write(`${JSON.stringify(result)}\n`);
      if (!ok) process.exitCode = 1;
    }
    const best = results.reduce((a, b) => (b.throughputPerSecond > a.throughputPerSecond ? b : a));
    process.stdout.write(
      `\n志愿活动报名压测（${database.kind}，${VOLUNTEERS} 人同时报名 ${CAPACITY} 个名额，${ROUNDS} 轮）：` +
        `吞吐 ${results.map((r) => r.throughputPerSecond).join(' / ')} 次/秒，p99 ${results.map((r) => r.latencyMs.p99).join(' / ')} ms；` +
        `最佳一轮 ${best.throughputPerSecond} 次/秒；${results.every((r) => r.neverOversold) ? '无超卖' : '发现超卖或排队号错误！'}\n`,
    );
  }
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
