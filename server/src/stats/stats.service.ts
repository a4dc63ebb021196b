import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { badRequest } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuditService } from '../audit/audit.service';
import { beijingDate, fromBeijing } from '../contract/format';
import type { CommunityMonthView, LedgerKind, NodeStatsView, StatsNodeRef, StatsQueryInput } from '../contract/stats';
import { beijingMonthSql, sqlTime, toNum } from '../database/raw';
import { inTransaction } from '../database/transaction';
import { FundsService } from '../funds/funds.service';
import { NeedCategory } from '../needs/need-category.entity';
import { countOverdueByCommunity } from '../needs/need-queries';
import { requireRoleOn } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import { ServiceNode } from '../tree/service-node.entity';
import { TreeService } from '../tree/tree.service';
import { ledgerXlsx, readLedgerRows } from './ledgers';
import { needStats, readNeedAggregates } from './need-stats';
import { CHARITY_KEYS, loopView, mergeByPath, type PathRow, sumByPath, volunteerView } from './rollup';

const DAY_MS = 86_400_000;
/** How long the counts of past months are kept for the trend. */
const TREND_CACHE_MS = 10 * 60_000;
/** The longest period one request may ask for (a year and a little, for 本年 across a leap day). */
const MAX_DAYS = 400;

/**
 * 统计: the figures of a node's subtree over a period of Beijing calendar days, and of each of its
 * direct children. The database counts the needs (`need-stats.ts`, from idx_need_stats); the
 * other figures are read per community and summed for the subtree and each child (`rollup.ts`).
 */
@Injectable()
export class StatsService {
  private readonly trendCache = new Map<string, { at: number; counts: Map<string, number> }>();

  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly clock: Clock,
    private readonly funds: FundsService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async node(principal: Principal, nodeId: number, q: StatsQueryInput): Promise<NodeStatsView> {
    const node = await this.tree.getNode(nodeId);
    requireRoleOn(principal, node, MANAGER_ROLES, '只能查看自己管辖的社区、街道或区县的统计');
    const { from, to, start, end } = this.period(q);
    const categories = new Map((await this.db.manager.find(NeedCategory)).map((c) => [c.id, c.label]));
    const limits = this.config.needs.responseHours;
    const children = await this.db.manager.find(ServiceNode, { where: { parentId: node.id }, order: { id: 'ASC' } });
    const ref = (n: ServiceNode): StatsNodeRef => ({ id: n.id, name: n.name, level: n.level });
    const communities = await this.communitiesUnder(node);
    const communityIds = communities.map((c) => c.id);
    const childOf = new Map(communities.flatMap((c) => children.filter((k) => c.path.startsWith(k.path)).map((k) => [c.id, k.id] as const)));
    const aggregates = await readNeedAggregates(this.db, { communityIds, childOf, start, end }, limits);
    const volunteers = await this.volunteerRows(node, start, end);
    const charity = await this.charityRows(node, from, to, start, end);
    const loop = await this.loopRows(node, start, end);
    const pathOf = new Map(communities.map((c) => [c.id, c.path]));
    const overdue = (await countOverdueByCommunity(this.db.manager, communityIds, this.clock.now(), this.config.needs)).map((o) => ({ ...o, path: pathOf.get(o.communityId)! }));
    // Every figure is read per community (path) once; the subtree and each child sum their own.
    const figures = (path: string, child?: number) => ({
      needs: needStats(aggregates.groups, aggregates.buckets, categories, child == null ? undefined : (c) => c === child),
      volunteers: volunteerView(volunteers, path),
      charity: sumByPath(charity, path, CHARITY_KEYS),
      loop: loopView(loop, path),
      overdue: sumByPath(overdue, path, ['late', 'red'] as const),
    });
    return {
      node: ref(node),
      from,
      to,
      responseHours: { ...limits },
      progressDays: this.config.needs.progressDays,
      ...figures(node.path),
      children: children.map((c) => ({ node: ref(c), ...figures(c.path, c.id) })),
      trend: await this.trend(communityIds, from, to),
    };
  }

