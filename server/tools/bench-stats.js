#!/usr/bin/env node
/*
 * `npm run bench:stats`: 统计 of a district at scale (#12). Generates on MariaDB a district of
 * BENCH_STREETS streets × BENCH_COMMUNITIES communities with BENCH_NEEDS needs over the last year
 * (statuses, urgencies, ratings, reopenings as in real life), and in proportion volunteers,
 * activities with confirmed hours, fund ledger rows and wishes; then runs the built server
 * (dist/server/main.js) in its own process and times GET /api/stats/nodes/:id for the district,
 * one street and one community, this month and this year, over real HTTP.
 *
 * Baseline, measured in the same run on the same data: the bare driver (mysql2) counting the
 * needs of the same subtree and period with one indexed query — the least any statistics call
 * must do. The ratio says what the whole figure set costs over that.
 *
 *   BENCH_DB_URL        mariadb://root@127.0.0.1:3306/test (a fresh database beside it, dropped after)
 *   BENCH_NEEDS         1000000      BENCH_STREETS 10     BENCH_COMMUNITIES 10 (per street)
 *   BENCH_RUNS          5 timed calls per case (after one warm-up); the median is printed
 *   BENCH_KEEP=1        keep the generated database (its name is printed) to look at the queries
 */
'use strict';
const { sign } = require('jsonwebtoken');
const { freshDatabase, pct, startServer: startServerProcess } = require('./bench-support');

const NEEDS = Number(process.env.BENCH_NEEDS || 1_000_000);
const STREETS = Number(process.env.BENCH_STREETS || 10);
const PER_STREET = Number(process.env.BENCH_COMMUNITIES || 10);
const RUNS = Number(process.env.BENCH_RUNS || 5);
const DB_URL = process.env.BENCH_DB_URL || 'mariadb://root@127.0.0.1:3306/test';
const SECRET = 'bench-stats-secret-not-for-production-0123456789';
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The built server in its own process; resolves once it listens (it migrates the fresh database first). */
const startServer = (database) => startServerProcess(database, { JWT_SECRET: SECRET });

const iso = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const rnd = (n) => Math.floor(Math.random() * n);

