import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { AppError, badRequest, conflict, forbidden } from '../common/errors';
import { cut } from '../common/text';
import { NotificationsService } from '../notifications/notifications.service';
import type { AcceptManyResult, AcceptNeedInput, CloseNeedInput, DoneNeedInput, HandlerOption, MergeNeedInput, NeedStatus, NeedView, RouteNeedInput } from '../contract/needs';
import { holdsRoleCovering } from '../roles/directory';
import { ROLE_LABEL, type Role, WORKBENCH_ROLES } from '../roles/role';
import { ServiceNode } from '../tree/service-node.entity';
import { UploadsService } from '../uploads/uploads.service';
import { ContentSecurity } from '../wechat/content-security.service';
import { NeedFollower } from './need-follower.entity';
import { NEED_STATUS_LABEL, OPEN_STATUSES } from './need-status';
import { recordNeedEvent } from './need-timeline';
import { NeedWorkflow } from './need-workflow.service';
import { Need } from './need.entity';
import { NeedsService } from './needs.service';

const NOT_A_HANDLER = '承办人须为覆盖本社区的工作人员、社工或社会组织成员';

/**
 * What the workbench does with a need: triage (accept, reject, merge, priority), routing after
 * acceptance, the result (done) and honest closures. Each runs in NeedsService.act (the
 * caller's relation resolved, in one transaction); who may make which move is the transition
 * table's question (NeedWorkflow), asked on every move.
 */
@Injectable()
export class StaffNeedActions {
  constructor(
    private readonly needs: NeedsService,
    private readonly workflow: NeedWorkflow,
    private readonly uploads: UploadsService,
    private readonly contentSecurity: ContentSecurity,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
  ) {}

  async accept(principal: Principal, id: number, dto: AcceptNeedInput): Promise<NeedView> {
    await this.checkTexts(principal, { note: dto.note });
    return this.needs.act(principal, id, async (m, need, actor) => {
      await this.workflow.transition(m, need, 'accepted', actor, { note: dto.note ?? null });
      if (dto.priority != null) await m.update(Need, { id: need.id }, { priority: dto.priority });
    });
  }

  async reject(principal: Principal, id: number, reason: string): Promise<NeedView> {
    await this.checkTexts(principal, { reason });
    return this.needs.act(principal, id, (m, need, actor) => this.workflow.transition(m, need, 'rejected', actor, { reason }));
  }

  /** Merges a duplicate into another open need of the same community; its people follow the survivor. */
  async merge(principal: Principal, id: number, dto: MergeNeedInput): Promise<NeedView> {
    await this.checkTexts(principal, { reason: dto.reason });
    return this.needs.act(principal, id, async (m, need, actor) => {
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
      await recordNeedEvent(
        m,
        target,
        { userId: principal.userId, role: actor.roles.staff ?? 'staff' },
        { kind: 'merged_in', status: target.status, fromNeedId: need.id, action: '合并相同需求' },
      );
    });
  }

  async setPriority(principal: Principal, id: number, priority: number): Promise<NeedView> {
    return this.needs.act(principal, id, async (m, need, actor) => {
      if (!actor.kinds.includes('staff')) throw forbidden('只有本社区工作人员或上级管理员可以设置优先级');
      if (!OPEN_STATUSES.includes(need.status)) throw conflict(`该需求当前状态为“${NEED_STATUS_LABEL[need.status]}”，不能再调整优先级`);
      await m.update(Need, { id: need.id }, { priority, updatedAt: this.clock.now() });
      await recordNeedEvent(m, need, { userId: principal.userId, role: actor.roles.staff ?? null }, { kind: 'priority', from: need.priority, to: priority });
    });
  }

  /** After acceptance: straight to handling, or onward to consultation, resources or a project. */
  async route(principal: Principal, id: number, dto: RouteNeedInput): Promise<NeedView> {
    await this.checkTexts(principal, { note: dto.note });
    return this.needs.act(principal, id, async (m, need, actor) => {
      if (dto.handlerId) await this.assertHandler(m, dto.handlerId, need);
      await this.workflow.transition(m, need, dto.to, actor, { note: dto.note ?? null, handlerId: dto.handlerId ?? null });
    });
  }

  async done(principal: Principal, id: number, dto: DoneNeedInput): Promise<NeedView> {
    await this.checkTexts(principal, { note: dto.note });
    return this.needs.act(principal, id, async (m, need, actor) => {
      await this.workflow.transition(m, need, 'done', actor, { note: dto.note, detail: { evidencePhotos: dto.evidencePhotoIds?.length ?? 0 } });
      await this.uploads.attach(m, principal.userId, dto.evidencePhotoIds, 'need_evidence', need.id, need.communityId, 'evidencePhotoIds');
    });
  }

  /** Honest closures: 暂不可行 (infeasible) or 已转交 (referred elsewhere), each with a reason. */
  async close(principal: Principal, id: number, dto: CloseNeedInput): Promise<NeedView> {
    await this.checkTexts(principal, { reason: dto.reason, referredTo: dto.referredTo });
    const to: NeedStatus = dto.kind === 'infeasible' ? 'closed_infeasible' : 'closed_referred';
    return this.needs.act(principal, id, (m, need, actor) => this.workflow.transition(m, need, to, actor, { reason: dto.reason, referredTo: dto.referredTo ?? null }));
  }

