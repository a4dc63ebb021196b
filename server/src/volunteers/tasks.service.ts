import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager, IsNull, LessThanOrEqual } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { PiiCipher } from '../common/crypto';
import { badRequest, conflict, forbidden, notFound } from '../common/errors';
import { maskName } from '../contract/format';
import { needPage } from '../contract/needs';
import { Need } from '../needs/need.entity';
import { NEED_STATUS_LABEL, type NeedStatus } from '../needs/need-status';
import { NeedWorkflow } from '../needs/need-workflow.service';
import { NotificationsService } from '../notifications/notifications.service';
import { hasRoleOn, requireRoleOn } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import { ServiceNode } from '../tree/service-node.entity';
import { TreeService } from '../tree/tree.service';
import { Residence } from '../users/residence.entity';
import { User } from '../users/user.entity';
import { ContentSecurity } from '../wechat/content-security.service';
import type { CreateTaskDto, TasksQuery } from './dto/volunteer.dto';
import { VolunteerTask } from './task.entity';
import { TASK_KIND_LABEL, TASK_STATUS_LABEL, TASKABLE_NEED_STATUSES as TASKABLE, type VolunteerTaskContact, type VolunteerTaskView } from '../contract/volunteers';
import { beijingDate, beijingMinute } from '../contract/format';
import { cut, requireStaff } from './volunteer-access';
import { HOME_VISIT_KINDS } from './hours';
import { Volunteer } from './volunteer.entity';
import { isMinor } from './volunteer-views';
import { taskViews } from './task-views';
import { inTransaction } from '../database/transaction';
import { usersCovering } from '../roles/directory';

/** A need must be accepted or being handled before volunteers are sent (the contract's list, checked against the need statuses). */
export const TASKABLE_NEED_STATUSES: readonly NeedStatus[] = TASKABLE;

export const taskPage = (id: number) => `volunteer/pages/task/index?id=${id}`;

/**
 * Volunteer tasks cut from residents' needs (认领任务). Staff create them; one volunteer claims
 * each (a conditional UPDATE settles races); only the claimer and covering staff may read the
 * resident's contact and address, and every such read is audited as a personal-data access.
 * Finishing a task writes the "志愿者参与" step on the need's timeline.
 */
