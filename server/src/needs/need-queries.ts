import { redactText } from '../common/redact';
import { Between, type EntityManager, In, LessThanOrEqual, Not } from 'typeorm';
import type { Principal } from '../auth/principal';
import { notFound } from '../common/errors';
import { HANDLING_STATUSES, type MyNeedRelation, NEED_STATUSES, type NeedListItem, type NeedQueueQuery, type NeedStatus, type SimilarNeedsQuery, type SlaLimits, URGENCIES } from '../contract/needs';
import { forceIndexSql, sqlTime, toDate, toNum } from '../database/raw';
import { ServiceNode } from '../tree/service-node.entity';
import { relationTo } from './need-access';
import { NeedCategory } from './need-category.entity';
import { NeedFollower } from './need-follower.entity';
import { OPEN_STATUSES } from './need-status';
import { toNeedListItem } from './need-views';
import { Need } from './need.entity';

/**
 * The needs domain's named reads, each taking the EntityManager (a transaction's or the data
 * source's). Raw SQL lives here and nowhere else in needs/.
 */

const DAY = 86_400_000;

/**
 * A need's latest timeline step (the report, a status change, a loop step; not a priority change),
 * as a correlated subquery on `n`: it restarts the progress clock. Read from idx_audit_entity alone.
 */
const LAST_STEP_SQL = `(SELECT MAX(a.created_at) FROM audit_log a WHERE a.entity_type = 'need' AND a.entity_id = n.id AND a.action <> 'need.priority')`;

/** The latest timeline step of each of these needs. */
export async function findLastSteps(m: EntityManager, ids: number[]): Promise<Map<number, Date>> {
  if (!ids.length) return new Map();
  const rows: Array<{ id: unknown; at: unknown }> = await m.query(
    `SELECT a.entity_id AS id, MAX(a.created_at) AS at FROM audit_log a
      WHERE a.entity_type = 'need' AND a.entity_id IN (${ids.map(() => '?').join(',')}) AND a.action <> 'need.priority'
      GROUP BY a.entity_id`,
    ids,
  );
  return new Map(rows.map((r) => [toNum(r.id), toDate(r.at)]));
}

/**
 * Open needs whose clock has run past its limit (the escalation sweep), oldest first: waiting to be
 * accepted past the urgency's response limit, or accepted with no step for `progressDays`.
 */
export async function findOverdue(m: EntityManager, now: Date, limits: SlaLimits, limit = 500): Promise<Array<{ need: Need; lastStepAt: Date | null }>> {
  const { where, params } = overdueWhere(m, now, limits);
  const rows: Array<{ id: unknown; last_step: unknown }> = await m.query(
    `SELECT n.id AS id, ${LAST_STEP_SQL} AS last_step FROM need n WHERE ${where} ORDER BY n.id LIMIT ?`,
    [...params, limit],
  );
  if (!rows.length) return [];
  const needs = new Map((await m.find(Need, { where: { id: In(rows.map((r) => toNum(r.id))) } })).map((n) => [n.id, n]));
  return rows.flatMap((r) => {
    const need = needs.get(toNum(r.id));
    return need ? [{ need, lastStepAt: r.last_step == null ? null : toDate(r.last_step) }] : [];
  });
}

/**
 * Open needs of these communities past their clock's limit now, per community: `late` (yellow or
 * red) and `red` (past twice the limit). Waiting and handling needs are counted apart, each from
 * its index (idx_need_community_status; idx_audit_entity for the last step).
 */
