import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { badRequest, conflict, forbidden } from '../common/errors';
import { beijingMinute } from '../contract/format';
import { TASK_KIND_LABEL, TASK_STATUS_LABEL, type VolunteerTaskView } from '../contract/volunteers';
import { inTransaction } from '../database/transaction';
import { Need } from '../needs/need.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { requireRoleOn } from '../roles/access';
import { holdsRoleCovering } from '../roles/directory';
import { MANAGER_ROLES } from '../roles/role';
import { TreeService } from '../tree/tree.service';
import { HALF_HOUR_MINUTES, hoursOf, pointsFor, taskMinutes } from './hours';
import { PointsEntry } from './points-entry.entity';
import { VolunteerTask } from './task.entity';
import { TasksService } from './tasks.service';
import { cut } from './volunteer-access';

/**
 * What staff of the community do with a task once it exists, beside the volunteer's own steps
 * (TasksService): hand it to a named volunteer (改派), and confirm it done, which credits the
 * volunteer's hours and points.
 */
@Injectable()
export class TaskStaffingService {
  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly tasks: TasksService,
    private readonly clock: Clock,
  ) {}

  /**
   * 改派: staff covering the community hand an open or claimed task to a named volunteer of the
   * community (not the need's own reporter). The volunteer is told; a volunteer it was taken from
   * is told too. One conditional UPDATE: a task done or cancelled meanwhile is refused.
   */
  async assign(principal: Principal, id: number, userId: number): Promise<VolunteerTaskView> {
    const task = await this.tasks.load(id);
    const community = await this.tree.getNode(task.communityId);
    const grant = requireRoleOn(principal, community, MANAGER_ROLES, '只有本社区的工作人员可以指派志愿任务');
    if (!(await holdsRoleCovering(this.db.manager, userId, community, ['volunteer']))) throw badRequest(`请选择${community.name}审核通过的注册志愿者`, 'userId');
    const need = await this.db.manager.findOneOrFail(Need, { where: { id: task.needId } });
    if (need.reporterId === userId) throw badRequest('这是该志愿者自己反映的需求，请指派其他志愿者', 'userId');
    await this.tasks.assertMayVisit(userId, task, 'userId');
    if (task.claimedBy === userId) return this.tasks.get(principal, id);
    await inTransaction(this.db, async (m) => {
      const now = this.clock.now();
      if (task.endsAt.getTime() <= now.getTime()) throw conflict('该任务的服务时间已过，不能再指派');
      const res = await m
        .createQueryBuilder()
        .update(VolunteerTask)
        .set({ status: 'claimed', claimedBy: userId, claimedAt: now, overdueAlertedAt: null, updatedAt: now })
        .where(task.claimedBy == null ? 'id = :id AND status = :open' : 'id = :id AND status = :claimed AND claimed_by = :prev', { id, open: 'open', claimed: 'claimed', prev: task.claimedBy })
        .execute();
      if (!res.affected) throw conflict('该任务刚刚有了变化（已被认领或已完成），请刷新后再指派');
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'volunteer_task.assign',
        entityType: 'volunteer_task',
        entityId: id,
        nodeId: task.communityId,
        fromState: task.status,
        toState: 'claimed',
        detail: { from: task.claimedBy, to: userId },
      });
      await this.notifications.notify(m, {
        userIds: [userId],
        title: '社区为您指派了志愿任务',
        body: `${TASK_KIND_LABEL[task.kind]}任务“${cut(task.title, 20)}”（${beijingMinute(task.startsAt)}，${cut(task.place, 16)}）由社区指派给您，请按时服务；去不了请在任务页释放并说明原因`,
        page: 'volunteer/pages/tasks/index',
      });
      if (task.claimedBy) {
        await this.notifications.notify(m, {
          userIds: [task.claimedBy],
          title: '任务已由社区改派',
          body: `您认领的“${cut(task.title, 20)}”已由社区工作人员改派给其他志愿者`,
          page: 'volunteer/pages/tasks/index',
        });
      }
    });
    return this.tasks.get(principal, id);
  }

  /**
   * Staff of the community confirm a done task (see hours.ts): the volunteer is credited its
   * scheduled time rounded down to a half hour, or the fewer minutes the staff member enters, with
   * points by the activity rule, once (the row's confirmed_at guard and the ledger's unique source).
   */
  async confirm(principal: Principal, id: number, minutes?: number): Promise<VolunteerTaskView> {
    const task = await this.tasks.load(id);
    const community = await this.tree.getNode(task.communityId);
    const grant = requireRoleOn(principal, community, MANAGER_ROLES, '只有本社区的工作人员可以确认志愿任务');
    const most = taskMinutes(task.startsAt, task.endsAt);
    const credit = minutes ?? most;
    if (credit % HALF_HOUR_MINUTES !== 0 || credit < HALF_HOUR_MINUTES || credit > most) {
      throw badRequest(`服务时长按半小时计，最少 0.5 小时，最多为任务安排的 ${hoursOf(most)} 小时`, 'minutes');
    }
    if (task.claimedBy === principal.userId) throw forbidden('不能确认自己完成的任务，请由其他工作人员确认');
    await inTransaction(this.db, async (m) => {
      const now = this.clock.now();
      const res = await m
        .createQueryBuilder()
        .update(VolunteerTask)
        .set({ confirmedAt: now, confirmedBy: principal.userId, creditedMinutes: credit, updatedAt: now })
        .where('id = :id AND status = :done AND confirmed_at IS NULL', { id, done: 'done' })
        .execute();
      if (!res.affected) {
        throw conflict(task.confirmedAt ? '该任务已确认过，服务时长已记录' : `该任务当前为“${TASK_STATUS_LABEL[task.status]}”，志愿者标记完成后才能确认`);
      }
      const points = pointsFor(credit);
      await m.insert(PointsEntry, {
        userId: task.claimedBy!,
        delta: points,
        reason: cut(`完成志愿任务“${task.title}” ${hoursOf(credit)} 小时`, 100),
        sourceType: 'task',
        sourceId: task.id,
        createdBy: principal.userId,
        createdAt: now,
      });
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'volunteer_task.confirm',
        entityType: 'volunteer_task',
        entityId: id,
        nodeId: task.communityId,
        detail: { minutes: credit, points, volunteerId: task.claimedBy },
      });
      await this.notifications.notify(m, {
        userIds: [task.claimedBy],
        title: '服务时长已确认',
        body: `“${cut(task.title, 20)}”已由社区确认：记录服务时长 ${hoursOf(credit)} 小时，积分 +${points}`,
        page: 'volunteer/pages/record/index',
      });
    });
    return this.tasks.get(principal, id);
  }
}
