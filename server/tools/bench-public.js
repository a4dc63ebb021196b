#!/usr/bin/env node
/*
 * `npm run bench:public`: the public reads (needs board, fund page, wish wall, topic list, project
 * page) served by the built server in its own process, against a bare Node http + mysql2 server
 * (bench-bare.js, also its own process) answering the same rows from the same database, both
 * loaded in turn by autocannon from this process. Prints req/s, p50/p99 and the ratio app/bare
 * per endpoint (goal ≥ 50 %), with the load average while it ran.
 *
 *   BENCH_DB_URL          mariadb://root@127.0.0.1:3306/test (a fresh database beside it, dropped after)
 *   BENCH_SECONDS         seconds of load per endpoint and server (default 8, after 2 s warm-up)
 *   BENCH_CONNECTIONS     concurrent keep-alive connections (default 16)
 *   BENCH_ONLY            run only the endpoints whose name contains this (e.g. board)
 *   BENCH_PROFILE=1       the app runs under `node --cpu-prof` (profile written to ./bench-profiles)
 *   BENCH_WRITES          writes per second committed through the API during a third measurement
 *                         of each endpoint (default 10; 0 = skip it). Every commit drops the shared
 *                         public answers, so this shows what the cache is worth while people write.
 *
 * The demo data is seeded by the server, then grown so that each page is full: 240 public needs
 * in 文昌社区, 60 wishes, 12 topics, 30 progress posts.
 */
'use strict';
const autocannon = require('autocannon');
const { join } = require('node:path');
const { freshDatabase, freePort, startProcess, startServer, load, root } = require('./bench-support');

const DB_URL = process.env.BENCH_DB_URL || 'mariadb://root@127.0.0.1:3306/test';
const SECONDS = Number(process.env.BENCH_SECONDS || 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 16);
const WRITES = Number(process.env.BENCH_WRITES ?? 10);

/** Copies rows of `table` matching `where` `times` times (every column but id). */
async function grow(db, table, where, times) {
  const [cols] = await db.query('SELECT column_name AS c FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? AND column_name <> ? ORDER BY ordinal_position', [table, 'id']);
  if (!cols.length) throw new Error(`no table ${table}`);
  const list = cols.map((r) => `\`${r.c}\``).join(', ');
  for (let i = 0; i < times; i++) await db.query(`INSERT INTO \`${table}\` (${list}) SELECT ${list} FROM \`${table}\` WHERE ${where} ORDER BY id LIMIT 1000`);
}

async function fill(db) {
  await grow(db, 'need', "community_id = 3 AND is_public = 1 AND status <> 'merged'", 6); // 4 → 256
  await grow(db, 'wish', "status <> 'withdrawn'", 3); // 8 → 64
  await grow(db, 'consult_topic', 'community_id = 3', 3);
  await grow(db, 'project_progress', 'project_id = 1', 4);
  const [[needs]] = await db.query("SELECT COUNT(*) AS n FROM need WHERE community_id = 3 AND is_public = 1 AND status <> 'merged'");
  const [[wishes]] = await db.query("SELECT COUNT(*) AS n FROM wish WHERE status <> 'withdrawn'");
  return { needs: needs.n, wishes: wishes.n };
}

const CASES = [
  { name: '需求公示 needs board', app: '/public/communities/3/needs?limit=20', bare: '/board?id=3' },
  { name: '资金公示 fund page', app: '/funds/nodes/3', bare: '/fund?id=3' },
  { name: '心愿墙 wish wall', app: '/wishes?nodeId=2&limit=20', bare: '/wishes?path=/1/2/' },
  { name: '议事 topic list', app: '/consultation/topics?communityId=3', bare: '/topics?id=3' },
  { name: '项目公示 project page', app: '/projects/1/public', bare: '/project?id=1' },
];

function fire(url, seconds) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: seconds, pipelining: 1 }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

/**
 * While `fn` runs: `perSecond` writes a second through the API (a user renaming themselves: one
 * committed transaction each, which moves the write generation the public cache is keyed on).
 */