  /**
   * Needs reported and done per Beijing month: the months from `from` (at least the six up to
   * `to`). Months before this one are counted once and kept for TREND_CACHE_MS (a need's report
   * month never changes; a past month's 办结 count only when a need done then is reopened);
   * this month is always counted afresh.
   */
  private async trend(communityIds: number[], from: string, to: string): Promise<NodeStatsView['trend']> {
    const months: string[] = [];
    let [y, m] = to.split('-').map(Number);
    const first = from.slice(0, 7);
    while (months.length < 6 || `${y}-${String(m).padStart(2, '0')}` >= first) {
      months.unshift(`${y}-${String(m).padStart(2, '0')}`);
      [y, m] = m === 1 ? [y - 1, 12] : [y, m - 1];
    }
    const monthStart = (month: string) => new Date(fromBeijing(`${month}-01`));
    const thisMonth = beijingDate(this.clock.now()).slice(0, 7);
    const past = months.filter((x) => x < thisMonth);
    const end = new Date(new Date(fromBeijing(to)).getTime() + DAY_MS);
    const count = async (column: 'created_at' | 'done_at', start: Date, until: Date) => {
      if (!communityIds.length || until <= start) return new Map<string, number>();
      const rows: Array<{ month: string; n: unknown }> = await this.db.query(
        `SELECT ${beijingMonthSql(this.db, `n.${column}`)} AS month, COUNT(*) AS n FROM need n
          WHERE n.community_id IN (${communityIds.map(() => '?').join(',')}) AND n.${column} >= ? AND n.${column} < ? GROUP BY month`,
        [...communityIds, sqlTime(this.db, start), sqlTime(this.db, until)],
      );
      return new Map(rows.map((r) => [String(r.month), toNum(r.n)]));
    };
    const counts = async (column: 'created_at' | 'done_at') => {
      const pastEnd = past.length ? new Date(Math.min(end.getTime(), monthStart(thisMonth).getTime())) : monthStart(months[0]);
      const key = `${column}|${communityIds.join(',')}|${months[0]}|${pastEnd.toISOString()}`;
      const now = this.clock.now().getTime();
      let settled = this.trendCache.get(key);
      if (!settled || now - settled.at > TREND_CACHE_MS) {
        settled = { at: now, counts: await count(column, monthStart(months[0]), pastEnd) };
        if (this.trendCache.size >= 500) this.trendCache.delete(this.trendCache.keys().next().value!);
        this.trendCache.set(key, settled);
      }
      const live = await count(column, pastEnd, end);
      return (month: string) => (settled.counts.get(month) ?? 0) + (live.get(month) ?? 0);
    };
    const reported = await counts('created_at');
    const done = await counts('done_at');
    return months.map((month) => ({ month, reported: reported(month), done: done(month) }));
  }