async function insertMany(db, table, columns, rows) {
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    await db.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ?`, [chunk]);
  }
}

/** The district, its streets and communities, an admin on the district; then the needs and the rest. */
async function generate(db, now) {
  const t0 = Date.now();
  const node = async (parent, level, name) => {
    const [res] = await db.query('INSERT INTO service_node (parent_id, level, name, path, created_at) VALUES (?, ?, ?, ?, ?)', [parent?.id ?? null, level, name, '/', iso(now)]);
    const path = `${parent?.path ?? '/'}${res.insertId}/`;
    await db.query('UPDATE service_node SET path = ? WHERE id = ?', [path, res.insertId]);
    return { id: res.insertId, path };
  };
  const district = await node(null, 'district', '压测区');
  const streets = [];
  const communities = [];
  for (let s = 0; s < STREETS; s++) {
    const street = await node(district, 'street', `压测街道${s + 1}`);
    streets.push(street);
    for (let c = 0; c < PER_STREET; c++) communities.push(await node(street, 'community', `压测社区${s + 1}-${c + 1}`));
  }
  const [admin] = await db.query("INSERT INTO app_user (openid, nickname, created_at) VALUES ('bench-admin', '压测管理员', ?)", [iso(now)]);
  await db.query("INSERT INTO role_assignment (user_id, node_id, role, scope_key, created_at) VALUES (?, ?, 'admin', ?, ?)", [admin.insertId, district.id, `admin@${district.id}`, iso(now)]);

  // Needs: a year of them, most closed, some waiting, some late.
  const needCols = ['community_id', 'category_id', 'title', 'description', 'status', 'urgency', 'is_public', 'location_kind', 'reopen_count', 'rating', 'created_at', 'updated_at', 'accepted_at', 'done_at', 'closed_at'];
  const auditCols = ['actor_role', 'action', 'entity_type', 'entity_id', 'node_id', 'to_state', 'created_at'];
  const [[{ firstId }]] = await db.query('SELECT COALESCE(MAX(id), 0) + 1 AS firstId FROM need');
  let nextId = Number(firstId);
  for (let done = 0; done < NEEDS; ) {
    const batch = Math.min(20_000, NEEDS - done);
    const rows = [];
    const audits = [];
    for (let i = 0; i < batch; i++) {
      const community = communities[rnd(communities.length)];
      const created = now - rnd(365 * DAY);
      const u = Math.random();
      const urgency = u < 0.05 ? 'critical' : u < 0.2 ? 'urgent' : 'normal';
      const r = Math.random();
      let status = 'rated';
      const accepted = created + rnd(96 * HOUR);
      let doneAt = accepted + HOUR + rnd(240 * HOUR);
      if (r < 0.05) status = 'reported';
      else if (r < 0.12) status = 'in_progress';
      else if (r < 0.17) status = 'rejected';
      else if (r < 0.85) status = 'rated';
      else if (r < 0.93) status = 'closed_no_feedback';
      else status = 'done';
      // As in life: a need reported months ago is long closed; the open ones are recent.
      if (created < now - 60 * DAY && (status === 'reported' || status === 'in_progress')) status = 'rated';
      if (['rated', 'closed_no_feedback', 'done'].includes(status) && doneAt > now) status = 'in_progress';
      const isAccepted = !['reported', 'rejected'].includes(status) && accepted <= now;
      if (!isAccepted && status !== 'rejected') status = 'reported';
      const isDone = ['rated', 'closed_no_feedback', 'done'].includes(status);
      if (!isDone) doneAt = null;
      const closed = status === 'rejected' ? created + rnd(48 * HOUR) : status === 'rated' || status === 'closed_no_feedback' ? doneAt + rnd(7 * DAY) : null;
      const id = nextId++;
      rows.push([
        community.id, 1 + rnd(7), '压测需求', '压测用的需求', status, urgency, 1, 'residence', Math.random() < 0.03 ? 1 : 0,
        status === 'rated' ? 1 + rnd(5) : null, iso(created), iso(closed ?? doneAt ?? created), isAccepted ? iso(accepted) : null,
        doneAt ? iso(doneAt) : null, closed && closed <= now ? iso(closed) : closed ? iso(now) : null,
      ]);
      if (status === 'in_progress') audits.push(['staff', 'need.status', 'need', id, community.id, status, iso(accepted)]);
    }
    await insertMany(db, 'need', needCols, rows);
    await insertMany(db, 'audit_log', auditCols, audits);
    done += batch;
    process.stdout.write(`\r  需求 ${done.toLocaleString()} / ${NEEDS.toLocaleString()}`);
  }
  process.stdout.write('\n');

  // Volunteers (200 a community), activities (2 a week a community over the year, 20 confirmed each), funds (2 entries a week), wishes.
  const scale = NEEDS / 1_000_000;
  const perCommunity = (n) => Math.max(1, Math.round(n * scale));
  const users = [];
  for (const c of communities) for (let i = 0; i < perCommunity(200); i++) users.push([`bench-v-${c.id}-${i}`, '志愿者', iso(now), c.id]);
  await insertMany(db, 'app_user', ['openid', 'nickname', 'created_at'], users.map((u) => u.slice(0, 3)));
  const [vrows] = await db.query("SELECT id, openid FROM app_user WHERE openid LIKE 'bench-v-%'");
  const byCommunity = new Map();
  for (const v of vrows) {
    const cid = Number(v.openid.split('-')[2]);
    if (!byCommunity.has(cid)) byCommunity.set(cid, []);
    byCommunity.get(cid).push(v.id);
  }
  await insertMany(
    db,
    'volunteer',
    ['user_id', 'community_id', 'real_name_enc', 'real_name_masked', 'phone_enc', 'phone_hash', 'phone_masked', 'consent_at', 'consent_version', 'status', 'reviewed_at', 'created_at', 'updated_at'],
    vrows.map((v, i) => {
      const at = iso(now - rnd(365 * DAY));
      return [v.id, Number(v.openid.split('-')[2]), 'x', '压**', 'x', `bench-${i}`, '139****0000', at, 'bench', 'approved', at, at, at];
    }),
  );
  const activities = [];
  for (const c of communities) {
    for (let i = 0; i < perCommunity(100); i++) {
      const starts = now - rnd(365 * DAY);
      activities.push([c.id, '压测活动', '压测', iso(starts), iso(starts + 2 * HOUR), iso(starts - HOUR), '压测地点', 30, 'refuse', 'published', iso(starts + 3 * HOUR), iso(starts - 7 * DAY), iso(starts)]);
    }
  }
  await insertMany(db, 'volunteer_activity', ['community_id', 'title', 'description', 'starts_at', 'ends_at', 'signup_deadline', 'address', 'capacity', 'late_cancel', 'status', 'attendance_confirmed_at', 'created_at', 'updated_at'], activities);
  const [arows] = await db.query('SELECT id, community_id, starts_at FROM volunteer_activity');
  const signups = [];
  for (const a of arows) {
    const people = byCommunity.get(Number(a.community_id)) ?? [];
    const picked = new Set();
    while (picked.size < Math.min(20, people.length)) picked.add(people[rnd(people.length)]);
    const at = iso(new Date(a.starts_at).getTime());
    for (const userId of picked) signups.push([a.id, userId, 'confirmed', 'present', 120, at, at, at]);
  }
  await insertMany(db, 'volunteer_signup', ['activity_id', 'user_id', 'status', 'attendance', 'credited_minutes', 'confirmed_at', 'created_at', 'updated_at'], signups);
  const funds = [];
  for (const c of communities) {
    const [f] = await db.query('INSERT INTO fund (node_id, balance, created_at, updated_at) VALUES (?, 0, ?, ?)', [c.id, iso(now), iso(now)]);
    funds.push(f.insertId);
  }
  const entries = [];
  for (const f of funds) {
    for (let i = 0; i < perCommunity(200); i++) {
      const day = new Date(now - rnd(365 * DAY) + 8 * HOUR).toISOString().slice(0, 10);
      const income = Math.random() < 0.6;
      entries.push([f, income ? 'in' : 'out', income ? 'donation' : 'allocation', income ? 1000 + rnd(100_000) : -(1000 + rnd(50_000)), day, income ? '压测捐赠人' : null, income ? 'individual' : null, iso(now)]);
    }
  }
  await insertMany(db, 'fund_entry', ['fund_id', 'flow', 'kind', 'amount', 'occurred_on', 'donor_name', 'donor_kind', 'created_at'], entries);
  const wishes = [];
  for (const c of communities) {
    for (let i = 0; i < perCommunity(50); i++) {
      const at = now - rnd(365 * DAY);
      const delivered = Math.random() < 0.7 ? at + rnd(20 * DAY) : null;
      wishes.push([c.id, '压测心愿', '压测', 5000, 'elderly_alone', '压**', 'x', '压测联系', delivered && delivered < now ? 'delivered' : 'open', delivered && delivered < now ? iso(delivered) : null, iso(at), iso(at)]);
    }
  }
  await insertMany(db, 'wish', ['community_id', 'title', 'story', 'value_fen', 'category', 'beneficiary_masked', 'beneficiary_name_enc', 'contact_text', 'status', 'delivered_at', 'created_at', 'updated_at'], wishes);
  await db.query('ANALYZE TABLE need, audit_log, volunteer_signup, volunteer_activity, fund_entry, wish');
  const figures = { needs: NEEDS, communities: communities.length, volunteers: vrows.length, activities: arows.length, signups: signups.length, fundEntries: entries.length, wishes: wishes.length };
  process.stdout.write(`  生成用时 ${((Date.now() - t0) / 1000).toFixed(0)} 秒：${JSON.stringify(figures)}\n`);
  return { district, street: streets[0], community: communities[0], adminId: admin.insertId };
}

const median = (xs) => pct([...xs].sort((a, b) => a - b), 50);

async function main() {
  const database = await freshDatabase(DB_URL);
  if (!database.connect) throw new Error('bench:stats runs on MariaDB/MySQL (BENCH_DB_URL=mariadb://…)');
  let server = null;
  const db = await database.connect();
  try {
    server = await startServer(database); // migrates the fresh database
    const now = Date.now();
    const { district, street, community, adminId } = await generate(db, now);
    const token = sign({ sub: String(adminId) }, SECRET, { algorithm: 'HS256', expiresIn: 3600 });
    const bj = (ms) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
    const today = bj(now);
    const periods = { 本月: { from: `${today.slice(0, 8)}01`, to: today }, 本年: { from: bj(now - 364 * DAY), to: today } };
    const results = [];
    for (const [scope, node] of [['区', district], ['街道', street], ['社区', community]]) {
      for (const [label, p] of Object.entries(periods)) {
        const url = `${server.base}/stats/nodes/${node.id}?from=${p.from}&to=${p.to}`;
        const call = async () => {
          const t = process.hrtime.bigint();
          const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
          const body = await res.json();
          if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
          return { ms: Number(process.hrtime.bigint() - t) / 1e6, reported: body.data.needs.reported };
        };
        const start = new Date(Date.parse(`${p.from}T00:00:00+08:00`));
        const end = new Date(Date.parse(`${p.to}T00:00:00+08:00`) + DAY);
        const bare = async () => {
          // The fastest plain count: the subtree's communities, then one index range each.
          const t = process.hrtime.bigint();
          const [ids] = await db.query("SELECT id FROM service_node WHERE path LIKE ? AND level = 'community'", [`${node.path}%`]);
          const [[row]] = await db.query(`SELECT COUNT(*) AS n FROM need n WHERE n.community_id IN (?) AND n.created_at >= ? AND n.created_at < ?`, [
            ids.map((r) => r.id),
            iso(start.getTime()),
            iso(end.getTime()),
          ]);
          return { ms: Number(process.hrtime.bigint() - t) / 1e6, reported: Number(row.n) };
        };
        const first = await call(); // cold: the trend's past months are counted once, then kept 10 minutes
        await bare();
        const api = [];
        const base = [];
        let reported = 0;
        let counted = 0;
        for (let i = 0; i < RUNS; i++) {
          const a = await call();
          const b = await bare();
          api.push(a.ms);
          base.push(b.ms);
          reported = a.reported;
          counted = b.reported;
        }
        const row = { scope, period: label, needs: reported, firstMs: Math.round(first.ms), statsMs: Math.round(median(api)), bareCountMs: Math.round(median(base)), ratio: +(median(api) / median(base)).toFixed(1), agrees: reported === counted };
        results.push(row);
        process.stdout.write(`${JSON.stringify(row)}\n`);
        if (!row.agrees) process.exitCode = 1;
      }
    }
    const d = results.find((r) => r.scope === '区' && r.period === '本月');
    const y = results.find((r) => r.scope === '区' && r.period === '本年');
    process.stdout.write(
      `\n区级统计（${NEEDS.toLocaleString()} 条需求，${STREETS * PER_STREET} 个社区，MariaDB）：本月 ${d.statsMs} ms（首次 ${d.firstMs} ms；${d.needs.toLocaleString()} 条，裸驱动计数 ${d.bareCountMs} ms 的 ${d.ratio} 倍），` +
        `本年 ${y.statsMs} ms（首次 ${y.firstMs} ms；${y.needs.toLocaleString()} 条，${y.ratio} 倍）；目标：区级一次调用 < 1000 ms\n`,
    );
  } finally {
    await db.end().catch(() => undefined);
    if (server) await server.stop();
    if (process.env.BENCH_KEEP) process.stdout.write(`kept: ${database.url}\n`);
    else await database.drop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
