import { AuditService } from '../audit/audit.service';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { PiiCipher } from '../common/crypto';
import { AppError, ErrorCode, notFound, outOfScope } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { beijingMinute, maskName } from '../contract/format';
import type {
  MyNeedItem,
  NeedAnyView,
  NeedCategoryView,
  NeedListItem,
  NeedQueueQuery,
  NeedReporterView,
  NeedTimeline,
  NeedView,
  PublicNeedView,
  SimilarNeed,
  SimilarNeedsQuery,
} from '../contract/needs';
import { NEED_STATUS_LABEL, needPage, needSla, URGENCY_LABEL } from '../contract/needs';
import { isUniqueViolation } from '../common/db-errors';
import { cut } from '../common/text';
import { NotificationsService } from '../notifications/notifications.service';
import { usersCovering } from '../roles/directory';
import { type EscalationLevel, NeedEscalation } from './need-escalation.entity';
import type { Paged } from '../contract/common';
import { sqlTime } from '../database/raw';
import { inTransaction } from '../database/transaction';
import { requireRoleOn } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import type { ServiceNode } from '../tree/service-node.entity';
import { TreeService } from '../tree/tree.service';
import { UploadsService } from '../uploads/uploads.service';
import { User } from '../users/user.entity';
import { actorOf, canSeePrivate, type NeedRelation } from './need-access';
import { NeedCategory } from './need-category.entity';
import {
  countBoard,
  findActiveCategories,
  findBoardItems,
  findFollowedAmong,
  findListItems,
  findMyNeedRelations,
  findLastSteps,
  findNeedWithRelation,
  findOverdue,
  findQueuePage,
  findReportedAmong,
  findSimilarOpenIds,
  findUnratedDue,
  findUnratedDueSoon,
} from './need-queries';
import { loopSteps, readNeedEvents, timelineEventView } from './need-timeline';
import { toCategoryView, toNeedView, toPublicNeedView } from './need-views';
import { type NeedActor, NeedWorkflow, SYSTEM_ACTOR } from './need-workflow.service';
import { Need } from './need.entity';

/**
 * Reading needs (one need, its timeline, the board, the triage queue, similar and my needs),
 * the frame every change runs in (`act`), and the unrated-need sweep. The changes themselves
 * are ResidentNeedActions and StaffNeedActions; every status change goes through NeedWorkflow.
 */
@Injectable()
export class NeedsService {
  private readonly logger = new Logger(NeedsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly workflow: NeedWorkflow,
    private readonly uploads: UploadsService,
    private readonly pii: PiiCipher,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // A need's photos: public with a public need, otherwise for those who may see the need itself.
    uploads.registerPolicy(['need_report', 'need_evidence'], async (principal, link, m) => {
      const { need, relation } = await findNeedWithRelation(m, principal, link.entityId);
      return { isPublic: need.isPublic, allowed: need.isPublic || canSeePrivate(relation) };
    });
  }

  async categories(): Promise<NeedCategoryView[]> {
    return (await findActiveCategories(this.db.manager)).map(toCategoryView);
  }

  /** One need: the full view for those who may see it, the public view of a public need, else 404. */
  async get(principal: Principal | undefined, id: number): Promise<NeedAnyView> {
    const { need, community, relation } = await findNeedWithRelation(this.db.manager, principal, id);
    if (canSeePrivate(relation)) return this.fullView(principal!, need, community, relation);
    if (need.isPublic) return this.publicView(need, community);
    throw notFound('该需求');
  }

  /** The fresh full view after a change by someone related to the need. */
  async getFull(principal: Principal, id: number): Promise<NeedView> {
    return (await this.get(principal, id)) as NeedView;
  }

  async timeline(principal: Principal | undefined, id: number): Promise<NeedTimeline> {
    const { need, community, relation } = await findNeedWithRelation(this.db.manager, principal, id);
    const full = canSeePrivate(relation);
    if (!full && !need.isPublic) throw notFound('该需求');
    const events = (await readNeedEvents(this.db.manager, need.id)).map((e) => timelineEventView(e, !full));
    return {
      need: full ? await this.fullView(principal!, need, community, relation) : await this.publicView(need, community),
      steps: loopSteps(need.status, events),
      events,
    };
  }

