#!/usr/bin/env node
/*
 * `npm run bench` (part 2 of 2; part 1 is bench-public.js): a flash crowd of volunteer sign-ups
 * against the built server (dist/server/main.js) running in its own process, over real HTTP
 * through BENCH_CONNECTIONS keep-alive connections, on MariaDB by default. Everyone is sent at
 * the same instant; each latency counts from that instant (the crowd's arrival), so waiting for
 * a connection counts too. Prints throughput and percentiles, and checks the result exactly:
 * confirmed == capacity, waitlist positions 1..n, the counters on the activity row agree.
 * First BENCH_WARMUP warm-up crowds (printed, checked, not counted: a freshly started server
 * compiles its code on its first requests, and a flash crowd meets one that has been running),
 * then BENCH_ROUNDS measured crowds, then — on MariaDB/MySQL — the same
 * crowd against the bare driver (bench-bare.js: one transaction per sign-up, no framework) as
 * the baseline of the same run, printed as a ratio.
 *
 *   BENCH_DB_URL       mariadb://root@127.0.0.1:3306/test (a fresh database is created beside it
 *                      and dropped afterwards), or sqlite:/tmp/bench.sqlite for the embedded one
 *   BENCH_VOLUNTEERS   people arriving at once (default 2000)
 *   BENCH_CAPACITY     places (default 100)
 *   BENCH_CONNECTIONS  keep-alive connections the crowd comes through (default 256)
 *   BENCH_ROUNDS       how many fresh activities to run the crowd against (default 3)
 *   BENCH_WARMUP       warm-up crowds before them (default 3: the server's CPU per sign-up levels
 *                      off after about 8,000 of them, 1.6 → 0.6 → 0.4 → 0.3 ms on this machine)
 *   BENCH_PROFILE=1    the server runs under `node --cpu-prof` (profile written to ./bench-profiles)
 *   BENCH_NODE_ARGS    more flags for the server's node (to try one: "--max-semi-space-size=32")
 */
'use strict';
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { join } = require('node:path');
const { cpuMs, freshDatabase, freePort, load: loadAverage, pct, startProcess, startServer } = require('./bench-support');

const dist = join(__dirname, '..', '..', 'dist', 'server');
const load = (p) => require(join(dist, p));

const VOLUNTEERS = Number(process.env.BENCH_VOLUNTEERS || 2000);
const CAPACITY = Number(process.env.BENCH_CAPACITY || 100);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 256);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const DB_URL = process.env.BENCH_DB_URL || 'mariadb://root@127.0.0.1:3306/test';

