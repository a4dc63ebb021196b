import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { badRequest, conflict } from '../common/errors';
import { cut } from '../common/text';
import { beijingDate } from '../contract/format';
import { PROJECT_STATUS_LABEL, type ProjectView } from '../contract/projects';
import { inTransaction } from '../database/transaction';
import { NeedWorkflow } from '../needs/need-workflow.service';
import { rolesOnNodePolicy, UploadsService } from '../uploads/uploads.service';
import { ContentSecurity } from '../wechat/content-security.service';
import type { CompleteDto, ProgressDto } from './dto/project.dto';
import { countGuidance, linkedNeedsOfProject } from './project-queries';
import { PROJECT_ENTITY, orgActor, requireOrgMember, signOffMissing } from './project-rules';
import { ProjectMilestone, ProjectProgress, ServiceProject } from './project.entity';
import { ProjectsService } from './projects.service';

/**
 * The implementing organization's work: progress updates (the first one starts the linked needs'
 * handling; members of the organization act as the `project` actor kind) and the completion
 * report, which moves the needs to done.
 */
@Injectable()
export class ProjectWorkService {
  constructor(
    private readonly db: DataSource,
    private readonly projects: ProjectsService,
    private readonly workflow: NeedWorkflow,
    private readonly uploads: UploadsService,
    private readonly audit: AuditService,
    private readonly contentSecurity: ContentSecurity,
    private readonly clock: Clock,
  ) {
    // Progress and completion photos: anyone holding a role on or above the community; public pages count them.
    uploads.registerPolicy(['progress', 'completion'], rolesOnNodePolicy());
  }

  /** A progress update by a member of the implementing organization; the first one starts the linked needs' handling. */
  async postProgress(principal: Principal, id: number, dto: ProgressDto): Promise<ProjectView> {
    const { project, community } = await this.projects.load(this.db.manager, id);
    requireOrgMember(principal, project, community);
    await this.contentSecurity.assertPublishable([{ field: 'text', label: '进展说明', text: dto.text }], principal.openid, 1);
    await inTransaction(this.db, async (m) => {
      const fresh = await m.findOneOrFail(ServiceProject, { where: { id: project.id } });
      requireOrgMember(principal, fresh, community);
      if (fresh.status !== 'active') throw conflict(`该项目${PROJECT_STATUS_LABEL[fresh.status]}，不能再发布进展`);
      let milestone: ProjectMilestone | null = null;
      if (dto.milestoneId !== undefined) {
        milestone = await m.findOne(ProjectMilestone, { where: { id: dto.milestoneId, projectId: project.id } });
        if (!milestone) throw badRequest('该里程碑不属于本项目', 'milestoneId');
      } else if (dto.milestoneDone) throw badRequest('请选择已完成的里程碑', 'milestoneId');
      const now = this.clock.now();
      const progress = await m.save(
        ProjectProgress,
        m.create(ProjectProgress, {
          projectId: project.id,
          milestoneId: milestone?.id ?? null,
          text: dto.text,
          peopleServed: dto.peopleServed,
          milestoneDone: Boolean(dto.milestoneDone),
          postedBy: principal.userId,
          createdAt: now,
        }),
      );
      if (dto.peopleServed) {
        await m
          .createQueryBuilder()
          .update(ServiceProject)
          .set({ peopleServed: () => 'people_served + :n', updatedAt: now })
          .where('id = :id', { id: project.id })
          .setParameter('n', dto.peopleServed)
          .execute();
      }
      if (milestone && dto.milestoneDone) {
        await m
          .createQueryBuilder()
          .update(ProjectMilestone)
          .set({ doneOn: beijingDate(now) })
          .where('id = :id AND done_on IS NULL', { id: milestone.id })
          .execute();
      }
      await this.uploads.attach(m, principal.userId, dto.photoIds, 'progress', progress.id, community.id);
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: 'org_member',
        action: 'project.progress',
        entityType: PROJECT_ENTITY,
        entityId: project.id,
        nodeId: community.id,
        detail: { progressId: progress.id, milestoneId: milestone?.id, milestoneDone: Boolean(dto.milestoneDone), peopleServed: dto.peopleServed, photos: dto.photoIds?.length ?? 0 },
      });
      const actor = orgActor(principal);
      for (const need of await linkedNeedsOfProject(m, project.id)) {
        const detail = { projectId: project.id, progressId: progress.id };
        const note = `${milestone ? `里程碑“${milestone.title}”：` : ''}${cut(dto.text, 120)}`;
        if (need.status === 'in_project') {
          await this.workflow.transition(m, need, 'in_progress', actor, { note, handlerId: need.handlerId ?? principal.userId, detail });
        } else if (need.status === 'in_progress') {
          await this.workflow.recordStep(m, need, 'implementation', { userId: principal.userId, role: 'org_member' }, { action: '项目进展', note, ...detail });
        }
      }
    });
    return this.projects.view(principal, id);
  }

  /**
   * The completion report with evidence, by the implementing organization. Refused unless the
   * social worker has written at least one guidance record and signed off. Linked needs still
   * being handled move to done (the resident is asked to rate).
   */
  async complete(principal: Principal, id: number, dto: CompleteDto): Promise<ProjectView> {
    const { project, community } = await this.projects.load(this.db.manager, id);
    requireOrgMember(principal, project, community);
    await this.contentSecurity.assertPublishable([{ field: 'report', label: '结项报告', text: dto.report }], principal.openid, 1);
    await inTransaction(this.db, async (m) => {
      const fresh = await m.findOneOrFail(ServiceProject, { where: { id: project.id } });
      if (fresh.status !== 'active') throw conflict(`该项目${PROJECT_STATUS_LABEL[fresh.status]}，不能重复结项`);
      if (!(await countGuidance(m, project.id))) throw conflict('该项目还没有社工指导记录，不能结项：请指导社工先填写指导记录并签署结项意见');
      if (!fresh.signedOffAt) throw conflict('指导社工尚未签署结项意见，签署后才能提交结项报告');
      const missing = signOffMissing(1, await m.find(ProjectMilestone, { where: { projectId: project.id } }));
      if (missing.length) throw conflict(`还不能结项：${missing.join('；')}`);
      const now = this.clock.now();
      const res = await m
        .createQueryBuilder()
        .update(ServiceProject)
        .set({ status: 'completed', completionReport: dto.report, completedAt: now, updatedAt: now })
        .where('id = :id AND status = :active AND signed_off_at IS NOT NULL', { id: project.id, active: 'active' })
        .execute();
      if (!res.affected) throw conflict('该项目刚刚已结项，请刷新');
      await this.uploads.attach(m, principal.userId, dto.evidencePhotoIds, 'completion', project.id, community.id, 'evidencePhotoIds');
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: 'org_member',
        action: 'project.complete',
        entityType: PROJECT_ENTITY,
        entityId: project.id,
        nodeId: community.id,
        fromState: 'active',
        toState: 'completed',
        detail: { evidencePhotos: dto.evidencePhotoIds.length, peopleServed: fresh.peopleServed },
      });
      const actor = orgActor(principal);
      for (const need of await linkedNeedsOfProject(m, project.id)) {
        if (need.status !== 'in_project' && need.status !== 'in_progress') continue;
        await this.workflow.transition(m, need, 'done', actor, {
          note: `服务项目“${project.title}”已结项：${cut(dto.report, 200)}`,
          detail: { projectId: project.id, evidencePhotos: dto.evidencePhotoIds.length },
        });
      }
    });
    return this.projects.view(principal, id);
  }
}
