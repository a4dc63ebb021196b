import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { redactText } from '../common/redact';
import { resolutionFigures, toLinkedNeed } from '../consultation/consultation-views';
import { ConsultTopic } from '../consultation/topic.entity';
import { ConsultResolution } from '../consultation/vote.entity';
import {
  GUIDANCE_FORM_LABEL,
  type GuidanceView,
  PROJECT_DOMAIN_LABEL,
  PROJECT_STATUS_LABEL,
  type ProjectEvaluationView,
  type ProjectListItem,
  type ProjectView,
  type PublicProjectView,
} from '../contract/projects';
import { ORG_KIND_LABEL, Organization } from '../orgs/organization.entity';
import { ServiceNode } from '../tree/service-node.entity';
import { UploadsService } from '../uploads/uploads.service';
import { linkedNeedsOfProject, projectMoney, residentRating } from './project-queries';
import { type ProjectRelation, projectCan, signOffMissing } from './project-rules';
import { type CriterionScore, GuidanceRecord, ProjectEvaluation, ProjectMilestone, ProjectProgress, ServiceProject } from './project.entity';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

// ------------------------------------------------------------------------------ mappers

export function toProjectListItem(p: ServiceProject, communityName: string, organizationName: string): ProjectListItem {
  return {
    id: p.id,
    title: p.title,
    domainLabel: PROJECT_DOMAIN_LABEL[p.domain],
    communityName,
    organizationName,
    status: p.status,
    statusLabel: PROJECT_STATUS_LABEL[p.status],
    budgetFen: p.budgetFen,
    peopleServed: p.peopleServed,
    score: p.score,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
  };
}

export function toGuidanceView(r: GuidanceRecord, project: ServiceProject, communityName: string): GuidanceView {
  return {
    id: r.id,
    projectId: r.projectId,
    projectTitle: project.title,
    communityName,
    guidedOn: r.guidedOn,
    form: r.form,
    formLabel: GUIDANCE_FORM_LABEL[r.form],
    content: r.content,
    issues: r.issues,
    nextSteps: r.nextSteps,
    createdAt: r.createdAt.toISOString(),
  };
}

/** The evaluation as shown: the scorecard frozen into it; `text` redacts the comment on the public page. */
export function toEvaluationView(e: ProjectEvaluation, text: (s: string) => string): ProjectEvaluationView {
  return {
    totalScore: e.totalScore,
    criteria: (JSON.parse(e.scores) as CriterionScore[]).map((s) => ({
      label: s.label,
      weight: s.weight,
      score: s.score,
      source: s.source ?? 'scored',
      ...(s.source === 'residents' ? { ratings: s.ratings ?? 0 } : {}),
    })),
    criteriaVersion: e.criteriaVersion,
    comment: text(e.comment),
    evaluatedAt: e.createdAt.toISOString(),
  };
}

// ------------------------------------------------------------------------------ loading

/** Reads projects and guidance records into their views (the read side shared by the project services). */
@Injectable()
export class ProjectViews {
  constructor(
    private readonly db: DataSource,
    private readonly uploads: UploadsService,
  ) {}