export async function countOverdueByCommunity(m: EntityManager, communityIds: number[], now: Date, limits: SlaLimits): Promise<Array<{ communityId: number; late: number; red: number }>> {
  if (!communityIds.length) return [];
  const doubled = { responseHours: mapValues(limits.responseHours, (h) => 2 * h), progressDays: 2 * limits.progressDays };
  const rows: Array<Record<string, unknown>> = [];
  for (const clock of ['response', 'progress'] as const) {
    const late = clockWhere(m, clock, now, limits);
    const red = clockWhere(m, clock, now, doubled);
    // No join: the optimizer otherwise walks every need of each community instead of the index range.
    rows.push(
      ...(await m.query(
        `SELECT n.community_id AS community_id, COUNT(*) AS late, SUM(CASE WHEN ${red.where} THEN 1 ELSE 0 END) AS red
           FROM need n ${forceIndexSql(m, 'idx_need_community_status')}
          WHERE n.community_id IN (${communityIds.map(() => '?').join(',')}) AND ${late.where}
          GROUP BY n.community_id`,
        [...red.params, ...communityIds, ...late.params],
      )),
    );
  }
  return rows.map((r) => ({ communityId: toNum(r.community_id), late: toNum(r.late), red: toNum(r.red) }));
}

const mapValues = <K extends string>(o: Record<K, number>, f: (v: number) => number) =>
  Object.fromEntries(Object.entries<number>(o).map(([k, v]) => [k, f(v)])) as Record<K, number>;

/** SQL on `n` for "past its clock's limit" (yellow or red). */
function overdueWhere(m: EntityManager, now: Date, limits: SlaLimits): { where: string; params: unknown[] } {
  const response = clockWhere(m, 'response', now, limits);
  const progress = clockWhere(m, 'progress', now, limits);
  return { where: `(${response.where} OR ${progress.where})`, params: [...response.params, ...progress.params] };
}

/** SQL on `n` for "past the limit of this clock". */
function clockWhere(m: EntityManager, clock: 'response' | 'progress', now: Date, limits: SlaLimits): { where: string; params: unknown[] } {
  if (clock === 'response') {
    const params: unknown[] = [];
    const late = URGENCIES.map((u) => {
      params.push(u, sqlTime(m, new Date(now.getTime() - limits.responseHours[u] * 3_600_000)));
      return '(n.urgency = ? AND n.created_at <= ?)';
    });
    return { where: `(n.status = 'reported' AND (${late.join(' OR ')}))`, params };
  }
  return {
    where: `(n.status IN (${HANDLING_STATUSES.map(() => '?').join(',')}) AND ${LAST_STEP_SQL} <= ?)`,
    params: [...HANDLING_STATUSES, sqlTime(m, new Date(now.getTime() - limits.progressDays * DAY))],
  };
}

/** A need, its community and how the caller relates to it; 404 when there is no such need. */
export async function findNeedWithRelation(m: EntityManager, principal: Principal | undefined, id: number) {
  const need = await m.findOne(Need, { where: { id } });
  if (!need) throw notFound('该需求');
  const community = await m.findOne(ServiceNode, { where: { id: need.communityId } });
  if (!community) throw notFound('该社区或街道');
  const follower = principal ? (await m.count(NeedFollower, { where: { needId: id, userId: principal.userId } })) > 0 : false;
  return { need, community, relation: relationTo(principal, need, community, follower) };
}

export function findActiveCategories(m: EntityManager): Promise<NeedCategory[]> {
  return m.find(NeedCategory, { where: { active: true }, order: { sort: 'ASC', id: 'ASC' } });
}

/**
 * List items for these ids, in the same order (ids that do not exist are left out), with their
 * community's name and category's label from one joined query (#15: three before); `forPublic`:
 * titles redacted.
 */
export async function findListItems(m: EntityManager, ids: number[], forPublic = false): Promise<NeedListItem[]> {
  if (!ids.length) return [];
  const { entities, raw } = await listItemsQuery(m).where('n.id IN (:...ids)', { ids }).getRawAndEntities<ListItemRaw>();
  const byId = new Map(entities.map((n) => [n.id, n]));
  return toListItems(
    ids.map((id) => byId.get(id)).filter((n): n is Need => Boolean(n)),
    raw,
    forPublic,
  );
}

