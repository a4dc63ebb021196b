import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager, In, LessThanOrEqual, Not } from 'typeorm';
import { AuditLog } from '../audit/audit-log.entity';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { PiiCipher } from '../common/crypto';
import { AppError, ErrorCode, badRequest, conflict, forbidden, notFound, outOfScope } from '../common/errors';
import { maskPhone, redactText } from '../common/redact';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { toNum } from '../database/raw';
import { NotificationsService } from '../notifications/notifications.service';
import { requireRoleOn } from '../roles/access';
import { holdsRoleCovering } from '../roles/directory';
import { MANAGER_ROLES, ROLE_LABEL, type Role, WORKBENCH_ROLES } from '../roles/role';
import { RoleAssignment } from '../roles/role-assignment.entity';
import { ServiceNode } from '../tree/service-node.entity';
import { TreeService } from '../tree/tree.service';
import type { PhotoView } from '../contract/uploads';
import { UploadsService } from '../uploads/uploads.service';
import { Residence } from '../users/residence.entity';
import { User } from '../users/user.entity';
import { ContentSecurity } from '../wechat/content-security.service';
import type { AcceptDto, CloseDto, DoneDto, MergeDto, QueueQuery, RateDto, ReopenDto, RouteDto, SimilarQuery } from './dto/need-actions.dto';
import type { ReportNeedDto } from './dto/report-need.dto';
import { canSeePrivate, type NeedRelation, relationTo } from './need-access';
import { NeedCategory } from './need-category.entity';
import { NeedFollower } from './need-follower.entity';
import {
  type ActorKind,
  LOOP_STEP_LABEL,
  LOOP_STEPS,
  type LoopStep,
  NEED_STATUS_LABEL,
  type NeedStatus,
  OPEN_STATUSES,
  STATUS_POSITION,
  URGENCY_LABEL,
  type Urgency,
} from './need-status';
import { NEED_ACTION, NEED_ENTITY, type NeedActor, NeedWorkflow, SYSTEM_ACTOR, type TransitionInput } from './need-workflow.service';
import { Need } from './need.entity';
import { sqlTime } from '../database/raw';
import { inTransaction } from '../database/transaction';
import { isUniqueViolation } from '../common/db-errors';
import { maskName } from '../contract/format';

export interface CategoryView {
  id: number;
  key: string;
  label: string;
}

/** What anyone may see of a public need: no reporter, no phone, no building/unit, no pin. */
export interface PublicNeedView {
  id: number;
  communityId: number;
  communityName: string;
  category: CategoryView;
  title: string;
  description: string;
  status: NeedStatus;
  statusLabel: string;
  urgency: Urgency;
  urgencyLabel: string;
  isPublic: boolean;
  meTooCount: number;
  photos: PhotoView[];
  evidencePhotos: PhotoView[];
  doneNote: string | null;
  rating: number | null;
  ratingComment: string | null;
  lastReason: string | null;
  referredTo: string | null;
  mergedIntoId: number | null;
  createdAt: string;
  acceptedAt: string | null;
  doneAt: string | null;
  closedAt: string | null;
}

/** The full view for the reporter, followers, the handler and covering staff. */
export interface NeedView extends PublicNeedView {
  priority: number;
  reopenCount: number;
  feedbackDueAt: string | null;
  handlerId: number | null;
  /** How the caller relates to it. */
  relation: { reporter: boolean; follower: boolean; handler: boolean; staff: boolean; meToo: boolean };
  /** The moves the caller may make now (buttons). */
  actions: Array<{ to: NeedStatus; action: string; requires: readonly string[] }>;
  /** Exact place: reporter, handler and staff only. */
  location: { kind: Need['locationKind']; building: string | null; unit: string | null; lat: number | null; lng: number | null; address: string | null } | null;
  /** Who reported it: staff only, masked. */
  reporter: { proxy: boolean; nickname: string | null; phoneMasked: string | null; proxyNameMasked: string | null } | null;
}

export type StepState = 'done' | 'skipped' | 'current' | 'pending';

