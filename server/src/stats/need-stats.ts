import type { DataSource } from 'typeorm';
import { NEED_STATUS_LABEL, NEED_STATUSES, type NeedStatus, type Urgency } from '../contract/needs';
import type { NeedStatsView, RateView } from '../contract/stats';
import { floorSql, hoursBetweenSql, sqlTime, toNum } from '../database/raw';

/**
 * The needs statistics of a subtree over a period, counted by the database: one aggregate query
 * grouped by (child, category, status) with the rates' numerators as sums, and one histogram of
 * the hours to accept and to done — a few thousand rows back whether the district has a thousand
 * needs or a million. The service reads them once per call; the subtree and each child are
 * combined from them here.
 */

/** Closing without acceptance still answers the resident (a reason, a referral): it counts as a response. */
const ANSWERED: readonly NeedStatus[] = ['rejected', 'merged', 'closed_infeasible', 'closed_referred'];

/** Counts of the needs of one (child, category, status). */
export interface NeedGroup {
  /** The direct child the needs' community lies under (0: the node itself is the community). */
  child: number;
  categoryId: number;
  status: NeedStatus;
  reported: number;
  responded: number;
  accepted: number;
  done: number;
  reopened: number;
  rated: number;
  satisfied: number;
  dissatisfiedTwice: number;
}

/** How many needs took between `lo` and `hi` hours (one bucket) to be accepted or done, under one child. */
export interface HoursBucket {
  child: number;
  kind: 'accept' | 'done';
  lo: number;
  hi: number;
  count: number;
}

export function rate(numerator: number, denominator: number): RateView {
  return { numerator, denominator, percent: denominator ? Math.round((numerator / denominator) * 1000) / 10 : null };
}

/**
 * The q-quantile (0..1) of a histogram, nearest rank, in hours with one decimal; null when empty.
 * Each bucket knows its smallest and largest value: a rank falling in a bucket of one value is
 * exact; inside a wider bucket it is placed linearly between the two (buckets: 0.1 h under 2 h,
 * 0.5 h under a day, 1 h under three days, 4 h under ten, a day beyond).
 */
export function quantileHours(buckets: Array<{ lo: number; hi: number; count: number }>, q: number): number | null {
  const sorted = [...buckets].sort((a, b) => a.lo - b.lo);
  const total = sorted.reduce((n, b) => n + b.count, 0);
  if (!total) return null;
  const rank = Math.min(total, Math.max(1, Math.ceil(q * total)));
  let seen = 0;
  for (const b of sorted) {
    if (seen + b.count >= rank) {
      const at = b.count > 1 ? b.lo + ((b.hi - b.lo) * (rank - seen - 1)) / (b.count - 1) : b.lo;
      return Math.round(at * 10) / 10;
    }
    seen += b.count;
  }
  return null;
}

/** The statistics of the groups and buckets whose child passes `under` (all of them for the whole subtree). */
export function needStats(groups: NeedGroup[], buckets: HoursBucket[], categories: Map<number, string>, under: (child: number) => boolean = () => true): NeedStatsView {
  const byStatus = new Map<NeedStatus, number>();
  const byCategory = new Map<number, number>();
  const t = { reported: 0, responded: 0, accepted: 0, done: 0, reopened: 0, rated: 0, satisfied: 0, dissatisfiedTwice: 0, noFeedback: 0 };
  for (const g of groups) {
    if (!under(g.child)) continue;
    byStatus.set(g.status, (byStatus.get(g.status) ?? 0) + g.reported);
    byCategory.set(g.categoryId, (byCategory.get(g.categoryId) ?? 0) + g.reported);
    t.reported += g.reported;
    t.responded += g.responded;
    t.accepted += g.accepted;
    t.done += g.done;
    t.reopened += g.reopened;
    t.rated += g.rated;
    t.satisfied += g.satisfied;
    t.dissatisfiedTwice += g.dissatisfiedTwice;
    if (g.status === 'closed_no_feedback') t.noFeedback += g.reported;
  }
  const hours = (kind: HoursBucket['kind']) => buckets.filter((b) => b.kind === kind && under(b.child));
  const accept = hours('accept');
  const done = hours('done');
  return {
    reported: t.reported,
    accepted: t.accepted,
    done: t.done,
    reopened: t.reopened,
    closedNoFeedback: t.noFeedback,
    dissatisfiedTwice: t.dissatisfiedTwice,
    byStatus: NEED_STATUSES.filter((s) => byStatus.get(s)).map((s) => ({ key: s, label: NEED_STATUS_LABEL[s], count: byStatus.get(s)! })),
    byCategory: [...byCategory.entries()]
      .filter(([, count]) => count > 0)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .map(([id, count]) => ({ key: String(id), label: categories.get(id) ?? '其他', count })),
    responseRate: rate(t.responded, t.reported),
    resolutionRate: rate(t.done, t.accepted),
    satisfactionRate: rate(t.satisfied, t.rated),
    acceptHours: { median: quantileHours(accept, 0.5), p90: quantileHours(accept, 0.9) },
    doneHours: { median: quantileHours(done, 0.5), p90: quantileHours(done, 0.9) },
  };
}