/**
 * A page of a community's public board (merged needs are inside their survivor) as list items,
 * newest first, with the total — one query
 * (`COUNT(*) OVER ()`, on MariaDB 10.2+, MySQL 8 and SQLite alike), the same rows bench-bare.js
 * reads (#15). An empty page has no row to carry the total: `total` is null then (past the end,
 * or no such community), for the caller to tell apart.
 */
export async function findBoardItems(m: EntityManager, communityId: number, limit: number, offset: number): Promise<{ items: NeedListItem[]; total: number | null }> {
  const { entities, raw } = await listItemsQuery(m)
    .addSelect('COUNT(*) OVER ()', 'total_rows')
    .where("n.community_id = :cid AND n.is_public = 1 AND n.status <> 'merged'", { cid: communityId })
    .orderBy('n.id', 'DESC')
    .limit(limit)
    .offset(offset)
    .getRawAndEntities<ListItemRaw & { total_rows: unknown }>();
  return { items: toListItems(entities, raw, true), total: raw.length ? toNum(raw[0].total_rows) : null };
}

type ListItemRaw = { n_id: unknown; community_name: string; category_label: string };

/** Needs (the columns of a list item only) with their community's name and category's label, one row each. */
const listItemsQuery = (m: EntityManager) =>
  m
    .createQueryBuilder(Need, 'n')
    .select(['n.id', 'n.communityId', 'n.title', 'n.status', 'n.urgency', 'n.priority', 'n.meTooCount', 'n.createdAt', 'n.updatedAt'])
    .innerJoin(ServiceNode, 'c', 'c.id = n.community_id')
    .innerJoin(NeedCategory, 'k', 'k.id = n.category_id')
    .addSelect(['c.name AS community_name', 'k.label AS category_label']);

/** The list items of `needs` in their order; public ones with the title redacted. */
function toListItems(needs: Need[], raw: ListItemRaw[], forPublic: boolean): NeedListItem[] {
  const names = new Map(raw.map((r) => [toNum(r.n_id), r]));
  return needs.map((n) => {
    const item = toNeedListItem(n, names.get(n.id)?.community_name ?? '', names.get(n.id)?.category_label ?? '');
    return forPublic ? { ...item, title: redactText(item.title) } : item;
  });
}

/** Open public needs of a community matching a category and words, most joined first (at most 20). */
export async function findSimilarOpenIds(m: EntityManager, q: SimilarNeedsQuery): Promise<number[]> {
  const params: unknown[] = [q.communityId];
  let sql = `SELECT n.id FROM need n WHERE n.community_id = ? AND n.is_public = 1 AND n.status IN (${OPEN_STATUSES.map(() => '?').join(',')})`;
  params.push(...OPEN_STATUSES);
  if (q.categoryId) {
    sql += ' AND n.category_id = ?';
    params.push(q.categoryId);
  }
  if (q.q) {
    // '!' as the escape character: a backslash means different things to MariaDB and SQLite.
    const like = `%${q.q.replace(/[!%_]/g, (c) => `!${c}`)}%`;
    sql += " AND (n.title LIKE ? ESCAPE '!' OR n.description LIKE ? ESCAPE '!')";
    params.push(like, like);
  }
  sql += ' ORDER BY n.me_too_count DESC, n.id DESC LIMIT 20';
  return (await m.query(sql, params)).map((r: { id: unknown }) => toNum(r.id));
}

/** Of these needs, the ones the user follows. */
export async function findFollowedAmong(m: EntityManager, userId: number, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  return new Set((await m.find(NeedFollower, { where: { userId, needId: In(ids) } })).map((f) => f.needId));
}

/** Of these needs, the ones the user reported. */
export async function findReportedAmong(m: EntityManager, userId: number, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  return new Set((await m.find(Need, { where: { id: In(ids), reporterId: userId }, select: { id: true } })).map((n) => n.id));
}