  /**
   * 批量受理: each need accepted in its own transaction through the same rule as one by one, so one
   * that someone else handled a moment ago (or that is not the caller's) fails alone, with the reason.
   */
  async acceptMany(principal: Principal, ids: number[]): Promise<AcceptManyResult> {
    const result: AcceptManyResult = { accepted: [], failed: [] };
    for (const id of [...new Set(ids)]) {
      try {
        await this.needs.act(principal, id, (m, need, actor) => this.workflow.transition(m, need, 'accepted', actor, {}));
        result.accepted.push(id);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        result.failed.push({ id, message: err.message });
      }
    }
    return result;
  }

  /** Who can take a need: staff, admins, social workers and organization members covering its community, by name. */
  async handlerOptions(principal: Principal, id: number): Promise<HandlerOption[]> {
    let out: HandlerOption[] = [];
    await this.needs.act(principal, id, async (m, need, actor) => {
      if (!actor.kinds.includes('staff')) throw forbidden('只有本社区工作人员或上级管理员可以指派承办人');
      const rows = await this.workbenchGrants(m, need);
      const seen = new Set<number>();
      out = rows.flatMap((r) => {
        const userId = Number(r.user_id);
        if (seen.has(userId)) return [];
        seen.add(userId);
        return [{ userId, name: r.nickname, roleLabel: `${ROLE_LABEL[r.role] ?? r.role} · ${r.node_name}`, current: need.handlerId === userId }];
      });
    });
    return out;
  }

  /** Hands an accepted, open need to a handler; the timeline says so by role, the handler is told. */
  async assign(principal: Principal, id: number, handlerId: number): Promise<NeedView> {
    return this.needs.act(principal, id, async (m, need, actor) => {
      if (!actor.kinds.includes('staff')) throw forbidden('只有本社区工作人员或上级管理员可以指派承办人');
      if (need.status === 'reported') throw conflict('请先受理这件需求，再指派承办人');
      if (!OPEN_STATUSES.includes(need.status)) throw conflict(`该需求当前状态为“${NEED_STATUS_LABEL[need.status]}”，不能再指派承办人`);
      if (need.handlerId === handlerId) throw conflict('这件需求已经由这位承办人办理');
      // The grants covering the community say both whether they may handle it and in which role.
      const grants = (await this.workbenchGrants(m, need)).filter((g) => Number(g.user_id) === handlerId);
      if (!grants.length) throw badRequest(NOT_A_HANDLER, 'handlerId');
      const res = await m
        .createQueryBuilder()
        .update(Need)
        .set({ handlerId, updatedAt: this.clock.now() })
        .where('id = :id AND status = :status', { id: need.id, status: need.status })
        .execute();
      if (!res.affected) throw conflict('该需求刚刚已被他人处理，请刷新后再操作');
      const community = await m.findOneOrFail(ServiceNode, { where: { id: need.communityId } });
      const handlerRole = WORKBENCH_ROLES.find((r) => grants.some((g) => g.role === r)) ?? 'staff';
      await recordNeedEvent(m, need, { userId: principal.userId, role: actor.roles.staff ?? 'staff' }, { kind: 'assign', status: need.status, action: '指派承办人', handlerRole });
      if (handlerId !== principal.userId) {
        await this.notifications.notify(m, {
          userIds: [handlerId],
          title: '您有一件新的待办需求',
          body: `“${cut(need.title, 30)}”（${community.name}）已指派给您办理`,
          page: `workbench/pages/need/index?id=${need.id}`,
        });
      }
    });
  }

  /** The workbench grants covering a need's community (its node and those above), nearest first, with names. */
  private async workbenchGrants(m: EntityManager, need: Need): Promise<Array<{ user_id: unknown; nickname: string; role: Role; node_name: string }>> {
    const community = await m.findOneOrFail(ServiceNode, { where: { id: need.communityId } });
    const nodes = community.path.split('/').filter(Boolean).map(Number);
    return m.query(
      `SELECT r.user_id AS user_id, u.nickname AS nickname, r.role AS role, n.name AS node_name
         FROM role_assignment r JOIN app_user u ON u.id = r.user_id JOIN service_node n ON n.id = r.node_id
        WHERE r.node_id IN (${nodes.map(() => '?').join(',')}) AND r.role IN (${WORKBENCH_ROLES.map(() => '?').join(',')})
        ORDER BY n.path DESC, r.user_id`,
      [...nodes, ...WORKBENCH_ROLES],
    );
  }

  /** A handler must work in the need's community: staff, admin, social worker or organization member covering it. */
  private async assertHandler(m: EntityManager, userId: number, need: Need): Promise<void> {
    const community = await m.findOneOrFail(ServiceNode, { where: { id: need.communityId } });
    if (!(await holdsRoleCovering(m, userId, community, WORKBENCH_ROLES))) throw badRequest(NOT_A_HANDLER, 'handlerId');
  }

  private async checkTexts(principal: Principal, texts: Partial<Record<'note' | 'reason' | 'referredTo', string | undefined>>): Promise<void> {
    const labels = { note: '说明', reason: '原因', referredTo: '转交单位' };
    const list = Object.entries(texts)
      .filter(([, v]) => v)
      .map(([field, text]) => ({ field, label: labels[field as keyof typeof labels], text: text! }));
    if (list.length) await this.contentSecurity.assertPublishable(list, principal.openid, 2);
  }
}