async function whileWriting(app, userId, perSecond, fn) {
  if (!perSecond) return { result: await fn(), writes: 0 };
  const { sign } = require('jsonwebtoken');
  const auth = `Bearer ${sign({ sub: String(userId) }, app.secret, { algorithm: 'HS256', expiresIn: 3600 })}`;
  let writes = 0;
  let failed = 0;
  const timer = setInterval(() => {
    fetch(`${app.base}/me`, { method: 'PATCH', headers: { 'content-type': 'application/json', authorization: auth }, body: JSON.stringify({ nickname: `压测${writes % 100}` }) })
      .then((r) => (r.ok ? writes++ : failed++), () => failed++);
  }, 1000 / perSecond);
  try {
    const result = await fn();
    if (failed) throw new Error(`${failed} writes failed`);
    return { result, writes };
  } finally {
    clearInterval(timer);
  }
}

async function measure(url) {
  await fire(url, 2);
  const loadBefore = load();
  const r = await fire(url, SECONDS);
  const bad = r.non2xx + r.errors + r.timeouts;
  if (bad) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bytes: r.throughput.average / r.requests.average, load: `${loadBefore}→${load()}` };
}

async function main() {
  const database = await freshDatabase(DB_URL);
  let app = null;
  let bare = null;
  try {
    const nodeArgs = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', join(root, 'bench-profiles')] : [];
    app = await startServer(database, { SEED_DEMO: 'true', WECHAT_FAKE: 'true' }, nodeArgs);
    const db = await database.connect();
    const sizes = await fill(db);
    const [[writer]] = await db.query('SELECT MIN(id) AS id FROM app_user');
    await db.end();
    const barePort = await freePort();
    bare = await startProcess(join(__dirname, 'bench-bare.js'), { BENCH_BARE_DB: database.url, BENCH_BARE_PORT: String(barePort) }, 'listening');
    console.log(`public reads, ${database.kind}: ${sizes.needs} public needs in the community, ${sizes.wishes} wishes; ${CONNECTIONS} connections, ${SECONDS} s each (load average now ${load()})`);
    console.log(`endpoint                     app req/s  p50/p99 ms   bare req/s  p50/p99 ms   app/bare${WRITES ? `   app while ${WRITES} writes/s` : ''}`);
    const ratios = [];
    const writingRatios = [];
    for (const c of CASES.filter((x) => !process.env.BENCH_ONLY || x.name.includes(process.env.BENCH_ONLY))) {
      const b = await measure(`http://127.0.0.1:${barePort}${c.bare}`);
      const a = await measure(`${app.base}${c.app}`);
      const ratio = a.rps / b.rps;
      ratios.push(ratio);
      const cell = (x) => `${String(Math.round(x.rps)).padStart(9)}  ${`${x.p50}/${x.p99}`.padStart(10)}`;
      let writing = '';
      if (WRITES) {
        const w = await whileWriting(app, writer.id, WRITES, () => measure(`${app.base}${c.app}`));
        writingRatios.push(w.result.rps / b.rps);
        writing = `   ${cell(w.result)} ${((100 * w.result.rps) / b.rps).toFixed(0).padStart(4)} % (${(w.writes / (SECONDS + 2)).toFixed(1)} writes/s)`;
      }
      console.log(`${c.name.padEnd(26)} ${cell(a)}   ${cell(b)}   ${(ratio * 100).toFixed(0).padStart(6)} %${writing}   load ${a.load}`);
    }
    const worst = Math.min(...ratios);
    const worstWriting = writingRatios.length ? `; while ${WRITES} writes/s commit: worst ${(Math.min(...writingRatios) * 100).toFixed(0)} %` : '';
    console.log(`worst ratio ${(worst * 100).toFixed(0)} % (goal ≥ 50 %)${worstWriting}; load average ${load()}`);
  } finally {
    if (bare) await bare.stop();
    if (app) await app.stop();
    await database.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