@Injectable()
export class TasksService {
  private readonly logger = new Logger(TasksService.name);

  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly workflow: NeedWorkflow,
    private readonly contentSecurity: ContentSecurity,
    private readonly pii: PiiCipher,
    private readonly clock: Clock,
  ) {}

  async create(principal: Principal, needId: number, dto: CreateTaskDto): Promise<VolunteerTaskView> {
    const need = await this.db.manager.findOne(Need, { where: { id: needId } });
    if (!need) throw notFound('该需求');
    const community = await this.tree.getNode(need.communityId);
    const grant = requireStaff(principal, community, '只有本社区的工作人员或上级管理员可以把需求拆分为志愿任务');
    if (!TASKABLE_NEED_STATUSES.includes(need.status)) {
      throw conflict(`该需求当前为“${NEED_STATUS_LABEL[need.status]}”，受理后、办理中或项目实施中的需求才能发布志愿任务`);
    }
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    if (startsAt.getTime() <= this.clock.now().getTime()) throw badRequest('开始时间应晚于现在', 'startsAt');
    if (endsAt.getTime() <= startsAt.getTime()) throw badRequest('结束时间应晚于开始时间', 'endsAt');
    await this.contentSecurity.assertPublishable(
      [
        { field: 'title', label: '任务名称', text: dto.title },
        ...(dto.description ? [{ field: 'description', label: '任务说明', text: dto.description }] : []),
        { field: 'place', label: '服务地点', text: dto.place },
      ],
      principal.openid,
      3,
    );
    const id = await inTransaction(this.db, async (m) => {
      const fresh = await m.findOneOrFail(Need, { where: { id: needId } });
      if (!TASKABLE_NEED_STATUSES.includes(fresh.status)) throw conflict('该需求的状态刚刚发生了变化，请刷新后再试');
      const task = await m.save(
        VolunteerTask,
        m.create(VolunteerTask, {
          needId,
          communityId: need.communityId,
          kind: dto.kind,
          title: dto.title,
          description: dto.description ?? '',
          startsAt,
          endsAt,
          place: dto.place,
          status: 'open',
          claimedBy: null,
          claimedAt: null,
          doneAt: null,
          doneNote: null,
          createdBy: principal.userId,
          overdueAlertedAt: null,
        }),
      );
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'volunteer_task.create',
        entityType: 'volunteer_task',
        entityId: task.id,
        nodeId: need.communityId,
        toState: 'open',
        detail: { needId, kind: dto.kind },
      });
      return task.id;
    });
    return this.get(principal, id);
  }

  /** Tasks in a node's subtree: volunteers covering it see open ones and their own; staff see all. */
  async list(principal: Principal, q: TasksQuery): Promise<VolunteerTaskView[]> {
    const node = await this.tree.getNode(q.nodeId);
    const staff = hasRoleOn(principal, node, MANAGER_ROLES);
    if (!staff) requireRoleOn(principal, node, ['volunteer'], '只有本社区的注册志愿者可以查看服务任务');
    const qb = this.db.manager
      .createQueryBuilder(VolunteerTask, 't')
      .innerJoin(ServiceNode, 'c', 'c.id = t.community_id')
      .where('c.path LIKE :path', { path: `${node.path}%` })
      .orderBy('t.starts_at', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .take(200);
    if (q.status) qb.andWhere('t.status = :s', { s: q.status });
    if (!staff) qb.andWhere("(t.status = 'open' OR t.claimed_by = :me)", { me: principal.userId });
    return this.views(principal, await qb.getMany());
  }

  async mine(principal: Principal): Promise<VolunteerTaskView[]> {
    const rows = await this.db.manager.find(VolunteerTask, { where: { claimedBy: principal.userId }, order: { startsAt: 'DESC', id: 'DESC' } });
    return this.views(principal, rows);
  }

  async get(principal: Principal, id: number): Promise<VolunteerTaskView> {
    const task = await this.load(id);
    const community = await this.tree.getNode(task.communityId);
    const staff = hasRoleOn(principal, community, MANAGER_ROLES);
    if (!staff && task.claimedBy !== principal.userId) requireRoleOn(principal, community, ['volunteer'], '只有本社区的注册志愿者可以查看服务任务');
    return (await this.views(principal, [task]))[0];
  }

  /** One volunteer claims the task; of two claiming at once exactly one wins, the other gets 409. */
  async claim(principal: Principal, id: number): Promise<VolunteerTaskView> {
    const task = await this.load(id);
    const community = await this.tree.getNode(task.communityId);
    requireRoleOn(principal, community, ['volunteer'], '只有本社区审核通过的注册志愿者可以认领任务');
    await this.assertMayVisit(principal.userId, task);
    const own = await this.db.manager.findOne(Need, { where: { id: task.needId }, select: { id: true, reporterId: true } });
    if (own?.reporterId === principal.userId) throw conflict('这是您自己反映的需求，任务请由其他志愿者认领');
    await inTransaction(this.db, async (m) => {
      const now = this.clock.now();
      if (task.endsAt.getTime() <= now.getTime()) throw conflict('该任务的服务时间已过，不能再认领');
      const res = await m
        .createQueryBuilder()
        .update(VolunteerTask)
        .set({ status: 'claimed', claimedBy: principal.userId, claimedAt: now, overdueAlertedAt: null, updatedAt: now })
        .where('id = :id AND status = :open', { id, open: 'open' })
        .execute();
      if (!res.affected) throw conflict('该任务刚刚已被其他志愿者认领，看看其他任务吧');
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: 'volunteer',
        action: 'volunteer_task.claim',
        entityType: 'volunteer_task',
        entityId: id,
        nodeId: task.communityId,
        fromState: 'open',
        toState: 'claimed',
      });
      const need = await m.findOneOrFail(Need, { where: { id: task.needId } });
      await this.notifications.notify(m, {
        userIds: [need.reporterId],
        title: '志愿者已认领',
        body: `您的需求“${cut(need.title, 16)}”的${TASK_KIND_LABEL[task.kind]}任务已有志愿者认领，将于 ${beijingMinute(task.startsAt)} 提供服务`,
        page: needPage(need.id),
      });
    });
    return this.get(principal, id);
  }

  /**
   * The resident's contact for the task: the claimer (while the task is theirs and not done)
   * and staff covering the community. Decrypts the reporter's phone (or the 代报 resident's) and
   * gives the residence building/unit; the access is written to the audit log.
   */
  async contact(principal: Principal, id: number): Promise<VolunteerTaskContact> {
    const task = await this.load(id);
    const community = await this.tree.getNode(task.communityId);
    const staffGrant = hasRoleOn(principal, community, MANAGER_ROLES);
    const claimer = task.claimedBy === principal.userId && task.status === 'claimed';
    if (!claimer && !staffGrant) throw forbidden('只有认领该任务的志愿者和社区工作人员可以查看居民的联系方式');
    const need = await this.db.manager.findOneOrFail(Need, { where: { id: task.needId } });
    let name: string | null = null;
    let phone: string | null = null;
    let building = need.building;
    let unit = need.unit;
    if (need.proxy) {
      name = need.proxyNameEnc ? maskName(this.pii.decrypt(need.proxyNameEnc)) : null;
      phone = need.proxyPhoneEnc ? this.pii.decrypt(need.proxyPhoneEnc) : null;
    } else if (need.reporterId) {
      const reporter = await this.db.manager.findOne(User, { where: { id: need.reporterId } });
      name = reporter?.nickname ?? null;
      phone = reporter?.phoneEnc ? this.pii.decrypt(reporter.phoneEnc) : null;
      if (!building) {
        const residence = await this.db.manager.findOne(Residence, { where: { userId: need.reporterId } });
        if (residence?.communityId === need.communityId) {
          building = residence.building;
          unit = residence.unit;
        }
      }
    }
    await inTransaction(this.db, (m) =>
      this.audit.record(m, {
        actorId: principal.userId,
        actorRole: claimer ? 'volunteer' : (principal.roles.find((g) => MANAGER_ROLES.includes(g.role))?.role ?? null),
        action: 'pii.view_contact',
        entityType: 'volunteer_task',
        entityId: task.id,
        nodeId: task.communityId,
        detail: { needId: need.id, phone: phone != null, address: building != null || need.address != null },
      }),
    );
    return {
      taskId: task.id,
      name,
      phone,
      community: community.name,
      building,
      unit,
      address: need.address,
      lat: need.latE6 == null ? null : need.latE6 / 1e6,
      lng: need.lngE6 == null ? null : need.lngE6 / 1e6,
      notice: '居民联系方式仅用于本次服务，请勿泄露或另作他用',
    };
  }

  /** The claimer finishes the task with a note: the need's timeline shows the volunteers step. */
  async done(principal: Principal, id: number, note: string): Promise<VolunteerTaskView> {
    const task = await this.load(id);
    if (task.claimedBy !== principal.userId) throw forbidden('只有认领该任务的志愿者可以标记完成');
    if (this.clock.now().getTime() < task.startsAt.getTime()) throw conflict(`服务从 ${beijingMinute(task.startsAt)} 开始，开始后才能标记完成`);
    await this.contentSecurity.assertPublishable([{ field: 'note', label: '完成情况', text: note }], principal.openid, 2);
    await inTransaction(this.db, async (m) => {
      const now = this.clock.now();
      const res = await m
        .createQueryBuilder()
        .update(VolunteerTask)
        .set({ status: 'done', doneAt: now, doneNote: note, updatedAt: now })
        .where('id = :id AND status = :c AND claimed_by = :me', { id, c: 'claimed', me: principal.userId })
        .execute();
      if (!res.affected) throw conflict(`该任务当前为“${TASK_STATUS_LABEL[task.status]}”，不能标记完成`);
      const need = await m.findOneOrFail(Need, { where: { id: task.needId } });
      await this.workflow.recordStep(m, need, 'volunteers', { userId: principal.userId, role: 'volunteer' }, {
        action: `志愿者完成${TASK_KIND_LABEL[task.kind]}任务`,
        note,
        taskId: task.id,
      });
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: 'volunteer',
        action: 'volunteer_task.done',
        entityType: 'volunteer_task',
        entityId: id,
        nodeId: task.communityId,
        fromState: 'claimed',
        toState: 'done',
      });
      const staff = await usersCovering(m, await this.tree.getNode(task.communityId, m), ['staff']);
      await this.notifications.notify(m, {
        userIds: [need.reporterId, ...staff],
        title: '志愿任务已完成',
        body: `“${cut(need.title, 16)}”的${TASK_KIND_LABEL[task.kind]}任务已由志愿者完成：${cut(note, 60)}`,
        page: needPage(need.id),
      });
    });
    return this.get(principal, id);
  }

  /**
   * A claimed task goes back to open, with a reason: its volunteer cannot go after all (释放), or
   * staff covering the community take it back to hand on (收回). The other side is told — staff
   * when the volunteer lets go, the volunteer when staff take it — and the task can be claimed again.
   */
  async release(principal: Principal, id: number, reason: string): Promise<VolunteerTaskView> {
    const task = await this.load(id);
    const community = await this.tree.getNode(task.communityId);
    const byClaimer = task.claimedBy === principal.userId;
    const staffGrant = byClaimer ? null : requireRoleOn(principal, community, MANAGER_ROLES, '只有认领该任务的志愿者或本社区工作人员可以释放任务');
    await this.contentSecurity.assertPublishable([{ field: 'reason', label: '原因', text: reason }], principal.openid, 2);
    await inTransaction(this.db, async (m) => {
      const now = this.clock.now();
      const res = await m
        .createQueryBuilder()
        .update(VolunteerTask)
        .set({ status: 'open', claimedBy: null, claimedAt: null, updatedAt: now })
        .where('id = :id AND status = :c AND claimed_by = :who', { id, c: 'claimed', who: task.claimedBy })
        .execute();
      if (!res.affected) throw conflict(`该任务当前为“${TASK_STATUS_LABEL[task.status]}”，没有可释放的认领`);
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: byClaimer ? 'volunteer' : staffGrant!.role,
        action: byClaimer ? 'volunteer_task.release' : 'volunteer_task.take_back',
        entityType: 'volunteer_task',
        entityId: id,
        nodeId: task.communityId,
        fromState: 'claimed',
        toState: 'open',
        reason,
        detail: { claimedBy: task.claimedBy },
      });
      const need = await m.findOneOrFail(Need, { where: { id: task.needId } });
      if (byClaimer) {
        const staff = await usersCovering(m, community, ['staff']);
        await this.notifications.notify(m, {
          userIds: staff,
          title: '志愿者释放了任务',
          body: `“${cut(need.title, 16)}”的${TASK_KIND_LABEL[task.kind]}任务（${beijingMinute(task.startsAt)}）认领的志愿者去不了：${cut(reason, 60)}。任务已重新开放认领`,
          page: `workbench/pages/need/index?id=${need.id}`,
        });
      } else if (task.claimedBy) {
        await this.notifications.notify(m, {
          userIds: [task.claimedBy],
          title: '任务已由社区收回',
          body: `您认领的“${cut(task.title, 20)}”已由社区工作人员收回：${cut(reason, 60)}`,
          page: 'volunteer/pages/tasks/index',
        });
      }
    });
    return this.get(principal, id);
  }

  /**
   * Sweep: an open task whose start time has passed with nobody claiming it alerts the staff of
   * its community (inbox), once.
   */
  async alertUnclaimed(): Promise<{ alerted: number }> {
    const now = this.clock.now();
    const due = await this.db.manager.find(VolunteerTask, { where: { status: 'open', overdueAlertedAt: IsNull(), startsAt: LessThanOrEqual(now) }, order: { id: 'ASC' }, take: 200 });
    const alerted = await this.alertOnce(due, 'open', now, async (m, task, staff) => {
      await this.notifications.notify(m, {
        userIds: staff,
        title: '志愿任务无人认领',
        body: `${TASK_KIND_LABEL[task.kind]}任务“${cut(task.title, 20)}”已到开始时间（${beijingMinute(task.startsAt)}）仍无人认领，请尽快安排`,
        page: taskPage(task.id),
      });
      return 'volunteer_task.unclaimed_alert';
    });
    if (alerted) this.logger.log({ msg: 'unclaimed volunteer tasks alerted', alerted });
    return { alerted };
  }

  /**
   * Sweep: a claimed task whose service time has ended without being marked done alerts the
   * community's staff and reminds its volunteer (mark it done, or say why not), once per claim.
   */
  async alertOverdueClaimed(): Promise<{ alerted: number }> {
    const now = this.clock.now();
    const due = await this.db.manager.find(VolunteerTask, { where: { status: 'claimed', overdueAlertedAt: IsNull(), endsAt: LessThanOrEqual(now) }, order: { id: 'ASC' }, take: 200 });
    const alerted = await this.alertOnce(due, 'claimed', now, async (m, task, staff) => {
      await this.notifications.notify(m, {
        userIds: staff,
        title: '志愿任务逾期未完成',
        body: `${TASK_KIND_LABEL[task.kind]}任务“${cut(task.title, 20)}”的服务时间已过（${beijingMinute(task.endsAt)}），认领的志愿者还没有标记完成，请联系确认`,
        page: taskPage(task.id),
      });
      if (task.claimedBy) {
        await this.notifications.notify(m, {
          userIds: [task.claimedBy],
          title: '请标记任务完成',
          body: `您认领的“${cut(task.title, 20)}”服务时间已过：完成了请标记完成并写下服务情况；没能去请在任务页释放并说明原因`,
          page: taskPage(task.id),
        });
      }
      return 'volunteer_task.overdue_alert';
    });
    if (alerted) this.logger.log({ msg: 'overdue claimed volunteer tasks alerted', alerted });
    return { alerted };
  }

  /** Marks each task alerted (once: a conditional UPDATE on its status) and sends the notices, each in its own transaction. */
  private async alertOnce(
    tasks: VolunteerTask[],
    status: 'open' | 'claimed',
    now: Date,
    send: (m: EntityManager, task: VolunteerTask, staff: number[]) => Promise<string>,
  ): Promise<number> {
    let alerted = 0;
    for (const task of tasks) {
      const sent = await inTransaction(this.db, async (m) => {
        const res = await m
          .createQueryBuilder()
          .update(VolunteerTask)
          .set({ overdueAlertedAt: now })
          .where('id = :id AND status = :status AND overdue_alerted_at IS NULL', { id: task.id, status })
          .execute();
        if (!res.affected) return false;
        const community = await this.tree.getNode(task.communityId, m);
        const staff = await usersCovering(m, community, ['staff']);
        const action = await send(m, task, staff.length ? staff : await usersCovering(m, community, ['admin']));
        await this.audit.record(m, { actorId: null, actorRole: 'system', action, entityType: 'volunteer_task', entityId: task.id, nodeId: task.communityId });
        return true;
      });
      if (sent) alerted++;
    }
    return alerted;
  }

  /** A volunteer under 18 takes no home-visit task (上门探访), claimed or assigned. */
  async assertMayVisit(userId: number, task: VolunteerTask, field?: string): Promise<void> {
    if (!HOME_VISIT_KINDS.includes(task.kind)) return;
    const v = await this.db.manager.findOne(Volunteer, { where: { userId } });
    if (v && isMinor(v, beijingDate(this.clock.now()))) {
      const message = '未满18岁的志愿者不能承担上门探访任务，请选择其他任务';
      throw field ? badRequest(message, field) : conflict(message);
    }
  }

  async load(id: number): Promise<VolunteerTask> {
    const task = await this.db.manager.findOne(VolunteerTask, { where: { id } });
    if (!task) throw notFound('该任务');
    return task;
  }

  private views(principal: Principal, rows: VolunteerTask[]): Promise<VolunteerTaskView[]> {
    return taskViews(this.db.manager, principal, rows, this.clock.now());
  }
}
