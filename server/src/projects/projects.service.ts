import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal, RoleGrant } from '../auth/principal';
import { Clock } from '../common/clock';
import { badRequest, conflict, forbidden, notFound } from '../common/errors';
import { redactText } from '../common/redact';
import { ConsultOption, ConsultTopic } from '../consultation/topic.entity';
import { ConsultResolution, type ResolutionFigures } from '../consultation/vote.entity';
import { ConsultationService } from '../consultation/consultation.service';
import { toNum } from '../database/raw';
import { isUniqueViolation } from '../common/db-errors';
import { beijingDate } from '../contract/format';
import { NEED_STATUS_LABEL, type NeedStatus } from '../needs/need-status';
import type { NeedActor } from '../needs/need-workflow.service';
import { NeedWorkflow } from '../needs/need-workflow.service';
import { Need } from '../needs/need.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { ORG_KIND_LABEL, Organization } from '../orgs/organization.entity';
import { grantsOn, hasRoleOn, requireRoleOn } from '../roles/access';
import { holdsRoleCovering, orgMemberIds } from '../roles/directory';
import { MANAGER_ROLES } from '../roles/role';
import { ServiceNode } from '../tree/service-node.entity';
import { TreeService } from '../tree/tree.service';
import type { PhotoView } from '../contract/uploads';
import { UploadsService } from '../uploads/uploads.service';
import { ContentSecurity } from '../wechat/content-security.service';
import type { CompleteDto, CreateProjectDto, EvaluateDto, GuidanceDto, ProgressDto } from './dto/project.dto';
import {
  type CriterionScore,
  EvalCriterion,
  GUIDANCE_FORM_LABEL,
  type GuidanceForm,
  GuidanceRecord,
  PROJECT_DOMAIN_LABEL,
  PROJECT_STATUS_LABEL,
  type ProjectDomain,
  ProjectEvaluation,
  ProjectMilestone,
  ProjectNeed,
  ProjectProgress,
  type ProjectStatus,
  ServiceProject,
} from './project.entity';
import { weightedScore } from './scorecard';
import { cut } from '../common/text';
import { inTransaction } from '../database/transaction';

export const PROJECT_ENTITY = 'service_project';
export const projectPage = (id: number) => `loop/pages/project/index?id=${id}`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
/** Needs a project takes over when it is created. */
const INTAKE: readonly NeedStatus[] = ['accepted', 'in_consultation', 'resourcing'];

/** How the caller stands to a project. */
export interface ProjectRelation {
  staff: RoleGrant | null;
  socialWorker: boolean;
  orgMember: boolean;
}

export interface GuidanceView {
  id: number;
  projectId: number;
  projectTitle: string;
  communityName: string;
  guidedOn: string;
  form: GuidanceForm;
  formLabel: string;
  content: string;
  issues: string;
  nextSteps: string;
  createdAt: string;
}

/** The public page of a project: no personal data (people are roles; photos are counted, not shown). */
export interface PublicProjectView {
  id: number;
  title: string;
  domain: ProjectDomain;
  domainLabel: string;
  summary: string;
  communityId: number;
  communityName: string;
  status: ProjectStatus;
  statusLabel: string;
  organization: { id: number; name: string; kindLabel: string };
  budgetFen: number;
  /** Fund allocations approved for this project (on the way to or already posted) and those posted (spent). */
  allocatedFen: number;
  spentFen: number;
  startsOn: string;
  endsOn: string;
  peopleServed: number;
  milestones: Array<{ id: number; title: string; plannedOn: string; doneOn: string | null }>;
  progress: Array<{ id: number; at: string; milestoneId: number | null; milestoneTitle: string | null; text: string; peopleServed: number; photoCount: number; photos?: PhotoView[] }>;
  guidanceCount: number;
  signedOff: boolean;
  signedOffAt: string | null;
  completionReport: string | null;
  completedAt: string | null;
  evidencePhotoCount: number;
  evaluation: { totalScore: number; criteria: Array<{ label: string; weight: number; score: number }>; comment: string; evaluatedAt: string } | null;
  /** Residents' ratings of the project's needs (1–5). */
  residentRating: { average: number | null; count: number };
  resolution: { id: number; topicId: number; topicTitle: string; text: string; figures: ResolutionFigures; publishedAt: string } | null;
  needs: Array<{ id: number; title: string; status: NeedStatus; statusLabel: string }>;
  createdAt: string;
}

