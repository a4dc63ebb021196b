import { TASK_KIND_LABEL, TASK_STATUS_LABEL, hoursOf, type TaskKind, type TaskStatus } from '../contract/volunteers';
import type { ProjectTaskItem } from '../contract/projects';
import { toIso } from '../database/raw';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { badRequest, conflict, forbidden, notFound } from '../common/errors';
import { cut } from '../common/text';
import { beijingDate } from '../contract/format';
import { GUIDANCE_FORM_LABEL, type GuidanceView, PROJECT_STATUS_LABEL, type ProjectView } from '../contract/projects';
import { inTransaction } from '../database/transaction';
import { NeedWorkflow } from '../needs/need-workflow.service';
import { NotificationsService } from '../notifications/notifications.service';
import { requireRoleOn } from '../roles/access';
import { orgMemberIds } from '../roles/directory';
import { MANAGER_ROLES } from '../roles/role';
import { TreeService } from '../tree/tree.service';
import type { GuidanceDto, WaiveMilestoneDto } from './dto/project.dto';
import { countGuidance, guidanceIdsInSubtree, linkedNeedsOfProject } from './project-queries';
import { PROJECT_ENTITY, assertDate, projectPage, projectRelation, requireSocialWorker, signOffMissing } from './project-rules';
import { ProjectViews } from './project-views';
import { GuidanceRecord, ProjectMilestone, ServiceProject } from './project.entity';
import { ProjectsService } from './projects.service';

/**
 * The social worker's guidance (社工指导): guidance and supervision records (督导记录) while the
 * project is active, read by the people on the project and by covering staff up the tree, and the
 * sign-off (结项意见) the completion report waits for. The needs' timelines show that guidance
 * happened and its form, never its content.
 */