/** Every need the user reported or follows, with how (reporting wins over following). */
export async function findMyNeedRelations(m: EntityManager, userId: number): Promise<Map<number, MyNeedRelation>> {
  const reported = await m.find(Need, { where: { reporterId: userId }, select: { id: true } });
  const followed = await m.find(NeedFollower, { where: { userId } });
  const relation = new Map<number, MyNeedRelation>();
  for (const f of followed) relation.set(f.needId, f.kind);
  for (const n of reported) relation.set(n.id, 'reporter');
  return relation;
}

/** How many public needs a community's board holds (merged ones are inside their survivor). */
export function countBoard(m: EntityManager, communityId: number): Promise<number> {
  return m.count(Need, { where: { communityId, isPublic: true, status: Not('merged') } });
}

/** A page of the triage queue of a node's subtree: most urgent, highest priority, oldest first. */
export async function findQueuePage(m: EntityManager, node: Pick<ServiceNode, 'path'>, q: NeedQueueQuery, now: Date, limits?: SlaLimits, callerId?: number): Promise<{ ids: number[]; total: number }> {
  // A search looks through every status unless one is picked; otherwise the queue is the open needs.
  const statuses: readonly NeedStatus[] = q.status ? [q.status] : q.q ? NEED_STATUSES : OPEN_STATUSES;
  const params: unknown[] = [`${node.path}%`, ...statuses];
  let where = `c.path LIKE ? AND n.status IN (${statuses.map(() => '?').join(',')})`;
  if (q.categoryId) {
    where += ' AND n.category_id = ?';
    params.push(q.categoryId);
  }
  if (q.urgency) {
    where += ' AND n.urgency = ?';
    params.push(q.urgency);
  }
  if (q.olderThanDays != null) {
    where += ' AND n.created_at <= ?';
    params.push(sqlTime(m, new Date(now.getTime() - q.olderThanDays * DAY)));
  }
  if (q.mine && callerId) {
    where += ' AND n.handler_id = ?';
    params.push(callerId);
  }
  if (q.q) {
    // A number finds that need; words search the title and description ('!' escapes, as in findSimilarOpenIds).
    const like = `%${q.q.replace(/[!%_]/g, (c) => `!${c}`)}%`;
    const id = /^\d{1,9}$/.test(q.q) ? Number(q.q) : 0;
    where += " AND (n.id = ? OR n.title LIKE ? ESCAPE '!' OR n.description LIKE ? ESCAPE '!')";
    params.push(id, like, like);
  }
  if (q.overdue && limits) {
    // Past a clock's limit (the yellow and the red ones).
    const overdue = overdueWhere(m, now, limits);
    where += ` AND ${overdue.where}`;
    params.push(...overdue.params);
  }
  const from = 'FROM need n JOIN service_node c ON c.id = n.community_id';
  const [{ total }] = await m.query(`SELECT COUNT(*) AS total ${from} WHERE ${where}`, params);
  const rows = await m.query(
    `SELECT n.id ${from} WHERE ${where}
      ORDER BY CASE n.urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END DESC, n.priority DESC, n.created_at ASC, n.id ASC
      LIMIT ? OFFSET ?`,
    [...params, q.limit ?? 20, q.offset ?? 0],
  );
  return { ids: rows.map((r: { id: unknown }) => toNum(r.id)), total: toNum(total) };
}

/** Needs done and left unrated past their feedback date (the sweep closes them), oldest first. */
/** Done, unrated needs whose feedback deadline falls within `within` ms from now: the "please rate" reminder sweep. */
export function findUnratedDueSoon(m: EntityManager, now: Date, within: number, limit = 500): Promise<Need[]> {
  return m.find(Need, { where: { status: 'done', feedbackDueAt: Between(now, new Date(now.getTime() + within)) }, order: { id: 'ASC' }, take: limit });
}

export function findUnratedDue(m: EntityManager, now: Date, limit = 500): Promise<Need[]> {
  return m.find(Need, { where: { status: 'done', feedbackDueAt: LessThanOrEqual(now) }, order: { id: 'ASC' }, take: limit });
}