  /** Consultation and projects of the subtree in [start, end), per community. */
  private async loopRows(node: ServiceNode, start: Date, end: Date): Promise<PathRow[]> {
    const args = [`${node.path}%`, sqlTime(this.db, start), sqlTime(this.db, end)];
    return mergeByPath(
      await this.perCommunity(args, `SELECT c.path AS path, COUNT(*) AS topics FROM consult_topic t JOIN service_node c ON c.id = t.community_id WHERE c.path LIKE ? AND t.created_at >= ? AND t.created_at < ? GROUP BY c.path`),
      await this.perCommunity(
        args,
        `SELECT c.path AS path, COUNT(*) AS votes FROM consult_vote v JOIN consult_topic t ON t.id = v.topic_id JOIN service_node c ON c.id = t.community_id
          WHERE c.path LIKE ? AND v.created_at >= ? AND v.created_at < ? GROUP BY c.path`,
      ),
      await this.perCommunity(
        args,
        `SELECT c.path AS path, COUNT(*) AS meetingsHeld, SUM(COALESCE(mt.attended_count, 0)) AS meetingParticipants
           FROM consult_meeting mt JOIN consult_topic t ON t.id = mt.topic_id JOIN service_node c ON c.id = t.community_id
          WHERE c.path LIKE ? AND mt.status = 'held' AND mt.starts_at >= ? AND mt.starts_at < ? GROUP BY c.path`,
      ),
      await this.perCommunity(
        args,
        `SELECT c.path AS path, COUNT(*) AS resolutions FROM consult_resolution r JOIN consult_topic t ON t.id = r.topic_id JOIN service_node c ON c.id = t.community_id
          WHERE c.path LIKE ? AND r.published_at >= ? AND r.published_at < ? GROUP BY c.path`,
      ),
      await this.perCommunity(
        args,
        `SELECT c.path AS path, COUNT(*) AS projectsStarted, SUM(p.budget_fen) AS projectBudgetFen FROM service_project p JOIN service_node c ON c.id = p.community_id
          WHERE c.path LIKE ? AND p.created_at >= ? AND p.created_at < ? GROUP BY c.path`,
      ),
      await this.perCommunity(
        args,
        `SELECT c.path AS path, COUNT(*) AS projectsCompleted, SUM(p.score) AS scoreSum, COUNT(p.score) AS scored FROM service_project p JOIN service_node c ON c.id = p.community_id
          WHERE c.path LIKE ? AND p.completed_at >= ? AND p.completed_at < ? GROUP BY c.path`,
      ),
      await this.perCommunity(
        args,
        `SELECT c.path AS path, SUM(a.amount) AS projectFundedFen FROM fund_allocation a JOIN service_project p ON p.id = a.project_id JOIN service_node c ON c.id = p.community_id
          WHERE c.path LIKE ? AND a.status = 'posted' AND a.posted_at >= ? AND a.posted_at < ? GROUP BY c.path`,
      ),
      await this.perCommunity(
        args,
        `SELECT c.path AS path, SUM(g.people_served) AS peopleServed FROM project_progress g JOIN service_project p ON p.id = g.project_id JOIN service_node c ON c.id = p.community_id
          WHERE c.path LIKE ? AND g.created_at >= ? AND g.created_at < ? GROUP BY c.path`,
      ),
    );
  }

  /**
   * Volunteers of the subtree in [start, end), per community: registered, activities held,
   * confirmed minutes, tasks done; and who served where (for the active volunteers, counted once each).
   */
  private async volunteerRows(node: ServiceNode, start: Date, end: Date): Promise<{ counts: PathRow[]; served: Array<{ path: string; userId: number }> }> {
    const args = [`${node.path}%`, sqlTime(this.db, start), sqlTime(this.db, end)];
    const served: Array<Record<string, unknown>> = await this.db.query(
      `SELECT DISTINCT c.path AS path, s.user_id AS user_id
         FROM volunteer_signup s JOIN volunteer_activity a ON a.id = s.activity_id JOIN service_node c ON c.id = a.community_id
        WHERE c.path LIKE ? AND a.attendance_confirmed_at IS NOT NULL AND s.credited_minutes > 0 AND a.starts_at >= ? AND a.starts_at < ?`,
      args,
    );
    const counts = mergeByPath(
      await this.perCommunity(
        args,
        `SELECT c.path AS path, COUNT(*) AS registered FROM volunteer v JOIN service_node c ON c.id = v.community_id
          WHERE c.path LIKE ? AND v.status = 'approved' AND v.reviewed_at >= ? AND v.reviewed_at < ? GROUP BY c.path`,
      ),
      await this.perCommunity(
        args,
        `SELECT c.path AS path, COUNT(*) AS activitiesHeld FROM volunteer_activity a JOIN service_node c ON c.id = a.community_id
          WHERE c.path LIKE ? AND a.attendance_confirmed_at IS NOT NULL AND a.starts_at >= ? AND a.starts_at < ? GROUP BY c.path`,
      ),
      await this.perCommunity(
        args,
        `SELECT c.path AS path, SUM(s.credited_minutes) AS minutes
           FROM volunteer_signup s JOIN volunteer_activity a ON a.id = s.activity_id JOIN service_node c ON c.id = a.community_id
          WHERE c.path LIKE ? AND a.attendance_confirmed_at IS NOT NULL AND s.credited_minutes > 0 AND a.starts_at >= ? AND a.starts_at < ? GROUP BY c.path`,
      ),
      await this.perCommunity(
        args,
        `SELECT c.path AS path, COUNT(*) AS tasksDone FROM volunteer_task t JOIN service_node c ON c.id = t.community_id
          WHERE c.path LIKE ? AND t.done_at >= ? AND t.done_at < ? GROUP BY c.path`,
      ),
    );
    return { counts, served: served.map((r) => ({ path: String(r.path), userId: toNum(r.user_id) })) };
  }