@Injectable()
export class GuidanceService {
  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly projects: ProjectsService,
    private readonly views: ProjectViews,
    private readonly workflow: NeedWorkflow,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async add(principal: Principal, id: number, dto: GuidanceDto): Promise<GuidanceView> {
    const { project, community } = await this.projects.load(this.db.manager, id);
    requireSocialWorker(principal, project, community);
    assertDate(dto.guidedOn, 'guidedOn', '指导日期');
    if (dto.guidedOn > beijingDate(this.clock.now())) throw badRequest('指导日期不能晚于今天', 'guidedOn');
    const recordId = await inTransaction(this.db, async (m) => {
      const fresh = await m.findOneOrFail(ServiceProject, { where: { id: project.id } });
      if (fresh.status !== 'active') throw conflict(`该项目${PROJECT_STATUS_LABEL[fresh.status]}，不能再添加指导记录`);
      const record = await m.save(
        GuidanceRecord,
        m.create(GuidanceRecord, {
          projectId: project.id,
          socialWorkerId: principal.userId,
          guidedOn: dto.guidedOn,
          form: dto.form,
          content: dto.content,
          issues: dto.issues ?? '',
          nextSteps: dto.nextSteps ?? '',
        }),
      );
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: 'social_worker',
        action: 'project.guidance',
        entityType: PROJECT_ENTITY,
        entityId: project.id,
        nodeId: community.id,
        detail: { guidanceId: record.id, form: dto.form, guidedOn: dto.guidedOn },
      });
      // The needs' timelines show that guidance happened and its form, not its content (个案 notes may be personal).
      for (const need of await linkedNeedsOfProject(m, project.id)) {
        await this.workflow.recordStep(m, need, 'guidance', { userId: principal.userId, role: 'social_worker' }, {
          action: '社工指导',
          note: `${GUIDANCE_FORM_LABEL[dto.form]}指导（${dto.guidedOn}）`,
          projectId: project.id,
          guidanceId: record.id,
        });
      }
      const members = await orgMemberIds(m, project.orgId);
      await this.notifications.notify(m, {
        userIds: members.filter((u) => u !== principal.userId),
        title: '社工指导',
        body: `指导社工为项目“${cut(project.title, 20)}”填写了${GUIDANCE_FORM_LABEL[dto.form]}指导记录，请查看下一步建议`,
        page: projectPage(project.id),
      });
      return record.id;
    });
    return (await this.views.guidanceViews([await this.db.manager.findOneOrFail(GuidanceRecord, { where: { id: recordId } })]))[0];
  }

  /** A project's guidance records: its social worker, its organization's members and covering staff/admins. */
  async ofProject(principal: Principal, id: number): Promise<GuidanceView[]> {
    const { project, community } = await this.projects.load(this.db.manager, id);
    const rel = projectRelation(principal, project, community);
    if (!rel.staff && !rel.socialWorker && !rel.orgMember) throw forbidden('指导记录仅项目的指导社工、实施组织和管辖范围内的工作人员可以查看');
    const rows = await this.db.manager.find(GuidanceRecord, { where: { projectId: project.id }, order: { guidedOn: 'DESC', id: 'DESC' } });
    return this.views.guidanceViews(rows);
  }

  /** The volunteer tasks made for the project's needs, newest first, for the people on the project. */
  async tasksOfProject(principal: Principal, id: number): Promise<ProjectTaskItem[]> {
    const { project, community } = await this.projects.load(this.db.manager, id);
    const rel = projectRelation(principal, project, community);
    if (!rel.staff && !rel.socialWorker && !rel.orgMember) throw forbidden('项目的志愿任务仅项目的指导社工、实施组织和管辖范围内的工作人员可以查看');
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT t.id, t.need_id, n.title AS need_title, t.kind, t.title, t.starts_at, t.ends_at, t.status, t.credited_minutes
         FROM volunteer_task t
         JOIN project_need pn ON pn.need_id = t.need_id
         JOIN need n ON n.id = t.need_id
        WHERE pn.project_id = ?
        ORDER BY t.starts_at DESC, t.id DESC
        LIMIT 100`,
      [project.id],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      needId: Number(r.need_id),
      needTitle: String(r.need_title),
      kindLabel: TASK_KIND_LABEL[r.kind as TaskKind],
      title: String(r.title),
      startsAt: toIso(r.starts_at),
      endsAt: toIso(r.ends_at),
      statusLabel: TASK_STATUS_LABEL[r.status as TaskStatus],
      creditedHours: r.credited_minutes == null ? null : hoursOf(Number(r.credited_minutes)),
    }));
  }

  /** Every guidance record of the projects in a node's subtree (街道、区县督导), newest first. */
  async inSubtree(principal: Principal, nodeId: number): Promise<GuidanceView[]> {
    const node = await this.tree.getNode(nodeId);
    requireRoleOn(principal, node, MANAGER_ROLES, '只能查看自己管辖范围内的指导记录');
    const ids = await guidanceIdsInSubtree(this.db.manager, node.path);
    if (!ids.length) return [];
    const records = await this.db.manager.find(GuidanceRecord, { where: { id: In(ids) } });
    return this.views.guidanceViews(ids.map((i) => records.find((r) => r.id === i)!).filter(Boolean));
  }

  /**
   * The social worker settles a milestone the project will not reach (不再进行), with the reason
   * they accept; sign-off then counts it as settled. Only while the project is active and not
   * signed off, and only for a milestone neither done nor already waived.
   */
  async waiveMilestone(principal: Principal, id: number, milestoneId: number, dto: WaiveMilestoneDto): Promise<ProjectView> {
    const { project, community } = await this.projects.load(this.db.manager, id);
    requireSocialWorker(principal, project, community);
    await inTransaction(this.db, async (m) => {
      const fresh = await m.findOneOrFail(ServiceProject, { where: { id: project.id } });
      if (fresh.status !== 'active') throw conflict(`该项目${PROJECT_STATUS_LABEL[fresh.status]}，项目节点不能再调整`);
      if (fresh.signedOffAt) throw conflict('已签署结项意见，项目节点不能再调整');
      const milestone = await m.findOne(ProjectMilestone, { where: { id: milestoneId, projectId: project.id } });
      if (!milestone) throw notFound('该项目节点');
      const today = beijingDate(this.clock.now());
      const res = await m
        .createQueryBuilder()
        .update(ProjectMilestone)
        .set({ waivedReason: dto.reason, waivedOn: today, waivedBy: principal.userId })
        .where('id = :id AND done_on IS NULL AND waived_reason IS NULL', { id: milestone.id })
        .execute();
      if (!res.affected) throw conflict(milestone.doneOn ? `节点“${milestone.title}”已完成，不需要标为不再进行` : `节点“${milestone.title}”已标为不再进行`);
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: 'social_worker',
        action: 'project.milestone_waive',
        entityType: PROJECT_ENTITY,
        entityId: project.id,
        nodeId: community.id,
        detail: { milestoneId: milestone.id, reason: dto.reason },
      });
      const members = await orgMemberIds(m, project.orgId);
      await this.notifications.notify(m, {
        userIds: members.filter((u) => u !== principal.userId),
        title: '项目节点调整',
        body: `指导社工将项目“${cut(project.title, 20)}”的节点“${cut(milestone.title, 20)}”标为不再进行：${cut(dto.reason, 60)}`,
        page: projectPage(project.id),
      });
    });
    return this.projects.view(principal, id);
  }

  /**
   * The social worker's sign-off (结项意见): needs at least one guidance record and every
   * milestone done or waived with a reason (signOffMissing says what is missing).
   */
  async signOff(principal: Principal, id: number, comment: string): Promise<ProjectView> {
    const { project, community } = await this.projects.load(this.db.manager, id);
    requireSocialWorker(principal, project, community);
    await inTransaction(this.db, async (m) => {
      const guidance = await countGuidance(m, project.id);
      if (!guidance) throw conflict('请先填写至少一条指导记录，再签署结项意见');
      const missing = signOffMissing(guidance, await m.find(ProjectMilestone, { where: { projectId: project.id } }));
      if (missing.length) throw conflict(`还不能签署结项意见：${missing.join('；')}`);
      const now = this.clock.now();
      const res = await m
        .createQueryBuilder()
        .update(ServiceProject)
        .set({ signedOffBy: principal.userId, signedOffAt: now, signOffComment: comment, updatedAt: now })
        .where('id = :id AND status = :active AND signed_off_at IS NULL', { id: project.id, active: 'active' })
        .execute();
      if (!res.affected) throw conflict('该项目已签署结项意见或已结项');
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: 'social_worker',
        action: 'project.sign_off',
        entityType: PROJECT_ENTITY,
        entityId: project.id,
        nodeId: community.id,
        detail: { guidanceRecords: guidance },
      });
      for (const need of await linkedNeedsOfProject(m, project.id)) {
        await this.workflow.recordStep(m, need, 'guidance', { userId: principal.userId, role: 'social_worker' }, { action: '社工签署结项意见', projectId: project.id });
      }
      const members = await orgMemberIds(m, project.orgId);
      await this.notifications.notify(m, {
        userIds: members,
        title: '社工已签署结项意见',
        body: `项目“${cut(project.title, 20)}”的指导社工已签署结项意见，可以提交结项报告`,
        page: projectPage(project.id),
      });
    });
    return this.projects.view(principal, id);
  }
}
