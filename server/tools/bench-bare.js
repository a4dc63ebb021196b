#!/usr/bin/env node
/*
 * The baseline of `npm run bench`: a bare Node `http` server over a mysql2 pool with none of the
 * product around it (no framework, guards, validation, logging or views).
 * - GET /board, /fund, … (bench-public.js): each public read with the fewest queries that return
 *   the same rows, JSON-encoded.
 * - POST /signup?activity=&user= (bench-signups.js): one sign-up as the textbook does it with the
 *   bare driver, exact under a crowd: its own transaction, the activity row locked, a seat or the
 *   next queue ticket, one INSERT, one UPDATE of the counters, COMMIT.
 * Run in its own process: BENCH_BARE_DB (mysql URL), BENCH_BARE_PORT.
 */
'use strict';
const { createServer } = require('node:http');
const { createPool } = require('mysql2/promise');

const url = new URL(process.env.BENCH_BARE_DB);
const pool = createPool({
  host: url.hostname,
  port: Number(url.port || 3306),
  user: decodeURIComponent(url.username),
  password: decodeURIComponent(url.password),
  database: url.pathname.slice(1),
  connectionLimit: Number(process.env.BENCH_BARE_CONNECTIONS || 10),
  dateStrings: false,
});

const routes = {
  /** 需求公示: a community's public needs, 20 newest, with the community and category names and the total. */
  async board(q) {
    const [rows] = await pool.execute(
      `SELECT n.id, n.title, n.status, n.urgency, n.me_too_count, n.created_at, n.updated_at, c.name AS community, k.label AS category, COUNT(*) OVER () AS total
         FROM need n JOIN service_node c ON c.id = n.community_id JOIN need_category k ON k.id = n.category_id
        WHERE n.community_id = ? AND n.is_public = 1 AND n.status <> 'merged' ORDER BY n.id DESC LIMIT 20`,
      [q.get('id')],
    );
    return { items: rows, total: rows[0]?.total ?? 0 };
  },
  /** 资金公示: the fund, its entries summed by month and flow, the 50 latest donations and spendings, the in-kind gifts. */
  async fund(q) {
    const [[fund]] = await pool.execute('SELECT f.id, f.balance, s.name, s.level FROM service_node s LEFT JOIN fund f ON f.node_id = s.id WHERE s.id = ?', [q.get('id')]);
    const fundId = fund?.id ?? 0;
    const [months] = await pool.execute('SELECT SUBSTR(occurred_on, 1, 7) AS ym, flow, SUM(amount) AS total FROM fund_entry WHERE fund_id = ? GROUP BY SUBSTR(occurred_on, 1, 7), flow', [fundId]);
    const [donations] = await pool.execute(
      `SELECT e.id, e.kind, e.flow, e.amount, e.occurred_on, e.donor_name, e.anonymous, e.donor_kind, e.channel, e.note, e.counterpart_node_id, e.reverses_entry_id, e.reason,
              a.need_id, a.project_id, cn.name AS counterpart_name, EXISTS (SELECT 1 FROM fund_entry x WHERE x.reverses_entry_id = e.id) AS is_reversed
         FROM fund_entry e LEFT JOIN fund_allocation a ON a.id = e.allocation_id LEFT JOIN service_node cn ON cn.id = e.counterpart_node_id
        WHERE e.fund_id = ? AND e.kind = 'donation' ORDER BY e.occurred_on DESC, e.id DESC LIMIT 50`,
      [fundId],
    );
    const [allocations] = await pool.execute(
      `SELECT a.id, a.amount, a.purpose, a.need_id, a.project_id, a.status, a.posted_at, g.name AS grant_name
         FROM fund_allocation a LEFT JOIN service_node g ON g.id = a.grant_to_node_id
        WHERE a.fund_id = ? AND a.status IN ('posted', 'reversed') ORDER BY a.posted_at DESC, a.id DESC LIMIT 50`,
      [fundId],
    );
    const [inKind] = await pool.execute('SELECT * FROM in_kind_donation WHERE node_id = ? ORDER BY received_on DESC, id DESC LIMIT 50', [q.get('id')]);
    return { fund, months, donations, allocations, inKind };
  },
  /** 心愿墙: the wishes of a subtree, 20 newest, not withdrawn, with their community, their claim's public thanks and the total. */
  async wishes(q) {
    const [rows] = await pool.execute(
      `SELECT w.id, w.community_id, w.campaign_id, w.title, w.story, w.value_fen, w.category, w.beneficiary_masked, w.beneficiary_name_enc, w.need_id, w.status,
              w.active_claim_id, w.delivery_photo_upload_id, w.photo_public, w.photo_public_at, w.thanks_text, w.created_at, c.name AS community,
              k.anonymous AS claim_anonymous, k.public_name AS claim_public_name, k.as_party_member AS claim_party, COUNT(*) OVER () AS total
         FROM wish w JOIN service_node c ON c.id = w.community_id
         LEFT JOIN wish_claim k ON k.id = w.active_claim_id AND w.status IN ('delivered', 'completed')
        WHERE c.path LIKE ? AND w.status <> 'withdrawn' ORDER BY w.id DESC LIMIT 20`,
      [`${q.get('path')}%`],
    );
    return { items: rows, total: rows[0]?.total ?? 0 };
  },
  /** 议事: a community's topics with their meetings. */
  async topics(q) {
    const [rows] = await pool.execute(
      `SELECT t.*, m.id AS meeting_id, m.kind, m.starts_at, m.capacity, m.signed_up_count
         FROM consult_topic t LEFT JOIN consult_meeting m ON m.topic_id = t.id
        WHERE t.community_id = ? ORDER BY t.id DESC LIMIT 100`,
      [q.get('id')],
    );
    return rows;
  },
  /**
   * 项目公示: the rows the page shows: the project with its organization, community, evaluation,
   * resolution, guidance and photo counts, money and residents' rating; its milestones; its
   * progress posts with their photo counts; its public needs.
   */
  async project(q) {
    const id = q.get('id');
    const photos = (type, entity) => `(SELECT COUNT(*) FROM upload_link l JOIN upload u ON u.id = l.upload_id WHERE l.entity_type = '${type}' AND l.entity_id = ${entity})`;
    const rated = 'FROM project_need pn JOIN need n ON n.id = pn.need_id WHERE pn.project_id = p.id AND n.rating IS NOT NULL';
    const [[project]] = await pool.execute(
      `SELECT p.*, o.name AS org_name, o.kind AS org_kind, c.name AS community_name, e.scores, e.total_score, e.comment, r.text AS resolution, r.figures, tp.title AS topic_title,
              (SELECT COUNT(*) FROM project_guidance g WHERE g.project_id = p.id) AS guidance_count, ${photos('completion', 'p.id')} AS evidence_count,
              (SELECT SUM(CASE WHEN a.status IN ('approved', 'street_approved', 'posted') THEN a.amount ELSE 0 END) FROM fund_allocation a WHERE a.project_id = p.id) AS allocated,
              (SELECT SUM(CASE WHEN a.status = 'posted' THEN a.amount ELSE 0 END) FROM fund_allocation a WHERE a.project_id = p.id) AS spent,
              (SELECT COUNT(n.rating) ${rated}) AS rated, (SELECT SUM(n.rating) ${rated}) AS rating_sum
         FROM service_project p JOIN organization o ON o.id = p.org_id JOIN service_node c ON c.id = p.community_id
         LEFT JOIN project_evaluation e ON e.project_id = p.id LEFT JOIN consult_resolution r ON r.id = p.resolution_id LEFT JOIN consult_topic tp ON tp.id = r.topic_id
        WHERE p.id = ?`,
      [id],
    );
    const [milestones] = await pool.execute('SELECT id, title, planned_on, done_on, waived_reason, waived_on FROM project_milestone WHERE project_id = ? ORDER BY sort', [id]);
    const [progress] = await pool.execute(`SELECT x.id, x.milestone_id, x.text, x.people_served, x.created_at, ${photos('progress', 'x.id')} AS photo_count FROM project_progress x WHERE x.project_id = ? ORDER BY x.id`, [id]);
    const [needs] = await pool.execute('SELECT n.id, n.title, n.status FROM need n JOIN project_need pn ON pn.need_id = n.id WHERE pn.project_id = ? AND n.is_public = 1 ORDER BY n.id', [id]);
    return { project, milestones, progress, needs };
  },
  /** 报名: one transaction per person (the activity row serializes them). */
  async signup(q) {
    const activity = Number(q.get('activity'));
    const user = Number(q.get('user'));
    const c = await pool.getConnection();
    try {
      await c.beginTransaction();
      const [[a]] = await c.execute('SELECT capacity, confirmed_count, waitlist_seq, waitlist_count FROM volunteer_activity WHERE id = ? FOR UPDATE', [activity]);
      const seat = a.confirmed_count < a.capacity;
      const now = new Date();
      await c.execute(
        'INSERT INTO volunteer_signup (activity_id, user_id, status, waitlist_seq, late_cancel, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)',
        [activity, user, seat ? 'confirmed' : 'waitlisted', seat ? null : a.waitlist_seq + 1, now, now],
      );
      await c.execute(
        seat
          ? 'UPDATE volunteer_activity SET confirmed_count = confirmed_count + 1 WHERE id = ?'
          : 'UPDATE volunteer_activity SET waitlist_seq = waitlist_seq + 1, waitlist_count = waitlist_count + 1 WHERE id = ?',
        [activity],
      );
      await c.commit();
      return seat ? { status: 'confirmed', waitlistPosition: null } : { status: 'waitlisted', waitlistPosition: a.waitlist_count + 1 };
    } catch (err) {
      await c.rollback().catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  },
};

createServer(async (req, res) => {
  const u = new URL(req.url, 'http://x');
  const route = routes[u.pathname.slice(1)];
  try {
    if (!route) throw Object.assign(new Error('not found'), { status: 404 });
    const body = JSON.stringify({ data: await route(u.searchParams) });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  } catch (err) {
    res.writeHead(err.status ?? 500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: err.message }));
  }
}).listen(Number(process.env.BENCH_BARE_PORT), '127.0.0.1', () => process.stdout.write('bare server listening\n'));