export interface TimelineEvent {
  id: number;
  at: string;
  kind: 'report' | 'status' | 'step' | 'merged_in';
  action: string;
  fromStatus: NeedStatus | null;
  toStatus: NeedStatus | null;
  fromLabel: string | null;
  toLabel: string | null;
  actorRole: string | null;
  actorRoleLabel: string;
  reason: string | null;
  note: string | null;
  rating: number | null;
  comment: string | null;
  referredTo: string | null;
  mergedIntoId: number | null;
  fromNeedId: number | null;
  step: LoopStep | null;
  /** The consultation topic or service project the move came from (both have public pages). */
  topicId: number | null;
  projectId: number | null;
}

export interface Timeline {
  need: PublicNeedView | NeedView;
  steps: Array<{ key: LoopStep; label: string; state: StepState }>;
  events: TimelineEvent[];
}

export interface NeedListItem {
  id: number;
  communityId: number;
  communityName: string;
  categoryLabel: string;
  title: string;
  status: NeedStatus;
  statusLabel: string;
  urgency: Urgency;
  urgencyLabel: string;
  priority: number;
  meTooCount: number;
  createdAt: string;
  updatedAt: string;
}

const ACTOR_LABEL: Record<string, string> = { ...ROLE_LABEL, system: '系统', handler: '承办人' };
const TIMELINE_ACTIONS = [NEED_ACTION.report, NEED_ACTION.status, NEED_ACTION.step, 'need.merged_in'];
const iso = (d: Date | null) => (d ? d.toISOString() : null);


/**
 * Residents' needs from report to rated result. Every method checks who may touch which need
 * first (object level); texts others will see pass the content check before any transaction;
 * every status change goes through NeedWorkflow.transition.
 */