  /**
   * The public page (texts redacted, photos counted). `withPhotos` is the working view's base:
   * texts as written and the progress photos themselves.
   */
  async publicView(project: ServiceProject, community: ServiceNode, withPhotos = false): Promise<PublicProjectView> {
    const m = this.db.manager;
    const org = await m.findOneOrFail(Organization, { where: { id: project.orgId } });
    const milestones = await m.find(ProjectMilestone, { where: { projectId: project.id }, order: { sort: 'ASC' } });
    const progress = await m.find(ProjectProgress, { where: { projectId: project.id }, order: { id: 'ASC' } });
    const photos = await this.uploads.listLinked('progress', progress.map((p) => p.id));
    const evidence = (await this.uploads.listLinked('completion', [project.id])).get(project.id) ?? [];
    const guidanceCount = await m.count(GuidanceRecord, { where: { projectId: project.id } });
    const evaluation = await m.findOne(ProjectEvaluation, { where: { projectId: project.id } });
    const needs = await linkedNeedsOfProject(m, project.id);
    let resolution: PublicProjectView['resolution'] = null;
    if (project.resolutionId) {
      const r = await m.findOneOrFail(ConsultResolution, { where: { id: project.resolutionId } });
      const topic = await m.findOneOrFail(ConsultTopic, { where: { id: r.topicId } });
      resolution = { id: r.id, topicId: topic.id, topicTitle: topic.title, text: redactText(r.text), figures: resolutionFigures(r), publishedAt: r.publishedAt.toISOString() };
    }
    const text = (s: string) => (withPhotos ? s : redactText(s));
    const textOrNull = (s: string | null) => (s == null ? null : text(s));
    return {
      id: project.id,
      title: project.title,
      domain: project.domain,
      domainLabel: PROJECT_DOMAIN_LABEL[project.domain],
      summary: text(project.summary),
      communityId: community.id,
      communityName: community.name,
      status: project.status,
      statusLabel: PROJECT_STATUS_LABEL[project.status],
      organization: { id: org.id, name: org.name, kindLabel: ORG_KIND_LABEL[org.kind] },
      budgetFen: project.budgetFen,
      ...(await projectMoney(m, project.id)),
      startsOn: project.startsOn,
      endsOn: project.endsOn,
      peopleServed: project.peopleServed,
      milestones: milestones.map((x) => ({ id: x.id, title: x.title, plannedOn: x.plannedOn, doneOn: x.doneOn, waivedReason: withPhotos ? x.waivedReason : x.waivedReason && redactText(x.waivedReason), waivedOn: x.waivedOn })),
      progress: progress.map((p) => ({
        id: p.id,
        at: p.createdAt.toISOString(),
        milestoneId: p.milestoneId,
        milestoneTitle: milestones.find((x) => x.id === p.milestoneId)?.title ?? null,
        text: text(p.text),
        peopleServed: p.peopleServed,
        photoCount: photos.get(p.id)?.length ?? 0,
        ...(withPhotos ? { photos: photos.get(p.id) ?? [] } : {}),
      })),
      guidanceCount,
      signedOff: project.signedOffAt != null,
      signedOffAt: iso(project.signedOffAt),
      completionReport: textOrNull(project.completionReport),
      completedAt: iso(project.completedAt),
      evidencePhotoCount: evidence.length,
      evaluation: evaluation ? toEvaluationView(evaluation, text) : null,
      residentRating: await residentRating(m, project.id),
      resolution,
      needs: needs.filter((n) => n.isPublic).map(toLinkedNeed),
      createdAt: project.createdAt.toISOString(),
    };
  }

  /** The working view for the people on the project: private needs for staff, the evidence photos, what they may do. */
  async fullView(project: ServiceProject, community: ServiceNode, rel: ProjectRelation): Promise<ProjectView> {
    const base = await this.publicView(project, community, true);
    const needs = await linkedNeedsOfProject(this.db.manager, project.id);
    const shown = rel.staff ? needs : needs.filter((n) => n.isPublic);
    const missing = base.signedOff ? [] : signOffMissing(base.guidanceCount, base.milestones);
    return {
      ...base,
      needs: shown.map(toLinkedNeed),
      privateNeedCount: needs.length - shown.length,
      orgId: project.orgId,
      socialWorkerId: project.socialWorkerId,
      signOffComment: project.signOffComment,
      signOffMissing: missing,
      evidencePhotos: (await this.uploads.listLinked('completion', [project.id])).get(project.id) ?? [],
      relation: { staff: Boolean(rel.staff), socialWorker: rel.socialWorker, orgMember: rel.orgMember },
      can: projectCan(project, rel, missing, base.signedOff),
    };
  }

  /** List rows in the order of `ids`. */
  async listItems(ids: number[]): Promise<ProjectListItem[]> {
    if (!ids.length) return [];
    const m = this.db.manager;
    const projects = await m.find(ServiceProject, { where: { id: In(ids) } });
    const orgs = await m.find(Organization, { where: { id: In([...new Set(projects.map((p) => p.orgId))]) } });
    const nodes = await m.find(ServiceNode, { where: { id: In([...new Set(projects.map((p) => p.communityId))]) } });
    return ids
      .map((id) => projects.find((p) => p.id === id))
      .filter((p): p is ServiceProject => Boolean(p))
      .map((p) => toProjectListItem(p, nodes.find((n) => n.id === p.communityId)?.name ?? '', orgs.find((o) => o.id === p.orgId)?.name ?? ''));
  }

  async guidanceViews(rows: GuidanceRecord[]): Promise<GuidanceView[]> {
    if (!rows.length) return [];
    const projects = await this.db.manager.find(ServiceProject, { where: { id: In([...new Set(rows.map((r) => r.projectId))]) } });
    const nodes = await this.db.manager.find(ServiceNode, { where: { id: In([...new Set(projects.map((p) => p.communityId))]) } });
    return rows.map((r) => {
      const p = projects.find((x) => x.id === r.projectId)!;
      return toGuidanceView(r, p, nodes.find((n) => n.id === p.communityId)?.name ?? '');
    });
  }
}