  /** The public page of a public need (no login): people reduced to roles, no names or addresses. */
  async publicTimeline(id: number): Promise<NeedTimeline> {
    return this.timeline(undefined, id);
  }

  /** Open public needs of a community like the one being written, so the resident can join one. */
  async similar(principal: Principal, q: SimilarNeedsQuery): Promise<SimilarNeed[]> {
    const m = this.db.manager;
    const ids = await findSimilarOpenIds(m, q);
    const items = await findListItems(m, ids, true);
    const followed = await findFollowedAmong(m, principal.userId, ids);
    const reported = await findReportedAmong(m, principal.userId, ids);
    return items.map((i) => ({ ...i, meToo: followed.has(i.id), mine: reported.has(i.id) }));
  }

  /** Needs I reported, and needs I follow (我也遇到了, or merged from mine). */
  async mine(principal: Principal): Promise<MyNeedItem[]> {
    const relation = await findMyNeedRelations(this.db.manager, principal.userId);
    const items = await findListItems(this.db.manager, [...relation.keys()]);
    return items.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id - a.id).map((i) => ({ ...i, relation: relation.get(i.id)! }));
  }

  /** The community board: public needs of a community, newest first. */
  async board(communityId: number, limit: number, offset: number): Promise<Paged<NeedListItem>> {
    const page = await findBoardItems(this.db.manager, communityId, limit, offset);
    if (page.total != null) return { items: page.items, total: page.total };
    // Nothing on this page: a community that does not exist is 404, one past its end empty.
    await this.tree.getNode(communityId);
    return { items: [], total: await countBoard(this.db.manager, communityId) };
  }

  /** The triage queue of a node's subtree: most urgent, highest priority, oldest first. */
  async queue(principal: Principal, q: NeedQueueQuery): Promise<Paged<NeedListItem>> {
    const node = await this.tree.getNode(q.nodeId);
    requireRoleOn(principal, node, MANAGER_ROLES);
    const now = this.clock.now();
    const { ids, total } = await findQueuePage(this.db.manager, node, q, now, this.config.needs, principal.userId);
    const items = await findListItems(this.db.manager, ids);
    const steps = await findLastSteps(this.db.manager, ids);
    return { items: items.map((i) => ({ ...i, sla: needSla(i, steps.get(i.id) ?? null, now, this.config.needs) })), total };
  }

  /**
   * Runs a change on one need in a transaction, with the caller's relation resolved (someone
   * unrelated gets 403 for a public need, 404 for a private one); answers the fresh view.
   */
  async act(principal: Principal, id: number, fn: (m: EntityManager, need: Need, actor: NeedActor) => Promise<unknown>): Promise<NeedView> {
    await inTransaction(this.db, async (m) => {
      const { need, relation } = await findNeedWithRelation(m, principal, id);
      if (!canSeePrivate(relation)) {
        if (need.isPublic) throw outOfScope('该需求不在您的管辖范围内');
        throw notFound('该需求');
      }
      await fn(m, need, actorOf(principal, need, relation));
    });
    return this.getFull(principal, id);
  }

  /**
   * The sweep: needs done and left unrated past NEED_FEEDBACK_DAYS close as closed_no_feedback
   * (never counted as satisfied). Each in its own transaction through the same transition, so a
   * rating arriving at the same moment wins or loses cleanly.
   */
  async closeUnrated(): Promise<{ closed: number }> {
    const now = this.clock.now();
    let closed = 0;
    for (const stale of await findUnratedDue(this.db.manager, now)) {
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

  /**
   * The sweep before closeUnrated: a day before a done need would close without feedback, the
   * resident is reminded to rate it (inbox, and a subscribe message where one was granted); for a
   * 代报 need the community's staff are reminded to make the 回访 call. Once per deadline: a
   * conditional UPDATE of `feedback_reminded_for` decides, so a second sweep (or process) sends
   * nothing, and a need reopened and done again is reminded for its new deadline.
   */
  async remindUnrated(): Promise<{ reminded: number }> {
    const now = this.clock.now();
    let reminded = 0;
    for (const soon of await findUnratedDueSoon(this.db.manager, now, 86_400_000)) {
      const due = soon.feedbackDueAt!;
      if (soon.feedbackRemindedFor?.getTime() === due.getTime()) continue;
      const sent = await inTransaction(this.db, async (m) => {
        const res = await m
          .createQueryBuilder()
          .update(Need)
          .set({ feedbackRemindedFor: due })
          .where("id = :id AND status = 'done' AND feedback_due_at = :due AND (feedback_reminded_for IS NULL OR feedback_reminded_for <> :due)", { id: soon.id, due: sqlTime(m, due) })
          .execute();
        if (!res.affected) return false;
        const title = cut(soon.title, 20);
        const when = beijingMinute(due);
        if (soon.proxy || !soon.reporterId) {
          const community = await this.tree.getNode(soon.communityId, m);
          await this.notifications.notify(m, {
            userIds: await usersCovering(m, community, ['staff']),
            title: '代报需求待回访',
            body: `“${title}”已办好，请在 ${when} 前电话回访居民并记录评价，否则将按“未评价”自动办结`,
            page: `workbench/pages/need/index?id=${soon.id}`,
          });
        } else {
          await this.notifications.notify(m, {
            userIds: [soon.reporterId],
            title: '请评价：需求明天将自动办结',
            body: `“${title}”已经办好了。办得好不好，请在 ${when} 前点进来评价；没有评价将自动办结`,
            page: needPage(soon.id),
            subscribe: { key: 'need_status', data: { thing1: { value: title }, phrase2: { value: '待评价' }, time3: { value: when }, thing4: { value: '明天自动办结，请您评价' } } },
          });
        }
        return true;
      });
      if (sent) reminded++;
    }
    if (reminded) this.logger.log({ msg: 'unrated needs reminded', reminded });
    return { reminded };
  }

  /**
   * 接诉即办 escalation (the sweep): a need past its clock's limit (waiting to be accepted past its
   * urgency's limit; accepted with no step for NEED_PROGRESS_DAYS) is yellow — the community's
   * staff are told; past twice the limit red — the street's staff and admins are told. Each notice
   * once per clock (a unique row per need, clock, clock start and level), in its own transaction.
   */
  async escalateOverdue(): Promise<{ yellow: number; red: number }> {
    const now = this.clock.now();
    const limits = this.config.needs;
    const sent = { yellow: 0, red: 0 };
    const overdue = await findOverdue(this.db.manager, now, limits);
    if (!overdue.length) return sent;
    const done = await this.db.manager.find(NeedEscalation, { where: { needId: In(overdue.map((o) => o.need.id)) } });
    for (const { need, lastStepAt } of overdue) {
      const sla = needSla(need, lastStepAt, now, limits);
      if (!sla || sla.state === 'ok') continue;
      const clockAt = sla.clock === 'response' ? need.createdAt : (lastStepAt ?? need.createdAt);
      const levels: EscalationLevel[] = sla.state === 'red' ? ['yellow', 'red'] : ['yellow'];
      for (const level of levels) {
        if (done.some((e) => e.needId === need.id && e.clock === sla.clock && e.clockAt.getTime() === clockAt.getTime() && e.level === level)) continue;
        try {
          await inTransaction(this.db, async (m) => {
            await m.insert(NeedEscalation, { needId: need.id, clock: sla.clock, clockAt, level, createdAt: now });
            const community = await this.tree.getNode(need.communityId, m);
            const place = level === 'red' && community.parentId ? await this.tree.getNode(community.parentId, m) : community;
            let userIds = await usersCovering(m, place, level === 'red' ? ['staff', 'admin'] : ['staff']);
            if (!userIds.length) userIds = await usersCovering(m, place, ['admin']);
            const title = cut(need.title, 20);
            let body: string;
            if (sla.clock === 'response') {
              const late = Math.floor((now.getTime() - need.createdAt.getTime()) / 3_600_000);
              body = `“${title}”（${URGENCY_LABEL[need.urgency]}）已反映 ${late} 小时仍未受理，时限 ${limits.responseHours[need.urgency]} 小时，请尽快处理`;
            } else {
              const idle = Math.floor((now.getTime() - clockAt.getTime()) / 86_400_000);
              body = `“${title}”（${NEED_STATUS_LABEL[need.status]}）已 ${idle} 天没有新的办理进展，要求每 ${limits.progressDays} 天至少一次，请跟进`;
            }
            const what = sla.clock === 'response' ? '超时未受理' : '长时间没有进展';
            await this.notifications.notify(m, {
              userIds,
              title: level === 'red' ? `${community.name}有需求${sla.clock === 'response' ? '严重超时未受理' : '长期没有进展'}` : `有需求${what}`,
              body,
              page: `workbench/pages/need/index?id=${need.id}`,
            });
          });
          sent[level]++;
        } catch (err) {
          // Another process sent this one a moment ago.
          if (!isUniqueViolation(err)) throw err;
        }
      }
    }
    if (sent.yellow || sent.red) this.logger.log({ msg: 'needs escalated', ...sent });
    return sent;
  }

  private async publicView(need: Need, community: ServiceNode): Promise<PublicNeedView> {
    const category = await this.db.manager.findOneOrFail(NeedCategory, { where: { id: need.categoryId } });
    const photos = (await this.uploads.listLinkedKinds(['need_report', 'need_evidence'], [need.id])).get(need.id) ?? [];
    return toPublicNeedView(need, community, category, photos, await this.peopleNamed(need));
  }

  /** The names of the people a need is about (its reporter, the resident it was reported for): masked in public text. */
  private async peopleNamed(need: Need): Promise<string[]> {
    const reporter = need.reporterId ? await this.db.manager.findOne(User, { where: { id: need.reporterId }, select: { id: true, nickname: true } }) : null;
    return [reporter?.nickname, need.proxyNameEnc ? this.pii.decrypt(need.proxyNameEnc) : null].filter((n): n is string => Boolean(n));
  }

  private async fullView(principal: Principal, need: Need, community: ServiceNode, r: NeedRelation): Promise<NeedView> {
    const base = await this.publicView(need, community);
    const moves = this.workflow.allowedMoves(need.status, actorOf(principal, need, r).kinds);
    const view = toNeedView(base, need, r, moves, r.staff ? await this.reporterOf(need) : null);
    // Staff who are not its handler read the exact place and the reporter: logged as a read of personal data.
    if (r.staff && !r.handler && !r.reporter) {
      await this.audit.record(this.db.manager, { actorId: principal.userId, actorRole: 'staff', action: 'pii.read_need', entityType: 'need', entityId: need.id, nodeId: need.communityId });
    }
    // The reporter reads their own words, and what everyone else sees of them when that differs.
    if (r.reporter && (view.title !== base.title || view.description !== base.description)) {
      return { ...view, publicPreview: { title: base.title, description: base.description } };
    }
    if (!r.staff) return view;
    const lastStep = (await findLastSteps(this.db.manager, [need.id])).get(need.id) ?? null;
    return { ...view, sla: needSla(need, lastStep, this.clock.now(), this.config.needs) };
  }

  /** Who reported it, masked (staff only). */
  private async reporterOf(need: Need): Promise<NeedReporterView> {
    const user = need.reporterId ? await this.db.manager.findOne(User, { where: { id: need.reporterId } }) : null;
    return {
      proxy: need.proxy,
      nickname: user?.nickname ?? null,
      phoneMasked: need.proxy ? need.proxyPhoneMasked : (user?.phoneMasked ?? null),
      proxyNameMasked: need.proxyNameEnc ? maskName(this.pii.decrypt(need.proxyNameEnc)) : null,
    };
  }
}