export interface ProjectView extends PublicProjectView {
  orgId: number;
  socialWorkerId: number;
  signOffComment: string | null;
  evidencePhotos: PhotoView[];
  privateNeedCount: number;
  relation: { staff: boolean; socialWorker: boolean; orgMember: boolean };
  /** What the caller may do now (buttons). */
  can: { postProgress: boolean; addGuidance: boolean; signOff: boolean; complete: boolean; evaluate: boolean };
}

export interface ProjectListItem {
  id: number;
  title: string;
  domainLabel: string;
  communityName: string;
  organizationName: string;
  status: ProjectStatus;
  statusLabel: string;
  budgetFen: number;
  peopleServed: number;
  score: number | null;
  startsOn: string;
  endsOn: string;
}

/**
 * Service projects (社会组织实施) and their guidance (社工指导) and evaluation (评估). Who may do what:
 * covering staff/admin create and evaluate; members of the implementing organization post
 * progress and the completion report; the assigned social worker writes guidance and signs off.
 * Every method resolves that relation first. Linked needs move through NeedWorkflow: in_project
 * on creation, in_progress at the first progress update, done at completion; guidance is a loop
 * step on their timelines.
 */
@Injectable()
export class ProjectsService {
  private readonly logger = new Logger(ProjectsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly workflow: NeedWorkflow,
    private readonly consultation: ConsultationService,
    private readonly notifications: NotificationsService,
    private readonly uploads: UploadsService,
    private readonly audit: AuditService,
    private readonly contentSecurity: ContentSecurity,
    private readonly clock: Clock,
  ) {}

  // ------------------------------------------------------------------------------ creation