async function main() {
  const database = await freshDatabase(DB_URL);
  let server = null;
  let bare = null;
  let db = null;
  try {
    const { loadConfig } = load('config/app-config');
    const { openDataSource } = load('data-source');
    const config = loadConfig({ NODE_ENV: 'development', DATABASE_URL: database.url });
    // The fixtures straight into the database (migrated here), then the server in its own process.
    db = await openDataSource(config.database, { migrate: true });
    const fixtures = await insertFixtures(db);
    if (database.kind === 'sqlite') {
      await db.destroy(); // one writer: the server
      db = null;
    }
    const nodeArgs = [...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', join(__dirname, '..', '..', 'bench-profiles')] : []), ...(process.env.BENCH_NODE_ARGS || '').split(' ').filter(Boolean)];
    server = await startServer(database, { WECHAT_FAKE: 'true' }, nodeArgs);
    if (!db) db = await openDataSource(config.database);
    if (database.kind !== 'sqlite') {
      const port = await freePort();
      bare = await startProcess(join(__dirname, 'bench-bare.js'), { BENCH_BARE_DB: database.url, BENCH_BARE_PORT: String(port), BENCH_BARE_CONNECTIONS: '20' }, 'listening');
      bare.base = `http://127.0.0.1:${port}`;
    }
    await run(server, db, fixtures, database.kind, bare);
  } finally {
    if (bare) await bare.stop();
    if (server) await server.stop();
    if (db) await db.destroy();
    await database.drop();
  }
}

/** A community, its staff member and N approved volunteers. */
async function insertFixtures(db) {
  const { insertNode } = load('tree/tree.service');
  const { User } = load('users/user.entity');
  const { RoleAssignment, scopeKeyOf } = load('roles/role-assignment.entity');
  const { Volunteer } = load('volunteers/volunteer.entity');
  const { PiiCipher } = load('common/crypto');
  const { randomBytes } = require('node:crypto');
  const pii = new PiiCipher(randomBytes(32));
  const now = new Date();
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
  return { community, staffId, ids };
}

async function run(server, db, { community, staffId, ids }, kind, bare) {
  const { Activity } = load('volunteers/activity.entity');
  const { Signup } = load('volunteers/signup.entity');
  const { sign } = require('jsonwebtoken');
  const token = (userId) => sign({ sub: String(userId) }, server.secret, { algorithm: 'HS256', expiresIn: 3600 });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const post = (url, body, bearer) =>
    new Promise((resolve, reject) => {
      const payload = JSON.stringify(body ?? {});
      const req = http.request(
        url,
        {
          method: 'POST',
          agent,
          // As the mini-program sends them: every POST that creates something carries an Idempotency-Key (#17).
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${bearer}`, 'idempotency-key': randomUUID() },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : null }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  const tokens = ids.map(token);
  const staffToken = token(staffId);

  /** An activity (through the API) in time slot `slot`: slots never overlap, so nobody is refused for a clash. */
  const newActivity = async (slot, title) => {
    const start = new Date(Date.now() + (48 + slot * 6) * 3600_000);
    const created = await post(
      `${server.base}/volunteer-activities`,
      {
        communityId: community.id, title, description: '压测', startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString(), signupDeadline: new Date(start.getTime() - 3600_000).toISOString(),
        address: '压测地点', capacity: CAPACITY, needsApproval: false, cancelCutoffMinutes: 60, lateCancel: 'refuse',
      },
      staffToken,
    );
    if (created.status !== 201) throw new Error(`creating the activity failed: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.data.id;
  };

  /** Everyone at once (`send(i)` is person i's request); latency from the crowd's arrival; the result checked exactly. */
  const crowd = async (label, activityId, send, pid = server.child.pid) => {
    const latencies = [];
    const cpu0 = cpuMs(pid);
    const statuses = new Map();
    const positions = [];
    let confirmed = 0;
    const t0 = process.hrtime.bigint();
    await Promise.all(
      ids.map(async (_, i) => {
        const s = process.hrtime.bigint();
        const res = await send(i);
        latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.body?.data?.status === 'confirmed') confirmed++;
        if (res.body?.data?.status === 'waitlisted') positions.push(res.body.data.waitlistPosition);
      }),
    );
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu1 = cpuMs(pid);
    latencies.sort((a, b) => a - b);
    positions.sort((a, b) => a - b);
    const row = await db.manager.findOneByOrFail(Activity, { id: activityId });
    const loadAvg = loadAverage();
    const dbConfirmed = await db.manager.count(Signup, { where: { activityId, status: 'confirmed' } });
    const expectedWaiting = Math.max(0, VOLUNTEERS - CAPACITY);
    const ok =
      confirmed === Math.min(CAPACITY, VOLUNTEERS) &&
      dbConfirmed === confirmed &&
      row.confirmedCount === confirmed &&
      positions.length === expectedWaiting &&
      positions.every((p, i) => p === i + 1);
    const result = {
      round: label,
      database: kind,
      requests: VOLUNTEERS,
      capacity: CAPACITY,
      statuses: Object.fromEntries(statuses),
      wallSeconds: +(wallMs / 1000).toFixed(2),
      throughputPerSecond: Math.round(VOLUNTEERS / (wallMs / 1000)),
      latencyMs: { p50: Math.round(pct(latencies, 50)), p95: Math.round(pct(latencies, 95)), p99: Math.round(pct(latencies, 99)), max: Math.round(latencies.at(-1)) },
      confirmed,
      waitlisted: positions.length,
      neverOversold: ok,
      // the answering process's CPU (all its threads, GC included) per request: steadier than wall time
      serverCpuMsPerRequest: cpu0 === null || cpu1 === null ? null : +((cpu1 - cpu0) / VOLUNTEERS).toFixed(3),
      loadAverage: loadAvg,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (!ok) process.exitCode = 1;
    return result;
  };
  const signupVia = (activityId) => (i) => post(`${server.base}/volunteer-activities/${activityId}/signups`, {}, tokens[i]);

  // A server that has just started compiles its code on its first requests; a crowd meets one
  // that has been running. The warm-up crowds are printed, checked and not counted.
  let slot = 0;
  const warm = [];
  for (let w = 1; w <= WARMUP; w++) {
    const id = await newActivity(slot++, `压测热身 ${w}`);
    warm.push(await crowd(`warm-up ${w}`, id, signupVia(id)));
  }
  const results = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const id = await newActivity(slot++, `压测活动 ${round}`);
    results.push(await crowd(round, id, signupVia(id)));
  }
  // The baseline in the same run: the bare driver, one transaction per sign-up (bench-bare.js).
  let baseline = null;
  if (bare) {
    const id = await newActivity(slot++, '压测基线');
    baseline = await crowd('bare mysql2', id, (i) => post(`${bare.base}/signup?activity=${id}&user=${ids[i]}`, {}, ''), bare.child.pid);
  }
  const best = results.reduce((a, b) => (b.throughputPerSecond > a.throughputPerSecond ? b : a));
  const worstP99 = Math.max(...results.map((r) => r.latencyMs.p99));
  const exact = [...warm, ...results, ...(baseline ? [baseline] : [])].every((r) => r.neverOversold);
  const no5xx = [...warm, ...results].every((r) => !Object.keys(r.statuses).some((c) => Number(c) >= 500));
  const cpu = (rows) => rows.map((r) => r.serverCpuMsPerRequest ?? '–').join(' / ');
  process.stdout.write(
    `\n志愿活动报名压测（${kind}，${VOLUNTEERS} 人同时报名 ${CAPACITY} 个名额，${CONNECTIONS} 个连接，${ROUNDS} 轮，之前热身 ${WARMUP} 轮不计）：` +
      `吞吐 ${results.map((r) => r.throughputPerSecond).join(' / ')} 次/秒，p99 ${results.map((r) => r.latencyMs.p99).join(' / ')} ms，` +
      `服务端每次报名 CPU ${cpu(results)} ms` +
      (warm.length
        ? `（热身：吞吐 ${warm.map((r) => r.throughputPerSecond).join(' / ')} 次/秒，p99 ${warm.map((r) => r.latencyMs.p99).join(' / ')} ms，CPU ${cpu(warm)} ms）`
        : '') +
      '；' +
      (baseline
        ? `同场基线（裸 mysql2，每人一个事务）${baseline.throughputPerSecond} 次/秒，p99 ${baseline.latencyMs.p99} ms，CPU ${cpu([baseline])} ms：最佳一轮为基线的 ${Math.round((100 * best.throughputPerSecond) / baseline.throughputPerSecond)}%；`
        : '')
      + `${exact ? '无超卖，候补号连续' : '发现超卖或排队号错误！'}；${no5xx ? '无 5xx' : '有 5xx！'}；最差 p99 ${worstP99} ms（目标 < 1000 ms：${worstP99 < 1000 ? '达到' : '未达到'}）\n`,
  );
  agent.destroy();
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