  /**
   * Charity of the subtree per node (a fund may be a street's): fund income and spending over the
   * period's days (grants between the tree's funds, and their reversals, are transfers and left
   * out), in-kind donations received, wishes published, claimed (by 党员) and delivered.
   */
  private async charityRows(node: ServiceNode, from: string, to: string, start: Date, end: Date): Promise<PathRow[]> {
    const flows = await this.perCommunity(
      [`${node.path}%`, from, to],
      `SELECT c.path AS path, SUM(CASE WHEN e.flow = 'in' THEN e.amount ELSE 0 END) AS incomeFen, -SUM(CASE WHEN e.flow = 'out' THEN e.amount ELSE 0 END) AS spendingFen
         FROM fund_entry e JOIN fund f ON f.id = e.fund_id JOIN service_node c ON c.id = f.node_id
         LEFT JOIN fund_entry o ON o.id = e.reverses_entry_id
        WHERE c.path LIKE ? AND e.occurred_on >= ? AND e.occurred_on <= ? AND COALESCE(o.kind, e.kind) NOT IN ('grant_in', 'grant_out')
        GROUP BY c.path`,
    );
    const inKind = await this.perCommunity(
      [`${node.path}%`, from, to],
      `SELECT c.path AS path, COUNT(*) AS inKindDonations FROM in_kind_donation d JOIN service_node c ON c.id = d.node_id
        WHERE c.path LIKE ? AND d.received_on >= ? AND d.received_on <= ? GROUP BY c.path`,
    );
    const args = [`${node.path}%`, sqlTime(this.db, start), sqlTime(this.db, end)];
    return mergeByPath(
      flows,
      inKind,
      await this.perCommunity(args, `SELECT c.path AS path, COUNT(*) AS wishesPublished FROM wish w JOIN service_node c ON c.id = w.community_id WHERE c.path LIKE ? AND w.created_at >= ? AND w.created_at < ? GROUP BY c.path`),
      await this.perCommunity(
        args,
        `SELECT c.path AS path, COUNT(*) AS wishesClaimed, SUM(CASE WHEN k.as_party_member THEN 1 ELSE 0 END) AS wishesClaimedByPartyMembers
           FROM wish_claim k JOIN wish w ON w.id = k.wish_id JOIN service_node c ON c.id = w.community_id
          WHERE c.path LIKE ? AND k.claimed_at >= ? AND k.claimed_at < ? GROUP BY c.path`,
      ),
      await this.perCommunity(args, `SELECT c.path AS path, COUNT(*) AS wishesDelivered FROM wish w JOIN service_node c ON c.id = w.community_id WHERE c.path LIKE ? AND w.delivered_at >= ? AND w.delivered_at < ? GROUP BY c.path`),
    );
  }

