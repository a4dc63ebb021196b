import { Injectable, Logger } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { isUniqueViolation } from '../common/db-errors';
import { badRequest, conflict } from '../common/errors';
import { cut } from '../common/text';
import { linkedNeedsOfTopic } from '../consultation/consultation-queries';
import { staffActor } from '../consultation/consultation-rules';
import { ConsultTopic } from '../consultation/topic.entity';
import { ConsultResolution } from '../consultation/vote.entity';
import type { ProjectView } from '../contract/projects';
import { inTransaction } from '../database/transaction';
import { NEED_STATUS_LABEL } from '../needs/need-status';
import { NeedWorkflow } from '../needs/need-workflow.service';
import { Need } from '../needs/need.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { Organization } from '../orgs/organization.entity';
import { requireRoleOn } from '../roles/access';
import { holdsRoleCovering, orgMemberIds } from '../roles/directory';
import { MANAGER_ROLES } from '../roles/role';
import { ServiceNode } from '../tree/service-node.entity';
import { TreeService } from '../tree/tree.service';
import { ContentSecurity } from '../wechat/content-security.service';
import type { CreateProjectDto } from './dto/project.dto';
import { assertCertifiedOn } from './certificates.service';
import { INTAKE, PROJECT_ENTITY, assertDate, projectPage } from './project-rules';
import { ProjectMilestone, ProjectNeed, ServiceProject } from './project.entity';
import { ProjectsService } from './projects.service';

/**
 * Creating a service project: from a resolution whose outcome is a project and/or straight from
 * accepted needs, with an organization based on or above the community and a social worker
 * holding the role there. The needs it takes over move to in_project in the same transaction.
 */
