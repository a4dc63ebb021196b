import { type EntityManager, In, LessThanOrEqual, Not } from 'typeorm';
import type { Principal } from '../auth/principal';
import { notFound } from '../common/errors';
import { type MyNeedRelation, type NeedListItem, type NeedQueueQuery, type NeedStatus, type SimilarNeedsQuery, URGENCIES, type Urgency } from '../contract/needs';
import { sqlTime, toNum } from '../database/raw';
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

/** List items for these ids, in the same order (ids that do not exist are left out). */
export async function findListItems(m: EntityManager, ids: number[]): Promise<NeedListItem[]> {
  if (!ids.length) return [];
  const needs = await m.find(Need, { where: { id: In(ids) } });
  const communities = await m.find(ServiceNode, { where: { id: In([...new Set(needs.map((n) => n.communityId))]) } });
  const categories = await m.find(NeedCategory);
  const byId = new Map(needs.map((n) => [n.id, n]));
  return ids
    .map((id) => byId.get(id))
    .filter((n): n is Need => Boolean(n))
    .map((n) =>
      toNeedListItem(n, communities.find((c) => c.id === n.communityId)?.name ?? '', categories.find((c) => c.id === n.categoryId)?.label ?? ''),
    );
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

/** A page of a community's board: its public needs, newest first (merged ones are inside their survivor). */
export async function findBoardPage(m: EntityManager, communityId: number, limit: number, offset: number): Promise<{ ids: number[]; total: number }> {
  const [rows, total] = await m.findAndCount(Need, {
    where: { communityId, isPublic: true, status: Not('merged') },
    order: { id: 'DESC' },
    take: limit,
    skip: offset,
    select: { id: true },
  });
  return { ids: rows.map((r) => r.id), total };
}

/** A page of the triage queue of a node's subtree: most urgent, highest priority, oldest first. */
export async function findQueuePage(m: EntityManager, node: Pick<ServiceNode, 'path'>, q: NeedQueueQuery, now: Date, responseHours?: Record<Urgency, number>): Promise<{ ids: number[]; total: number }> {
  const statuses: readonly NeedStatus[] = q.status ? [q.status] : OPEN_STATUSES;
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
  if (q.overdue && responseHours) {
    // Waiting for acceptance past the urgency's limit (the yellow and the red ones).
    where += ` AND n.status = 'reported' AND (${URGENCIES.map(() => '(n.urgency = ? AND n.created_at <= ?)').join(' OR ')})`;
    for (const u of URGENCIES) params.push(u, sqlTime(m, new Date(now.getTime() - responseHours[u] * 3_600_000)));
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
export function findUnratedDue(m: EntityManager, now: Date, limit = 500): Promise<Need[]> {
  return m.find(Need, { where: { status: 'done', feedbackDueAt: LessThanOrEqual(now) }, order: { id: 'ASC' }, take: limit });
}