  async create(principal: Principal, dto: CreateProjectDto): Promise<ProjectView> {
    const community = await this.tree.getNode(dto.communityId);
    if (community.level !== 'community') throw badRequest('服务项目应属于具体的社区', 'communityId');
    requireRoleOn(principal, community, MANAGER_ROLES, '只有本社区的工作人员或上级管理员可以创建服务项目');
    if (!dto.socialWorkerId) throw badRequest('没有指导社工的项目不能创建：请指定一名覆盖本社区的持证社工', 'socialWorkerId');
    this.assertDate(dto.startsOn, 'startsOn', '开始日期');
    this.assertDate(dto.endsOn, 'endsOn', '结束日期');
    if (dto.endsOn < dto.startsOn) throw badRequest('结束日期不能早于开始日期', 'endsOn');
    dto.milestones.forEach((ms, i) => {
      this.assertDate(ms.plannedOn, `milestones.${i}.plannedOn`, '计划完成日期');
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
    return this.get(principal, id) as Promise<ProjectView>;
  }

  private createInTransaction(principal: Principal, community: ServiceNode, dto: CreateProjectDto, needIds: number[]): Promise<number> {
    return inTransaction(this.db, async (m) => {
      const grant = requireRoleOn(principal, community, MANAGER_ROLES, '只有本社区的工作人员或上级管理员可以创建服务项目');
      const org = await m.findOne(Organization, { where: { id: dto.orgId } });
      const orgNode = org ? await m.findOne(ServiceNode, { where: { id: org.nodeId } }) : null;
      if (!org || !orgNode || !community.path.startsWith(orgNode.path)) throw badRequest('实施组织应为在本社区或其所属街道、区县登记的社会组织', 'orgId');
      await this.assertSocialWorker(m, dto.socialWorkerId!, community);

      const needs: Need[] = [];
      let resolution: ConsultResolution | null = null;
      if (dto.resolutionId) {
        resolution = await m.findOne(ConsultResolution, { where: { id: dto.resolutionId } });
        const topic = resolution ? await m.findOne(ConsultTopic, { where: { id: resolution.topicId } }) : null;
        if (!resolution || !topic || topic.communityId !== community.id) throw badRequest('该议定事项不存在或不属于本社区', 'resolutionId');
        if (resolution.outcome !== 'project') throw conflict('该议定事项的处理方式不是“立项实施”，不能据此创建服务项目');
        if (await m.findOne(ServiceProject, { where: { resolutionId: resolution.id } })) throw conflict('该议定事项已经创建过服务项目');
        needs.push(...(await this.consultation.linkedNeeds(m, topic.id)).filter((n) => n.status === 'in_consultation'));
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
      const actor: NeedActor = { userId: principal.userId, kinds: ['staff'], roles: { staff: grant.role } };
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

  // ------------------------------------------------------------------------------ reading

  /** The projects of a node's subtree, for covering staff and admins. */
  async list(principal: Principal, nodeId: number): Promise<ProjectListItem[]> {
    const node = await this.tree.getNode(nodeId);
    requireRoleOn(principal, node, MANAGER_ROLES, '只能查看自己管辖范围内的服务项目');
    const rows: Array<{ id: unknown }> = await this.db.query(
      'SELECT p.id FROM service_project p JOIN service_node c ON c.id = p.community_id WHERE c.path LIKE ? ORDER BY p.id DESC LIMIT 200',
      [`${node.path}%`],
    );
    return this.listItems(rows.map((r) => toNum(r.id)));
  }

  /** Projects I guide (social worker) or my organization implements. */
  async mine(principal: Principal): Promise<ProjectListItem[]> {
    const orgIds = principal.roles.filter((g) => g.role === 'org_member' && g.orgId).map((g) => g.orgId!);
    const rows = await this.db.manager.find(ServiceProject, {
      where: [{ socialWorkerId: principal.userId }, ...(orgIds.length ? [{ orgId: In(orgIds) }] : [])],
      order: { id: 'DESC' },
      select: { id: true },
    });
    return this.listItems(rows.map((r) => r.id));
  }

  /** A community's projects (public). */
  async publicList(communityId: number): Promise<ProjectListItem[]> {
    const community = await this.tree.getNode(communityId);
    const rows = await this.db.manager.find(ServiceProject, { where: { communityId: community.id }, order: { id: 'DESC' }, take: 100, select: { id: true } });
    return this.listItems(rows.map((r) => r.id));
  }

  /** The full view for covering staff, the social worker and the organization's members; the public view for everyone else. */
  async get(principal: Principal | undefined, id: number): Promise<ProjectView | PublicProjectView> {
    const { project, community } = await this.load(this.db.manager, id);
    const rel = principal ? this.relation(principal, project, community) : null;
    if (!rel || (!rel.staff && !rel.socialWorker && !rel.orgMember)) return this.publicView(project, community);
    return this.fullView(project, community, rel);
  }

  async publicPage(id: number): Promise<PublicProjectView> {
    const { project, community } = await this.load(this.db.manager, id);
    return this.publicView(project, community);
  }

  // ------------------------------------------------------------------------------ implementation

  /** A progress update by a member of the implementing organization; the first one starts the linked needs' handling. */
  async postProgress(principal: Principal, id: number, dto: ProgressDto): Promise<ProjectView> {
    const { project, community } = await this.load(this.db.manager, id);
    this.requireOrgMember(principal, project, community);
    await this.contentSecurity.assertPublishable([{ field: 'text', label: '进展说明', text: dto.text }], principal.openid, 1);
    await inTransaction(this.db, async (m) => {
      const fresh = await m.findOneOrFail(ServiceProject, { where: { id: project.id } });
      this.requireOrgMember(principal, fresh, community);
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
      await this.uploads.link(m, principal.userId, dto.photoIds, 'progress', progress.id, community.id);
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: 'org_member',
        action: 'project.progress',
        entityType: PROJECT_ENTITY,
        entityId: project.id,
        nodeId: community.id,
        detail: { progressId: progress.id, milestoneId: milestone?.id, milestoneDone: Boolean(dto.milestoneDone), peopleServed: dto.peopleServed, photos: dto.photoIds?.length ?? 0 },
      });
      const actor = this.orgActor(principal);
      for (const need of await this.linkedNeeds(m, project.id)) {
        const detail = { projectId: project.id, progressId: progress.id };
        const note = `${milestone ? `里程碑“${milestone.title}”：` : ''}${cut(dto.text, 120)}`;
        if (need.status === 'in_project') {
          await this.workflow.transition(m, need, 'in_progress', actor, { note, handlerId: need.handlerId ?? principal.userId, detail });
        } else if (need.status === 'in_progress') {
          await this.workflow.recordStep(m, need, 'implementation', { userId: principal.userId, role: 'org_member' }, { action: '项目进展', note, ...detail });
        }
      }
    });
    return this.get(principal, id) as Promise<ProjectView>;
  }

  /**
   * The completion report with evidence, by the implementing organization. Refused unless the
   * social worker has written at least one guidance record and signed off. Linked needs still
   * being handled move to done (the resident is asked to rate).
   */
  async complete(principal: Principal, id: number, dto: CompleteDto): Promise<ProjectView> {
    const { project, community } = await this.load(this.db.manager, id);
    this.requireOrgMember(principal, project, community);
    await this.contentSecurity.assertPublishable([{ field: 'report', label: '结项报告', text: dto.report }], principal.openid, 1);
    await inTransaction(this.db, async (m) => {
      const fresh = await m.findOneOrFail(ServiceProject, { where: { id: project.id } });
      if (fresh.status !== 'active') throw conflict(`该项目${PROJECT_STATUS_LABEL[fresh.status]}，不能重复结项`);
      const guidance = await m.count(GuidanceRecord, { where: { projectId: project.id } });
      if (!guidance) throw conflict('该项目还没有社工指导记录，不能结项：请指导社工先填写指导记录并签署结项意见');
      if (!fresh.signedOffAt) throw conflict('指导社工尚未签署结项意见，签署后才能提交结项报告');
      const now = this.clock.now();
      const res = await m
        .createQueryBuilder()
        .update(ServiceProject)
        .set({ status: 'completed', completionReport: dto.report, completedAt: now, updatedAt: now })
        .where('id = :id AND status = :active AND signed_off_at IS NOT NULL', { id: project.id, active: 'active' })
        .execute();
      if (!res.affected) throw conflict('该项目刚刚已结项，请刷新');
      await this.uploads.link(m, principal.userId, dto.evidencePhotoIds, 'completion', project.id, community.id, 'evidencePhotoIds');
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
      const actor = this.orgActor(principal);
      for (const need of await this.linkedNeeds(m, project.id)) {
        if (need.status !== 'in_project' && need.status !== 'in_progress') continue;
        await this.workflow.transition(m, need, 'done', actor, {
          note: `服务项目“${project.title}”已结项：${cut(dto.report, 200)}`,
          detail: { projectId: project.id, evidencePhotos: dto.evidencePhotoIds.length },
        });
      }
    });
    return this.get(principal, id) as Promise<ProjectView>;
  }

  // ------------------------------------------------------------------------------ guidance

  async addGuidance(principal: Principal, id: number, dto: GuidanceDto): Promise<GuidanceView> {
    const { project, community } = await this.load(this.db.manager, id);
    this.requireSocialWorker(principal, project, community);
    this.assertDate(dto.guidedOn, 'guidedOn', '指导日期');
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
      for (const need of await this.linkedNeeds(m, project.id)) {
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
    return (await this.guidanceViews([await this.db.manager.findOneOrFail(GuidanceRecord, { where: { id: recordId } })]))[0];
  }

  /** A project's guidance records: its social worker, its organization's members and covering staff/admins. */
  async guidance(principal: Principal, id: number): Promise<GuidanceView[]> {
    const { project, community } = await this.load(this.db.manager, id);
    const rel = this.relation(principal, project, community);
    if (!rel.staff && !rel.socialWorker && !rel.orgMember) throw forbidden('指导记录仅项目的指导社工、实施组织和管辖范围内的工作人员可以查看');
    const rows = await this.db.manager.find(GuidanceRecord, { where: { projectId: project.id }, order: { guidedOn: 'DESC', id: 'DESC' } });
    return this.guidanceViews(rows);
  }

  /** Every guidance record of the projects in a node's subtree (街道、区县督导), newest first. */
  async guidanceInSubtree(principal: Principal, nodeId: number): Promise<GuidanceView[]> {
    const node = await this.tree.getNode(nodeId);
    requireRoleOn(principal, node, MANAGER_ROLES, '只能查看自己管辖范围内的指导记录');
    const rows: Array<{ id: unknown }> = await this.db.query(
      `SELECT g.id FROM project_guidance g JOIN service_project p ON p.id = g.project_id JOIN service_node c ON c.id = p.community_id
        WHERE c.path LIKE ? ORDER BY g.guided_on DESC, g.id DESC LIMIT 500`,
      [`${node.path}%`],
    );
    const ids = rows.map((r) => toNum(r.id));
    if (!ids.length) return [];
    const records = await this.db.manager.find(GuidanceRecord, { where: { id: In(ids) } });
    return this.guidanceViews(ids.map((i) => records.find((r) => r.id === i)!).filter(Boolean));
  }

  /** The social worker's sign-off (结项意见): needs at least one guidance record. */
  async signOff(principal: Principal, id: number, comment: string): Promise<ProjectView> {
    const { project, community } = await this.load(this.db.manager, id);
    this.requireSocialWorker(principal, project, community);
    await inTransaction(this.db, async (m) => {
      const guidance = await m.count(GuidanceRecord, { where: { projectId: project.id } });
      if (!guidance) throw conflict('请先填写至少一条指导记录，再签署结项意见');
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
      for (const need of await this.linkedNeeds(m, project.id)) {
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
    return this.get(principal, id) as Promise<ProjectView>;
  }

  // ------------------------------------------------------------------------------ evaluation

  async criteria(): Promise<Array<{ id: number; key: string; label: string; weight: number }>> {
    const rows = await this.db.manager.find(EvalCriterion, { where: { active: true }, order: { sort: 'ASC', id: 'ASC' } });
    return rows.map((c) => ({ id: c.id, key: c.key, label: c.label, weight: c.weight }));
  }

  /** The scorecard of a completed project, by covering staff or an admin who neither guided nor implemented it. */
  async evaluate(principal: Principal, id: number, dto: EvaluateDto): Promise<ProjectView> {
    const { project, community } = await this.load(this.db.manager, id);
    const rel = this.relation(principal, project, community);
    if (!rel.staff) throw forbidden('只有管辖本社区的工作人员或上级管理员可以评估服务项目');
    if (rel.socialWorker || rel.orgMember) throw forbidden('项目的指导社工或实施组织成员不能评估自己参与的项目');
    await this.contentSecurity.assertPublishable([{ field: 'comment', label: '评估意见', text: dto.comment }], principal.openid, 1);
    await inTransaction(this.db, async (m) => {
      const criteria = await m.find(EvalCriterion, { where: { active: true }, order: { sort: 'ASC', id: 'ASC' } });
      const given = new Map<number, number>();
      for (const s of dto.scores) {
        if (given.has(s.criterionId)) throw badRequest('同一指标只能打一次分', 'scores');
        given.set(s.criterionId, s.score);
      }
      const unknown = [...given.keys()].filter((k) => !criteria.some((c) => c.id === k));
      if (unknown.length) throw badRequest('评分中有不存在或已停用的指标，请刷新评估表', 'scores');
      const missing = criteria.filter((c) => !given.has(c.id));
      if (missing.length) throw badRequest(`请为以下指标打分：${missing.map((c) => c.label).join('、')}`, 'scores');
      if (criteria.reduce((s, c) => s + c.weight, 0) <= 0) throw conflict('评估指标的权重未设置，请联系管理员');
      const scores: CriterionScore[] = criteria.map((c) => ({ criterionId: c.id, key: c.key, label: c.label, weight: c.weight, score: given.get(c.id)! }));
      const total = weightedScore(scores);
      const rating = await this.residentRating(m, project.id);
      const now = this.clock.now();
      const res = await m
        .createQueryBuilder()
        .update(ServiceProject)
        .set({ status: 'evaluated', score: total, updatedAt: now })
        .where('id = :id AND status = :completed', { id: project.id, completed: 'completed' })
        .execute();
      if (!res.affected) {
        const fresh = await m.findOneOrFail(ServiceProject, { where: { id: project.id } });
        throw conflict(fresh.status === 'evaluated' ? '该项目已经评估过' : '项目结项后才能评估');
      }
      await m.insert(ProjectEvaluation, {
        projectId: project.id,
        evaluatorId: principal.userId,
        scores: JSON.stringify(scores),
        totalScore: total,
        residentRatingX100: rating.average == null ? null : Math.round(rating.average * 100),
        residentRatingCount: rating.count,
        comment: dto.comment,
        createdAt: now,
      });
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: rel.staff!.role,
        action: 'project.evaluate',
        entityType: PROJECT_ENTITY,
        entityId: project.id,
        nodeId: community.id,
        fromState: 'completed',
        toState: 'evaluated',
        detail: { totalScore: total, residentRatings: rating.count },
      });
      const members = await orgMemberIds(m, project.orgId);
      await this.notifications.notify(m, {
        userIds: [project.socialWorkerId, ...members],
        title: '项目评估结果',
        body: `服务项目“${cut(project.title, 20)}”评估得分 ${total} 分`,
        page: projectPage(project.id),
      });
    });
    return this.get(principal, id) as Promise<ProjectView>;
  }

  // ------------------------------------------------------------------------------ internals

  relation(principal: Principal, project: ServiceProject, community: ServiceNode): ProjectRelation {
    const staff = grantsOn(principal, community, MANAGER_ROLES).sort((a, b) => a.nodePath.length - b.nodePath.length)[0] ?? null;
    return {
      staff,
      socialWorker: project.socialWorkerId === principal.userId && hasRoleOn(principal, community, ['social_worker']),
      orgMember: principal.roles.some((g) => g.role === 'org_member' && g.orgId === project.orgId),
    };
  }

  private requireOrgMember(principal: Principal, project: ServiceProject, community: ServiceNode): void {
    if (!this.relation(principal, project, community).orgMember) throw forbidden('只有实施该项目的社会组织成员可以发布进展和结项报告');
  }

  private requireSocialWorker(principal: Principal, project: ServiceProject, community: ServiceNode): void {
    if (!this.relation(principal, project, community).socialWorker) throw forbidden('只有该项目的指导社工可以填写指导记录和签署结项意见');
  }

  private orgActor(principal: Principal): NeedActor {
    return { userId: principal.userId, kinds: ['project'], roles: { project: 'org_member' } };
  }

  /** A social worker must hold the social_worker role on the community or above it. */
  private async assertSocialWorker(m: EntityManager, userId: number, community: ServiceNode): Promise<void> {
    if (!(await holdsRoleCovering(m, userId, community, ['social_worker']))) throw badRequest('指导社工须为在本社区或其街道、区县登记的持证社工', 'socialWorkerId');
  }

  private async linkedNeeds(m: EntityManager, projectId: number): Promise<Need[]> {
    const links = await m.find(ProjectNeed, { where: { projectId }, order: { id: 'ASC' } });
    return links.length ? m.find(Need, { where: { id: In(links.map((l) => l.needId)) }, order: { id: 'ASC' } }) : [];
  }

  private async residentRating(m: EntityManager, projectId: number): Promise<{ average: number | null; count: number }> {
    const [row] = await m.query(
      'SELECT COUNT(n.rating) AS n, SUM(n.rating) AS s FROM project_need pn JOIN need n ON n.id = pn.need_id WHERE pn.project_id = ? AND n.rating IS NOT NULL',
      [projectId],
    );
    const count = toNum(row?.n);
    return { average: count ? Math.round((toNum(row.s) / count) * 100) / 100 : null, count };
  }

  private async load(m: EntityManager, id: number): Promise<{ project: ServiceProject; community: ServiceNode }> {
    const project = await m.findOne(ServiceProject, { where: { id } });
    if (!project) throw notFound('该服务项目');
    return { project, community: await this.tree.getNode(project.communityId, m) };
  }

  private assertDate(date: string, field: string, label: string): void {
    const parsed = new Date(`${date}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) throw badRequest(`${label}不是有效的日期`, field);
  }

  private async money(projectId: number): Promise<{ allocatedFen: number; spentFen: number }> {
    const [row] = await this.db.query(
      `SELECT SUM(CASE WHEN status IN ('approved', 'street_approved', 'posted') THEN amount ELSE 0 END) AS allocated,
              SUM(CASE WHEN status = 'posted' THEN amount ELSE 0 END) AS spent
         FROM fund_allocation WHERE project_id = ?`,
      [projectId],
    );
    return { allocatedFen: toNum(row?.allocated), spentFen: toNum(row?.spent) };
  }

  private async publicView(project: ServiceProject, community: ServiceNode, withPhotos = false): Promise<PublicProjectView> {
    const m = this.db.manager;
    const org = await m.findOneOrFail(Organization, { where: { id: project.orgId } });
    const milestones = await m.find(ProjectMilestone, { where: { projectId: project.id }, order: { sort: 'ASC' } });
    const progress = await m.find(ProjectProgress, { where: { projectId: project.id }, order: { id: 'ASC' } });
    const photos = await this.uploads.listLinked('progress', progress.map((p) => p.id));
    const evidence = (await this.uploads.listLinked('completion', [project.id])).get(project.id) ?? [];
    const guidanceCount = await m.count(GuidanceRecord, { where: { projectId: project.id } });
    const evaluation = await m.findOne(ProjectEvaluation, { where: { projectId: project.id } });
    const links = await m.find(ProjectNeed, { where: { projectId: project.id } });
    const needs = links.length ? await m.find(Need, { where: { id: In(links.map((l) => l.needId)) }, order: { id: 'ASC' } }) : [];
    let resolution: PublicProjectView['resolution'] = null;
    if (project.resolutionId) {
      const r = await m.findOneOrFail(ConsultResolution, { where: { id: project.resolutionId } });
      const topic = await m.findOneOrFail(ConsultTopic, { where: { id: r.topicId } });
      const view = await this.consultation.resolutionView(m, r, await m.find(ConsultOption, { where: { topicId: topic.id } }));
      resolution = { id: r.id, topicId: topic.id, topicTitle: topic.title, text: redactText(r.text), figures: view.figures, publishedAt: view.publishedAt };
    }
    const text = (s: string | null) => (s == null ? null : withPhotos ? s : redactText(s));
    return {
      id: project.id,
      title: project.title,
      domain: project.domain,
      domainLabel: PROJECT_DOMAIN_LABEL[project.domain],
      summary: text(project.summary)!,
      communityId: community.id,
      communityName: community.name,
      status: project.status,
      statusLabel: PROJECT_STATUS_LABEL[project.status],
      organization: { id: org.id, name: org.name, kindLabel: ORG_KIND_LABEL[org.kind] },
      budgetFen: project.budgetFen,
      ...(await this.money(project.id)),
      startsOn: project.startsOn,
      endsOn: project.endsOn,
      peopleServed: project.peopleServed,
      milestones: milestones.map((x) => ({ id: x.id, title: x.title, plannedOn: x.plannedOn, doneOn: x.doneOn })),
      progress: progress.map((p) => ({
        id: p.id,
        at: p.createdAt.toISOString(),
        milestoneId: p.milestoneId,
        milestoneTitle: milestones.find((x) => x.id === p.milestoneId)?.title ?? null,
        text: text(p.text)!,
        peopleServed: p.peopleServed,
        photoCount: photos.get(p.id)?.length ?? 0,
        ...(withPhotos ? { photos: photos.get(p.id) ?? [] } : {}),
      })),
      guidanceCount,
      signedOff: project.signedOffAt != null,
      signedOffAt: iso(project.signedOffAt),
      completionReport: text(project.completionReport),
      completedAt: iso(project.completedAt),
      evidencePhotoCount: evidence.length,
      evaluation: evaluation
        ? {
            totalScore: evaluation.totalScore,
            criteria: (JSON.parse(evaluation.scores) as CriterionScore[]).map((s) => ({ label: s.label, weight: s.weight, score: s.score })),
            comment: text(evaluation.comment)!,
            evaluatedAt: evaluation.createdAt.toISOString(),
          }
        : null,
      residentRating: await this.residentRating(m, project.id),
      resolution,
      needs: needs.filter((n) => n.isPublic).map((n) => ({ id: n.id, title: n.title, status: n.status, statusLabel: NEED_STATUS_LABEL[n.status] })),
      createdAt: project.createdAt.toISOString(),
    };
  }

  private async fullView(project: ServiceProject, community: ServiceNode, rel: ProjectRelation): Promise<ProjectView> {
    const base = await this.publicView(project, community, true);
    const links = await this.db.manager.find(ProjectNeed, { where: { projectId: project.id } });
    const needs = links.length ? await this.db.manager.find(Need, { where: { id: In(links.map((l) => l.needId)) }, order: { id: 'ASC' } }) : [];
    const shown = rel.staff ? needs : needs.filter((n) => n.isPublic);
    const active = project.status === 'active';
    return {
      ...base,
      needs: shown.map((n) => ({ id: n.id, title: n.title, status: n.status, statusLabel: NEED_STATUS_LABEL[n.status] })),
      privateNeedCount: needs.length - shown.length,
      orgId: project.orgId,
      socialWorkerId: project.socialWorkerId,
      signOffComment: project.signOffComment,
      evidencePhotos: (await this.uploads.listLinked('completion', [project.id])).get(project.id) ?? [],
      relation: { staff: Boolean(rel.staff), socialWorker: rel.socialWorker, orgMember: rel.orgMember },
      can: {
        postProgress: active && rel.orgMember,
        addGuidance: active && rel.socialWorker,
        signOff: active && rel.socialWorker && base.guidanceCount > 0 && !base.signedOff,
        complete: active && rel.orgMember && base.signedOff && base.guidanceCount > 0,
        evaluate: project.status === 'completed' && Boolean(rel.staff) && !rel.socialWorker && !rel.orgMember,
      },
    };
  }

  private async listItems(ids: number[]): Promise<ProjectListItem[]> {
    if (!ids.length) return [];
    const m = this.db.manager;
    const projects = await m.find(ServiceProject, { where: { id: In(ids) } });
    const orgs = await m.find(Organization, { where: { id: In([...new Set(projects.map((p) => p.orgId))]) } });
    const nodes = await m.find(ServiceNode, { where: { id: In([...new Set(projects.map((p) => p.communityId))]) } });
    return ids
      .map((id) => projects.find((p) => p.id === id))
      .filter((p): p is ServiceProject => Boolean(p))
      .map((p) => ({
        id: p.id,
        title: p.title,
        domainLabel: PROJECT_DOMAIN_LABEL[p.domain],
        communityName: nodes.find((n) => n.id === p.communityId)?.name ?? '',
        organizationName: orgs.find((o) => o.id === p.orgId)?.name ?? '',
        status: p.status,
        statusLabel: PROJECT_STATUS_LABEL[p.status],
        budgetFen: p.budgetFen,
        peopleServed: p.peopleServed,
        score: p.score,
        startsOn: p.startsOn,
        endsOn: p.endsOn,
      }));
  }

  private async guidanceViews(rows: GuidanceRecord[]): Promise<GuidanceView[]> {
    if (!rows.length) return [];
    const projects = await this.db.manager.find(ServiceProject, { where: { id: In([...new Set(rows.map((r) => r.projectId))]) } });
    const nodes = await this.db.manager.find(ServiceNode, { where: { id: In([...new Set(projects.map((p) => p.communityId))]) } });
    return rows.map((r) => {
      const p = projects.find((x) => x.id === r.projectId)!;
      return {
        id: r.id,
        projectId: r.projectId,
        projectTitle: p.title,
        communityName: nodes.find((n) => n.id === p.communityId)?.name ?? '',
        guidedOn: r.guidedOn,
        form: r.form,
        formLabel: GUIDANCE_FORM_LABEL[r.form],
        content: r.content,
        issues: r.issues,
        nextSteps: r.nextSteps,
        createdAt: r.createdAt.toISOString(),
      };
    });
  }
}