@Injectable()
export class NeedsService {
  private readonly logger = new Logger(NeedsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly workflow: NeedWorkflow,
    private readonly uploads: UploadsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly contentSecurity: ContentSecurity,
    private readonly pii: PiiCipher,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async categories(): Promise<CategoryView[]> {
    const rows = await this.db.manager.find(NeedCategory, { where: { active: true }, order: { sort: 'ASC', id: 'ASC' } });
    return rows.map((c) => ({ id: c.id, key: c.key, label: c.label }));
  }

  // ---------------------------------------------------------------------------------- report

  async report(principal: Principal, dto: ReportNeedDto): Promise<NeedView> {
    await this.contentSecurity.assertPublishable(
      [
        { field: 'title', label: '标题', text: dto.title },
        { field: 'description', label: '需求描述', text: dto.description },
      ],
      principal.openid,
      3,
    );
    const id = await inTransaction(this.db, async (m) => {
      const residence = await m.findOne(Residence, { where: { userId: principal.userId } });
      const communityId = dto.communityId ?? residence?.communityId;
      if (!communityId) throw badRequest('请先在“我的”中设置您居住的社区，或选择社区', 'communityId');
      const community = await this.tree.getNode(communityId, m);
      if (community.level !== 'community') throw badRequest('请选择具体的社区（而不是街道或区县）', 'communityId');
      const category = await m.findOne(NeedCategory, { where: { id: dto.categoryId, active: true } });
      if (!category) throw badRequest('请选择有效的需求类别', 'categoryId');

      const proxy = dto.onBehalfOf;
      const grant = proxy
        ? requireRoleOn(principal, community, MANAGER_ROLES, '只有本社区的工作人员可以代居民上报需求')
        : requireRoleOn(principal, community, ['resident'], '只能在您居住的社区上报需求，请先在“我的”中设置居住地');

      const place: Pick<Need, 'locationKind' | 'building' | 'unit' | 'latE6' | 'lngE6' | 'address'> = {
        locationKind: dto.location.kind,
        building: null,
        unit: null,
        latE6: null,
        lngE6: null,
        address: null,
      };
      if (dto.location.kind === 'residence') {
        if (proxy) {
          if (!proxy.building || !proxy.unit) throw badRequest('代报时请填写居民所在的楼栋和单元', 'onBehalfOf.building');
          Object.assign(place, { building: proxy.building, unit: proxy.unit });
        } else {
          if (!residence || residence.communityId !== community.id) throw badRequest('您在该社区没有登记住址，请改用地图选点', 'location.kind');
          Object.assign(place, { building: residence.building, unit: residence.unit });
        }
      } else if (dto.location.kind === 'pin') {
        const pin = dto.location.pin;
        if (!pin) throw badRequest('请在地图上选择位置', 'location.pin');
        Object.assign(place, { latE6: Math.round(pin.lat * 1e6), lngE6: Math.round(pin.lng * 1e6), address: pin.address });
      }

      const need = await m.save(
        Need,
        m.create(Need, {
          communityId: community.id,
          categoryId: category.id,
          title: dto.title,
          description: dto.description,
          status: 'reported',
          urgency: dto.urgency,
          priority: 0,
          isPublic: dto.isPublic,
          reporterId: proxy ? null : principal.userId,
          enteredBy: principal.userId,
          proxy: Boolean(proxy),
          proxyNameEnc: proxy ? this.pii.encrypt(proxy.name) : null,
          proxyPhoneEnc: proxy?.phone ? this.pii.encrypt(proxy.phone) : null,
          proxyPhoneMasked: proxy?.phone ? maskPhone(proxy.phone) : null,
          ...place,
          handlerId: null,
          mergedIntoId: null,
          meTooCount: 0,
          reopenCount: 0,
        }),
      );
      await this.uploads.attach(m, principal.userId, dto.photoIds, need.id, 'report');
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: proxy ? grant.role : 'resident',
        action: NEED_ACTION.report,
        entityType: NEED_ENTITY,
        entityId: need.id,
        nodeId: community.id,
        toState: 'reported',
        detail: { action: proxy ? '工作人员代居民上报' : '居民上报需求', proxy: Boolean(proxy), photos: dto.photoIds?.length ?? 0 },
      });
      if (!proxy) await this.notifications.grant(m, principal.userId, dto.subscribed);
      return need.id;
    });
    this.logger.log({ msg: 'need reported', needId: id, userId: principal.userId });
    return (await this.get(principal, id)) as NeedView;
  }

  // ------------------------------------------------------------------------ reading, lists

  /** Open public needs of a community like the one being written, so the resident can join one. */
  async similar(principal: Principal, q: SimilarQuery): Promise<Array<NeedListItem & { meToo: boolean; mine: boolean }>> {
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
    const ids = (await this.db.query(sql, params)).map((r: { id: unknown }) => toNum(r.id));
    const items = await this.listItems(ids);
    const mine = new Set(
      ids.length ? (await this.db.manager.find(NeedFollower, { where: { userId: principal.userId, needId: In(ids) } })).map((f) => f.needId) : [],
    );
    const reported = new Set((await this.db.manager.find(Need, { where: { id: In(ids.length ? ids : [0]), reporterId: principal.userId }, select: { id: true } })).map((n) => n.id));
    return items.map((i) => ({ ...i, meToo: mine.has(i.id), mine: reported.has(i.id) }));
  }

  /** Needs I reported, and needs I follow (我也遇到了, or merged from mine). */
  async mine(principal: Principal): Promise<Array<NeedListItem & { relation: 'reporter' | 'me_too' | 'merged' }>> {
    const reported = await this.db.manager.find(Need, { where: { reporterId: principal.userId }, select: { id: true } });
    const followed = await this.db.manager.find(NeedFollower, { where: { userId: principal.userId } });
    const relation = new Map<number, 'reporter' | 'me_too' | 'merged'>();
    for (const f of followed) relation.set(f.needId, f.kind);
    for (const n of reported) relation.set(n.id, 'reporter');
    const items = await this.listItems([...relation.keys()]);
    return items.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id - a.id).map((i) => ({ ...i, relation: relation.get(i.id)! }));
  }

  /** One need: the full view for those who may see it, the public view of a public need, else 404. */
  async get(principal: Principal | undefined, id: number): Promise<NeedView | PublicNeedView> {
    const { need, community, relation } = await this.loadWithRelation(this.db.manager, principal, id);
    if (canSeePrivate(relation)) return this.fullView(principal!, need, community, relation);
    if (need.isPublic) return this.publicView(need, community);
    throw notFound('该需求');
  }

  async timeline(principal: Principal | undefined, id: number): Promise<Timeline> {
    const { need, community, relation } = await this.loadWithRelation(this.db.manager, principal, id);
    const full = canSeePrivate(relation);
    if (!full && !need.isPublic) throw notFound('该需求');
    const rows = await this.db.manager.find(AuditLog, { where: { entityType: NEED_ENTITY, entityId: need.id, action: In(TIMELINE_ACTIONS) }, order: { id: 'ASC' } });
    const events = rows.map((r) => this.event(r, !full));
    return {
      need: full ? await this.fullView(principal!, need, community, relation) : await this.publicView(need, community),
      steps: loopSteps(need.status, events),
      events,
    };
  }

  /** The public page of a public need (no login): people reduced to roles, no names or addresses. */
  async publicTimeline(id: number): Promise<Timeline> {
    return this.timeline(undefined, id);
  }

  /** The community board: public needs of a community, newest first (merged ones are inside their survivor). */
  async board(communityId: number, limit: number, offset: number): Promise<{ items: NeedListItem[]; total: number }> {
    await this.tree.getNode(communityId);
    const [rows, total] = await this.db.manager.findAndCount(Need, {
      where: { communityId, isPublic: true, status: Not('merged') },
      order: { id: 'DESC' },
      take: limit,
      skip: offset,
      select: { id: true },
    });
    return { items: await this.listItems(rows.map((r) => r.id)), total };
  }

  /** The triage queue of a node's subtree: most urgent, highest priority, oldest first. */
  async queue(principal: Principal, q: QueueQuery): Promise<{ items: NeedListItem[]; total: number }> {
    const node = await this.tree.getNode(q.nodeId);
    requireRoleOn(principal, node, MANAGER_ROLES);
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
      params.push(sqlTime(this.db, new Date(this.clock.now().getTime() - q.olderThanDays * 86_400_000)));
    }
    const from = 'FROM need n JOIN service_node c ON c.id = n.community_id';
    const [{ total }] = await this.db.query(`SELECT COUNT(*) AS total ${from} WHERE ${where}`, params);
    const rows = await this.db.query(
      `SELECT n.id ${from} WHERE ${where}
        ORDER BY CASE n.urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END DESC, n.priority DESC, n.created_at ASC, n.id ASC
        LIMIT ? OFFSET ?`,
      [...params, q.limit ?? 20, q.offset ?? 0],
    );
    return { items: await this.listItems(rows.map((r: { id: unknown }) => toNum(r.id))), total: toNum(total) };
  }

  // ------------------------------------------------------------------------ resident actions

  /** "我也遇到了": one per person, counted on the need, idempotent. */
  async meToo(principal: Principal, id: number, subscribed?: string[]): Promise<NeedView | PublicNeedView> {
    try {
      await inTransaction(this.db, async (m) => {
        const { need, community, relation } = await this.loadWithRelation(m, principal, id);
        if (!need.isPublic && !canSeePrivate(relation)) throw notFound('该需求');
        if (relation.reporter) throw badRequest('这是您自己上报的需求');
        requireRoleOn(principal, community, ['resident'], '只有本社区的居民可以表示“我也遇到了”');
        if (relation.follower) return this.notifications.grant(m, principal.userId, subscribed);
        // Lock the need row first (UPDATE), then insert: two people joining at once queue up instead of deadlocking.
        const res = await m
          .createQueryBuilder()
          .update(Need)
          .set({ meTooCount: () => 'me_too_count + 1' })
          .where('id = :id AND status IN (:...open)', { id: need.id, open: OPEN_STATUSES })
          .execute();
        if (!res.affected) throw conflict(`该需求${NEED_STATUS_LABEL[need.status]}，如果您的问题仍未解决，请重新上报`);
        await m.insert(NeedFollower, { needId: need.id, userId: principal.userId, kind: 'me_too', createdAt: this.clock.now() });
        await this.notifications.grant(m, principal.userId, subscribed);
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err; // the same person pressed twice at once: already counted
    }
    return this.get(principal, id);
  }

  async rate(principal: Principal, id: number, dto: RateDto): Promise<NeedView> {
    if (dto.comment) await this.contentSecurity.assertPublishable([{ field: 'comment', label: '评价', text: dto.comment }], principal.openid, 2);
    return this.act(principal, id, async (m, need, actor) => {
      await this.workflow.transition(m, need, 'rated', actor, { rating: dto.rating, comment: dto.comment ?? null });
      await this.notifications.grant(m, principal.userId, dto.subscribed);
    });
  }

  async reopen(principal: Principal, id: number, dto: ReopenDto): Promise<NeedView> {
    await this.contentSecurity.assertPublishable([{ field: 'reason', label: '未解决的原因', text: dto.reason }], principal.openid, 2);
    return this.act(principal, id, async (m, need, actor) => {
      await this.workflow.transition(m, need, 'in_progress', actor, { reason: dto.reason });
      await this.notifications.grant(m, principal.userId, dto.subscribed);
    });
  }

  // ------------------------------------------------------------------------ staff actions

  async accept(principal: Principal, id: number, dto: AcceptDto): Promise<NeedView> {
    await this.checkTexts(principal, { note: dto.note });
    return this.act(principal, id, async (m, need, actor) => {
      await this.workflow.transition(m, need, 'accepted', actor, { note: dto.note ?? null });
      if (dto.priority != null) await m.update(Need, { id: need.id }, { priority: dto.priority });
    });
  }

  async reject(principal: Principal, id: number, reason: string): Promise<NeedView> {
    await this.checkTexts(principal, { reason });
    return this.act(principal, id, (m, need, actor) => this.workflow.transition(m, need, 'rejected', actor, { reason }).then(() => undefined));
  }

  /** Merges a duplicate into another open need of the same community; its people follow the survivor. */
  async merge(principal: Principal, id: number, dto: MergeDto): Promise<NeedView> {
    await this.checkTexts(principal, { reason: dto.reason });
    return this.act(principal, id, async (m, need, actor) => {
      if (dto.intoId === need.id) throw badRequest('不能把需求合并到它自己', 'intoId');
      const target = await m.findOne(Need, { where: { id: dto.intoId } });
      if (!target || target.communityId !== need.communityId) throw badRequest('只能合并到同一社区的需求', 'intoId');
      if (!OPEN_STATUSES.includes(target.status)) {
        throw conflict(`要合并到的需求当前状态为“${NEED_STATUS_LABEL[target.status]}”，只能合并到仍在办理的需求`);
      }
      const movers = await m.find(NeedFollower, { where: { needId: need.id } });
      await this.workflow.transition(m, need, 'merged', actor, { mergedIntoId: target.id, reason: dto.reason ?? null });

      const already = new Set((await m.find(NeedFollower, { where: { needId: target.id } })).map((f) => f.userId));
      if (target.reporterId) already.add(target.reporterId);
      const people: Array<[number, 'me_too' | 'merged']> = [];
      if (need.reporterId) people.push([need.reporterId, 'merged']);
      for (const f of movers) people.push([f.userId, f.kind]);
      for (const [userId, kind] of people) {
        if (already.has(userId)) continue;
        already.add(userId);
        await m.insert(NeedFollower, { needId: target.id, userId, kind, createdAt: this.clock.now() });
      }
      await m.query('UPDATE need SET me_too_count = (SELECT COUNT(*) FROM need_follower WHERE need_id = ?) WHERE id = ?', [target.id, target.id]);
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: actor.roles.staff ?? 'staff',
        action: 'need.merged_in',
        entityType: NEED_ENTITY,
        entityId: target.id,
        nodeId: target.communityId,
        fromState: target.status,
        toState: target.status,
        detail: { action: '合并相同需求', fromNeedId: need.id },
      });
    });
  }

  async setPriority(principal: Principal, id: number, priority: number): Promise<NeedView> {
    return this.act(principal, id, async (m, need, actor) => {
      if (!actor.kinds.includes('staff')) throw forbidden('只有本社区工作人员或上级管理员可以设置优先级');
      if (!OPEN_STATUSES.includes(need.status)) throw conflict(`该需求当前状态为“${NEED_STATUS_LABEL[need.status]}”，不能再调整优先级`);
      await m.update(Need, { id: need.id }, { priority, updatedAt: this.clock.now() });
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: actor.roles.staff,
        action: NEED_ACTION.priority,
        entityType: NEED_ENTITY,
        entityId: need.id,
        nodeId: need.communityId,
        fromState: String(need.priority),
        toState: String(priority),
      });
    });
  }

  /** After acceptance: straight to handling, or onward to consultation, resources or a project. */
  async route(principal: Principal, id: number, dto: RouteDto): Promise<NeedView> {
    await this.checkTexts(principal, { note: dto.note });
    return this.act(principal, id, async (m, need, actor) => {
      if (dto.handlerId) await this.assertHandler(m, dto.handlerId, need);
      await this.workflow.transition(m, need, dto.to, actor, { note: dto.note ?? null, handlerId: dto.handlerId ?? null });
    });
  }

  async done(principal: Principal, id: number, dto: DoneDto): Promise<NeedView> {
    await this.checkTexts(principal, { note: dto.note });
    return this.act(principal, id, async (m, need, actor) => {
      await this.workflow.transition(m, need, 'done', actor, { note: dto.note, detail: { evidencePhotos: dto.evidencePhotoIds?.length ?? 0 } });
      await this.uploads.attach(m, principal.userId, dto.evidencePhotoIds, need.id, 'evidence');
    });
  }

  /** Honest closures: 暂不可行 (infeasible) or 已转交 (referred elsewhere), each with a reason. */
  async close(principal: Principal, id: number, dto: CloseDto): Promise<NeedView> {
    await this.checkTexts(principal, { reason: dto.reason, referredTo: dto.referredTo });
    const to: NeedStatus = dto.kind === 'infeasible' ? 'closed_infeasible' : 'closed_referred';
    return this.act(principal, id, (m, need, actor) =>
      this.workflow.transition(m, need, to, actor, { reason: dto.reason, referredTo: dto.referredTo ?? null }).then(() => undefined),
    );
  }

  /**
   * The sweep: needs done and left unrated past NEED_FEEDBACK_DAYS close as closed_no_feedback
   * (never counted as satisfied). Each in its own transaction through the same transition, so a
   * rating arriving at the same moment wins or loses cleanly.
   */
  async closeUnrated(): Promise<{ closed: number }> {
    const now = this.clock.now();
    const due = await this.db.manager.find(Need, { where: { status: 'done', feedbackDueAt: LessThanOrEqual(now) }, order: { id: 'ASC' }, take: 500 });
    let closed = 0;
    for (const stale of due) {
      try {
        const done = await inTransaction(this.db, async (m) => {
          const need = await m.findOneOrFail(Need, { where: { id: stale.id } });
          if (need.status !== 'done' || !need.feedbackDueAt || need.feedbackDueAt > now) return false;
          await this.workflow.transition(m, need, 'closed_no_feedback', SYSTEM_ACTOR, { detail: { feedbackDays: this.config.needs.feedbackDays } });
          return true;
        });
        if (done) closed++;
      } catch (err) {
        if (!(err instanceof AppError && err.code === ErrorCode.CONFLICT)) throw err;
      }
    }
    if (closed) this.logger.log({ msg: 'unrated needs closed', closed });
    return { closed };
  }

  // ------------------------------------------------------------------------ internals

  /** Runs a change on one need in a transaction, with the caller's relation resolved; answers the fresh view. */
  private async act(principal: Principal, id: number, fn: (m: EntityManager, need: Need, actor: NeedActor) => Promise<void>): Promise<NeedView> {
    await inTransaction(this.db, async (m) => {
      const { need, relation } = await this.loadWithRelation(m, principal, id);
      if (!canSeePrivate(relation)) {
        if (need.isPublic) throw outOfScope('该需求不在您的管辖范围内');
        throw notFound('该需求');
      }
      await fn(m, need, this.actorOf(principal, need, relation));
    });
    return (await this.get(principal, id)) as NeedView;
  }

  private actorOf(principal: Principal, need: Need, r: NeedRelation): NeedActor {
    const kinds: ActorKind[] = [];
    const roles: Partial<Record<ActorKind, string>> = {};
    if (r.staff) {
      kinds.push('staff');
      roles.staff = r.staffRole!;
    }
    // For a 代报 need, covering staff confirm and rate on the offline resident's behalf.
    if (r.reporter || (need.proxy && r.staff)) {
      kinds.push('reporter');
      roles.reporter = r.reporter ? 'resident' : r.staffRole!;
    }
    if (r.handler) {
      kinds.push('handler');
      roles.handler = r.staffRole ?? this.workbenchRole(principal, need) ?? 'handler';
    }
    return { userId: principal.userId, kinds, roles };
  }

  private workbenchRole(principal: Principal, need: Need): Role | null {
    const community = principal.roles.find((g) => g.nodeId === need.communityId);
    const grants = principal.roles.filter((g) => WORKBENCH_ROLES.includes(g.role));
    return community && WORKBENCH_ROLES.includes(community.role) ? community.role : (grants[0]?.role ?? null);
  }

  /** A handler must work in the need's community: staff, admin, social worker or organization member covering it. */
  private async assertHandler(m: EntityManager, userId: number, need: Need): Promise<void> {
    const community = await m.findOneOrFail(ServiceNode, { where: { id: need.communityId } });
    if (!(await holdsRoleCovering(m, userId, community, WORKBENCH_ROLES))) throw badRequest('承办人须为覆盖本社区的工作人员、社工或社会组织成员', 'handlerId');
  }

  private async checkTexts(principal: Principal, texts: Partial<Record<'note' | 'reason' | 'referredTo', string | undefined>>): Promise<void> {
    const labels = { note: '说明', reason: '原因', referredTo: '转交单位' };
    const list = Object.entries(texts)
      .filter(([, v]) => v)
      .map(([field, text]) => ({ field, label: labels[field as keyof typeof labels], text: text! }));
    if (list.length) await this.contentSecurity.assertPublishable(list, principal.openid, 2);
  }

  private async loadWithRelation(m: EntityManager, principal: Principal | undefined, id: number) {
    const need = await m.findOne(Need, { where: { id } });
    if (!need) throw notFound('该需求');
    const community = await this.tree.getNode(need.communityId, m);
    const follower = principal ? (await m.count(NeedFollower, { where: { needId: id, userId: principal.userId } })) > 0 : false;
    return { need, community, relation: relationTo(principal, need, community, follower) };
  }

  private async publicView(need: Need, community: ServiceNode): Promise<PublicNeedView> {
    const category = await this.db.manager.findOneOrFail(NeedCategory, { where: { id: need.categoryId } });
    const photos = await this.uploads.listFor(need.id);
    const strip = (list: typeof photos) => list.map(({ purpose: _purpose, ...u }) => u);
    return {
      id: need.id,
      communityId: community.id,
      communityName: community.name,
      category: { id: category.id, key: category.key, label: category.label },
      title: need.title,
      description: need.description,
      status: need.status,
      statusLabel: NEED_STATUS_LABEL[need.status],
      urgency: need.urgency,
      urgencyLabel: URGENCY_LABEL[need.urgency],
      isPublic: need.isPublic,
      meTooCount: need.meTooCount,
      photos: strip(photos.filter((p) => p.purpose !== 'evidence')),
      evidencePhotos: strip(photos.filter((p) => p.purpose === 'evidence')),
      doneNote: need.doneNote ? redactText(need.doneNote) : null,
      rating: need.rating,
      ratingComment: need.ratingComment ? redactText(need.ratingComment) : null,
      lastReason: need.lastReason ? redactText(need.lastReason) : null,
      referredTo: need.referredTo,
      mergedIntoId: need.mergedIntoId,
      createdAt: need.createdAt.toISOString(),
      acceptedAt: iso(need.acceptedAt),
      doneAt: iso(need.doneAt),
      closedAt: iso(need.closedAt),
    };
  }

  private async fullView(principal: Principal, need: Need, community: ServiceNode, r: NeedRelation): Promise<NeedView> {
    const base = await this.publicView(need, community);
    const actor = this.actorOf(principal, need, r);
    const seesPlace = r.reporter || r.handler || r.staff;
    let reporter: NeedView['reporter'] = null;
    if (r.staff) {
      const user = need.reporterId ? await this.db.manager.findOne(User, { where: { id: need.reporterId } }) : null;
      reporter = {
        proxy: need.proxy,
        nickname: user?.nickname ?? null,
        phoneMasked: need.proxy ? need.proxyPhoneMasked : (user?.phoneMasked ?? null),
        proxyNameMasked: need.proxyNameEnc ? maskName(this.pii.decrypt(need.proxyNameEnc)) : null,
      };
    }
    return {
      ...base,
      doneNote: need.doneNote,
      ratingComment: need.ratingComment,
      lastReason: need.lastReason,
      priority: need.priority,
      reopenCount: need.reopenCount,
      feedbackDueAt: iso(need.feedbackDueAt),
      handlerId: need.handlerId,
      relation: { reporter: r.reporter, follower: r.follower, handler: r.handler, staff: r.staff, meToo: r.follower },
      actions: this.workflow.allowedMoves(need.status, actor.kinds).map((t) => ({ to: t.to, action: t.action, requires: t.requires })),
      location: seesPlace
        ? {
            kind: need.locationKind,
            building: need.building,
            unit: need.unit,
            lat: need.latE6 == null ? null : need.latE6 / 1e6,
            lng: need.lngE6 == null ? null : need.lngE6 / 1e6,
            address: need.address,
          }
        : null,
      reporter,
    };
  }

  private async listItems(ids: number[]): Promise<NeedListItem[]> {
    if (!ids.length) return [];
    const needs = await this.db.manager.find(Need, { where: { id: In(ids) } });
    const communities = await this.db.manager.find(ServiceNode, { where: { id: In([...new Set(needs.map((n) => n.communityId))]) } });
    const categories = await this.db.manager.find(NeedCategory);
    const byId = new Map(needs.map((n) => [n.id, n]));
    return ids
      .map((id) => byId.get(id))
      .filter((n): n is Need => Boolean(n))
      .map((n) => ({
        id: n.id,
        communityId: n.communityId,
        communityName: communities.find((c) => c.id === n.communityId)?.name ?? '',
        categoryLabel: categories.find((c) => c.id === n.categoryId)?.label ?? '',
        title: n.title,
        status: n.status,
        statusLabel: NEED_STATUS_LABEL[n.status],
        urgency: n.urgency,
        urgencyLabel: URGENCY_LABEL[n.urgency],
        priority: n.priority,
        meTooCount: n.meTooCount,
        createdAt: n.createdAt.toISOString(),
        updatedAt: n.updatedAt.toISOString(),
      }));
  }

  private event(row: AuditLog, publicView: boolean): TimelineEvent {
    const detail = (row.detail ? JSON.parse(row.detail) : {}) as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' && v ? (publicView ? redactText(v) : v) : null);
    const kind: TimelineEvent['kind'] =
      row.action === NEED_ACTION.report ? 'report' : row.action === NEED_ACTION.step ? 'step' : row.action === 'need.merged_in' ? 'merged_in' : 'status';
    const from = kind === 'status' ? (row.fromState as NeedStatus) : null;
    const to = kind === 'status' || kind === 'report' ? (row.toState as NeedStatus) : null;
    const step = typeof detail.step === 'string' && (LOOP_STEPS as readonly string[]).includes(detail.step) ? (detail.step as LoopStep) : null;
    return {
      id: row.id,
      at: row.createdAt.toISOString(),
      kind,
      action: typeof detail.action === 'string' ? detail.action : to ? NEED_STATUS_LABEL[to] : '',
      fromStatus: from,
      toStatus: to,
      fromLabel: from ? NEED_STATUS_LABEL[from] : null,
      toLabel: to ? NEED_STATUS_LABEL[to] : null,
      actorRole: row.actorRole,
      actorRoleLabel: row.actorRole ? (ACTOR_LABEL[row.actorRole] ?? row.actorRole) : '系统',
      reason: text(row.reason),
      note: text(detail.note),
      rating: typeof detail.rating === 'number' ? detail.rating : null,
      comment: text(detail.comment),
      referredTo: text(detail.referredTo),
      mergedIntoId: typeof detail.mergedIntoId === 'number' ? detail.mergedIntoId : null,
      fromNeedId: typeof detail.fromNeedId === 'number' ? detail.fromNeedId : null,
      step,
      topicId: typeof detail.topicId === 'number' ? detail.topicId : null,
      projectId: typeof detail.projectId === 'number' ? detail.projectId : null,
    };
  }
}

/**
 * The seven loop steps for a need: done (passed through), current (where it is), skipped (it
 * moved past without going through), pending (not reached yet). See STATUS_POSITION.
 */
export function loopSteps(status: NeedStatus, events: Array<Pick<TimelineEvent, 'toStatus' | 'step'>>): Timeline['steps'] {
  const visited = new Set<LoopStep>(['need']);
  for (const e of events) {
    if (e.step) visited.add(e.step);
    if (e.toStatus) {
      const pos = STATUS_POSITION[e.toStatus];
      if (Number.isInteger(pos) && pos <= 3) visited.add(LOOP_STEPS[pos]);
    }
  }
  const position = STATUS_POSITION[status];
  const final = position >= 7;
  return LOOP_STEPS.map((key, i) => {
    let state: StepState;
    if (key === 'feedback') {
      state = status === 'rated' ? 'done' : status === 'done' ? 'current' : final ? 'skipped' : 'pending';
    } else if (i === position) state = 'current';
    else if (i < position) state = visited.has(key) ? 'done' : 'skipped';
    else state = visited.has(key) ? 'current' : 'pending';
    return { key, label: LOOP_STEP_LABEL[key], state };
  });
}