@Injectable()
export class ProjectCreationService {
  private readonly logger = new Logger(ProjectCreationService.name);

  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly projects: ProjectsService,
    private readonly workflow: NeedWorkflow,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly contentSecurity: ContentSecurity,
    private readonly clock: Clock,
  ) {}

  async create(principal: Principal, dto: CreateProjectDto): Promise<ProjectView> {
    const community = await this.tree.getNode(dto.communityId);
    if (community.level !== 'community') throw badRequest('服务项目应属于具体的社区', 'communityId');
    requireRoleOn(principal, community, MANAGER_ROLES, '只有本社区的工作人员或上级管理员可以创建服务项目');
    if (!dto.socialWorkerId) throw badRequest('没有指导社工的项目不能创建：请指定一名覆盖本社区的持证社工', 'socialWorkerId');
    assertDate(dto.startsOn, 'startsOn', '开始日期');
    assertDate(dto.endsOn, 'endsOn', '结束日期');
    if (dto.endsOn < dto.startsOn) throw badRequest('结束日期不能早于开始日期', 'endsOn');
    dto.milestones.forEach((ms, i) => {
      assertDate(ms.plannedOn, `milestones.${i}.plannedOn`, '计划完成日期');
      if (ms.plannedOn < dto.startsOn || ms.plannedOn > dto.endsOn) throw badRequest(`里程碑“${ms.title}”的计划日期应在项目起止日期之间`, `milestones.${i}.plannedOn`);
    });
    const needIds = [...new Set(dto.needIds ?? [])];
    if (!dto.resolutionId && !needIds.length) throw badRequest('请选择项目的来源：一项议定事项，或一个或多个需求', 'needIds');
    await this.contentSecurity.assertPublishable(
      [
        { field: 'title', label: '项目名称', text: dto.title },
        { field: 'summary', label: '项目简介', text: dto.summary },
        { field: 'milestones', label: '里程碑', text: dto.milestones.map((x) => x.title).join('\n') },
      ],
      principal.openid,
      1,
    );

    const id = await this.createInTransaction(principal, community, dto, needIds).catch((err: unknown) => {
      // Two projects from one resolution at the same moment: the unique resolution_id lets one through.
      if (isUniqueViolation(err)) throw conflict('该议定事项已经创建过服务项目');
      throw err;
    });
    this.logger.log({ msg: 'project created', projectId: id });
    return this.projects.view(principal, id);
  }

  private createInTransaction(principal: Principal, community: ServiceNode, dto: CreateProjectDto, needIds: number[]): Promise<number> {
    return inTransaction(this.db, async (m) => {
      const grant = requireRoleOn(principal, community, MANAGER_ROLES, '只有本社区的工作人员或上级管理员可以创建服务项目');
      const org = await m.findOne(Organization, { where: { id: dto.orgId } });
      const orgNode = org ? await m.findOne(ServiceNode, { where: { id: org.nodeId } }) : null;
      if (!org || !orgNode || !community.path.startsWith(orgNode.path)) throw badRequest('实施组织应为在本社区或其所属街道、区县登记的社会组织', 'orgId');
      // A social worker must hold the social_worker role on the community or above it.
      if (!(await holdsRoleCovering(m, dto.socialWorkerId!, community, ['social_worker']))) throw badRequest('指导社工须为在本社区或其街道、区县登记的持证社工', 'socialWorkerId');
      await assertCertifiedOn(m, dto.socialWorkerId!, dto.startsOn);

      const needs: Need[] = [];
      let resolution: ConsultResolution | null = null;
      if (dto.resolutionId) {
        resolution = await m.findOne(ConsultResolution, { where: { id: dto.resolutionId } });
        const topic = resolution ? await m.findOne(ConsultTopic, { where: { id: resolution.topicId } }) : null;
        if (!resolution || !topic || topic.communityId !== community.id) throw badRequest('该议定事项不存在或不属于本社区', 'resolutionId');
        if (resolution.outcome !== 'project') throw conflict('该议定事项的处理方式不是“立项实施”，不能据此创建服务项目');
        if (await m.findOne(ServiceProject, { where: { resolutionId: resolution.id } })) throw conflict('该议定事项已经创建过服务项目');
        needs.push(...(await linkedNeedsOfTopic(m, topic.id)).filter((n) => n.status === 'in_consultation'));
      }
      const extra = needIds.length ? await m.find(Need, { where: { id: In(needIds) } }) : [];
      if (extra.length !== needIds.length) throw badRequest('部分需求不存在', 'needIds');
      for (const n of extra) {
        if (n.communityId !== community.id) throw badRequest(`需求“${cut(n.title, 12)}”不属于${community.name}`, 'needIds');
        if (!INTAKE.includes(n.status)) throw conflict(`需求“${cut(n.title, 12)}”当前状态为“${NEED_STATUS_LABEL[n.status]}”，不能纳入服务项目`);
        if (!needs.some((x) => x.id === n.id)) needs.push(n);
      }

      const project = await m.save(
        ServiceProject,
        m.create(ServiceProject, {
          communityId: community.id,
          resolutionId: resolution?.id ?? null,
          title: dto.title,
          domain: dto.domain,
          summary: dto.summary,
          orgId: org.id,
          socialWorkerId: dto.socialWorkerId!,
          budgetFen: dto.budgetFen,
          startsOn: dto.startsOn,
          endsOn: dto.endsOn,
          status: 'active',
          peopleServed: 0,
          signedOffBy: null,
          signedOffAt: null,
          signOffComment: null,
          completionReport: null,
          completedAt: null,
          score: null,
          createdBy: principal.userId,
        }),
      );
      await m.insert(
        ProjectMilestone,
        dto.milestones.map((ms, sort) => ({ projectId: project.id, sort, title: ms.title, plannedOn: ms.plannedOn, doneOn: null })),
      );
      const actor = staffActor(principal, grant);
      const now = this.clock.now();
      for (const need of needs) {
        await m.insert(ProjectNeed, { projectId: project.id, needId: need.id, createdAt: now });
        await this.workflow.transition(m, need, 'in_project', actor, {
          note: `纳入服务项目“${project.title}”，由${org.name}实施`,
          detail: { projectId: project.id, orgName: org.name },
        });
      }
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'project.create',
        entityType: PROJECT_ENTITY,
        entityId: project.id,
        nodeId: community.id,
        toState: 'active',
        detail: { resolutionId: resolution?.id, needIds: needs.map((n) => n.id), orgId: org.id, budgetFen: dto.budgetFen, milestones: dto.milestones.length },
      });
      const members = await orgMemberIds(m, org.id);
      await this.notifications.notify(m, {
        userIds: [dto.socialWorkerId!, ...members].filter((u) => u !== principal.userId),
        title: '新服务项目',
        body: `服务项目“${cut(project.title, 20)}”已立项：${org.name}实施，请指导社工按时开展指导并填写督导记录`,
        page: projectPage(project.id),
      });
      return project.id;
    });
  }
}