/** The needs of some communities reported in [start, end), grouped by direct child. */
export interface NeedScope {
  /** The communities of the subtree (the node's own id when it is a community). */
  communityIds: number[];
  /** Which direct child each community lies under (absent: 0). */
  childOf: Map<number, number>;
  start: Date;
  end: Date;
}

/**
 * The two aggregate queries. Range scans of idx_need_community_created, one per community (an IN
 * list, not a join on the path: MariaDB then uses the index on both columns).
 *
 * A rating counts for 满意率 unless the need is 代报 and its rating was recorded by nobody or by
 * its handler (a 回访 call must come from someone else).
 */
export async function readNeedAggregates(db: DataSource, scope: NeedScope, responseHours: Record<Urgency, number>): Promise<{ groups: NeedGroup[]; buckets: HoursBucket[] }> {
  if (!scope.communityIds.length) return { groups: [], buckets: [] };
  // Grouped by community (an index column: no per-row expression), then by child here.
  const childOf = (communityId: unknown) => scope.childOf.get(toNum(communityId)) ?? 0;
  const where = `n.community_id IN (${scope.communityIds.map(() => '?').join(',')}) AND n.created_at >= ? AND n.created_at < ?`;
  const params = [...scope.communityIds, sqlTime(db, scope.start), sqlTime(db, scope.end)];
  const answeredAt = `COALESCE(n.accepted_at, CASE WHEN n.status IN (${ANSWERED.map((s) => `'${s}'`).join(',')}) THEN n.closed_at END)`;
  const limit = `CASE n.urgency WHEN 'critical' THEN ${Number(responseHours.critical)} WHEN 'urgent' THEN ${Number(responseHours.urgent)} ELSE ${Number(responseHours.normal)} END`;
  const counted = `(n.rating IS NOT NULL AND (n.proxy = 0 OR (n.rated_by IS NOT NULL AND (n.handler_id IS NULL OR n.rated_by <> n.handler_id))))`;
  const raw: Array<Record<string, unknown>> = await db.query(
    `SELECT n.community_id AS community_id, n.category_id AS category_id, n.status AS status, COUNT(*) AS reported,
            SUM(CASE WHEN ${answeredAt} IS NOT NULL AND ${hoursBetweenSql(db, 'n.created_at', answeredAt)} <= ${limit} THEN 1 ELSE 0 END) AS responded,
            SUM(CASE WHEN n.accepted_at IS NOT NULL THEN 1 ELSE 0 END) AS accepted,
            SUM(CASE WHEN n.accepted_at IS NOT NULL AND n.done_at IS NOT NULL AND n.reopen_count = 0 THEN 1 ELSE 0 END) AS done,
            SUM(CASE WHEN n.reopen_count > 0 THEN 1 ELSE 0 END) AS reopened,
            SUM(CASE WHEN ${counted} THEN 1 ELSE 0 END) AS rated,
            SUM(CASE WHEN ${counted} AND n.rating >= 4 THEN 1 ELSE 0 END) AS satisfied,
            SUM(CASE WHEN ${counted} AND n.rating <= 2 AND n.reopen_count > 0 THEN 1 ELSE 0 END) AS dissatisfied_twice
       FROM need n WHERE ${where}
      GROUP BY n.community_id, n.category_id, n.status`,
    params,
  );
  const groups = raw.map((r) => ({
    child: childOf(r.community_id),
    categoryId: toNum(r.category_id),
    status: r.status as NeedStatus,
    reported: toNum(r.reported),
    responded: toNum(r.responded),
    accepted: toNum(r.accepted),
    done: toNum(r.done),
    reopened: toNum(r.reopened),
    rated: toNum(r.rated),
    satisfied: toNum(r.satisfied),
    dissatisfiedTwice: toNum(r.dissatisfied_twice),
  }));
  const f = (x: string) => floorSql(db, x);
  const bucket = `CASE WHEN t.h < 2 THEN ${f('t.h * 10')} WHEN t.h < 24 THEN 20 + ${f('(t.h - 2) * 2')} WHEN t.h < 72 THEN 64 + ${f('t.h - 24')} WHEN t.h < 240 THEN 112 + ${f('(t.h - 72) / 4')} ELSE 154 + ${f('(t.h - 240) / 24')} END`;
  const histogram = async (kind: HoursBucket['kind'], column: string): Promise<HoursBucket[]> => {
    const rows: Array<Record<string, unknown>> = await db.query(
      `SELECT t.community_id AS community_id, ${bucket} AS b, MIN(t.h) AS lo, MAX(t.h) AS hi, COUNT(*) AS n
         FROM (SELECT n.community_id AS community_id, ${hoursBetweenSql(db, 'n.created_at', column)} AS h FROM need n WHERE ${where} AND ${column} IS NOT NULL) t
        GROUP BY t.community_id, b`,
      params,
    );
    return rows.map((r) => ({ child: childOf(r.community_id), kind, lo: Number(r.lo), hi: Number(r.hi), count: toNum(r.n) }));
  };
  return { groups, buckets: [...(await histogram('accept', 'n.accepted_at')), ...(await histogram('done', 'n.done_at'))] };
}