  /** Rows of a per-community aggregate (`path` and numeric figures). */
  private async perCommunity(args: unknown[], sql: string): Promise<PathRow[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query(sql, args);
    return rows.map(({ path, ...figures }) => ({ path: String(path), ...Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, toNum(v)])) }));
  }

  /**
   * A 台账 of a node's subtree over a period as an .xlsx (see ledgers.ts): people masked, one
   * sheet per child for a street or district; every download is audited.
   */
  async ledger(principal: Principal, nodeId: number, kind: LedgerKind, q: StatsQueryInput): Promise<{ filename: string; body: Buffer }> {
    const node = await this.tree.getNode(nodeId);
    const grant = requireRoleOn(principal, node, MANAGER_ROLES, '只能导出自己管辖的社区、街道或区县的台账');
    const period = this.period(q);
    const rows = await readLedgerRows(this.db, kind, node, period);
    const children = await this.db.manager.find(ServiceNode, { where: { parentId: node.id }, order: { id: 'ASC' } });
    const body = await ledgerXlsx(kind, node, period, rows, children);
    await inTransaction(this.db, (m) =>
      this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'stats.ledger',
        entityType: 'service_node',
        entityId: node.id,
        nodeId: node.id,
        detail: { kind, from: period.from, to: period.to, rows: rows.length },
      }),
    );
    return { filename: `${kind}-${node.id}-${period.from}-${period.to}.xlsx`, body };
  }

  /** A period of Beijing calendar days (default: this month to today), checked. */
  private period(q: StatsQueryInput): { from: string; to: string; start: Date; end: Date } {
    const today = beijingDate(this.clock.now());
    const from = q.from ?? `${today.slice(0, 8)}01`;
    const to = q.to ?? today;
    const start = new Date(fromBeijing(from));
    const end = new Date(new Date(fromBeijing(to)).getTime() + DAY_MS);
    if (Number.isNaN(start.getTime()) || beijingDate(start) !== from) throw badRequest('开始日期不是有效的日期', 'from');
    if (Number.isNaN(end.getTime()) || beijingDate(new Date(end.getTime() - DAY_MS)) !== to) throw badRequest('结束日期不是有效的日期', 'to');
    if (end <= start) throw badRequest('结束日期不能早于开始日期', 'to');
    if (end.getTime() - start.getTime() > MAX_DAYS * DAY_MS) throw badRequest(`一次最多统计 ${MAX_DAYS} 天`, 'to');
    return { from, to, start, end };
  }

  /** A community's month for its public board: counts and a rate, no personal data. */
  async communityMonth(communityId: number): Promise<CommunityMonthView> {
    const node = await this.tree.getNode(communityId);
    if (node.level !== 'community') throw badRequest('请指定一个社区', 'id');
    const month = beijingDate(this.clock.now()).slice(0, 7);
    const start = new Date(fromBeijing(`${month}-01`));
    const [y, m] = month.split('-').map(Number);
    const end = new Date(fromBeijing(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`));
    const aggregates = await readNeedAggregates(this.db, { communityIds: [node.id], childOf: new Map(), start, end }, this.config.needs.responseHours);
    const needs = needStats(aggregates.groups, aggregates.buckets, new Map());
    const minutes = await this.firstRow(
      [node.id, sqlTime(this.db, start), sqlTime(this.db, end)],
      `SELECT SUM(s.credited_minutes) AS total FROM volunteer_signup s JOIN volunteer_activity a ON a.id = s.activity_id
        WHERE a.community_id = ? AND a.attendance_confirmed_at IS NOT NULL AND a.starts_at >= ? AND a.starts_at < ?`,
    );
    const fund = (await this.funds.publicView(node.id)).monthly.find((x) => x.month === month);
    return {
      communityId: node.id,
      communityName: node.name,
      month,
      reported: needs.reported,
      done: needs.done,
      satisfactionRate: needs.satisfactionRate,
      volunteerHours: Math.round((toNum(minutes.total) / 60) * 10) / 10,
      fundIncomeFen: fund?.incomeFen ?? 0,
      fundSpendingFen: fund?.spendingFen ?? 0,
    };
  }

  /** The first row of an aggregate query (an empty row when there is none). */
  private async firstRow(args: unknown[], sql: string): Promise<Record<string, unknown>> {
    return (await this.db.query(sql, args))[0] ?? {};
  }

  /** The ids of the communities in a node's subtree (the node itself when it is one). */
  private async communitiesUnder(node: ServiceNode): Promise<Array<{ id: number; path: string }>> {
    const rows: Array<{ id: unknown; path: string }> = await this.db.query(`SELECT id, path FROM service_node WHERE path LIKE ? AND level = 'community' ORDER BY id`, [`${node.path}%`]);
    return rows.map((r) => ({ id: toNum(r.id), path: String(r.path) }));
  }

}
