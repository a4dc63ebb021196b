import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { redactText } from '../common/redact';
import { notFound } from '../common/errors';
import { resolutionFigures, toLinkedNeed } from '../consultation/consultation-views';
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
import type { PhotoView } from '../contract/uploads';
import { UploadsService } from '../uploads/uploads.service';
import { type ProjectPageParts, findProjectPage, linkedNeedsOfProject } from './project-queries';
import { type ProjectRelation, projectCan, signOffMissing } from './project-rules';
import { type CriterionScore, GuidanceRecord, ProjectEvaluation, ServiceProject } from './project.entity';

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
export function toEvaluationView(e: Pick<ProjectEvaluation, 'scores' | 'totalScore' | 'comment' | 'criteriaVersion' | 'createdAt'>, text: (s: string) => string): ProjectEvaluationView {
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

/**
 * The public page from its parts: texts redacted and photos counted; with `photos` (the progress
 * photos, for the working view) texts as written and the photos themselves.
 */
export function toPublicProjectView(parts: ProjectPageParts, photos: Map<number, PhotoView[]> | null): PublicProjectView {
  const { project, org, milestones, resolution: r } = parts;
  const withPhotos = photos != null;
  const text = (s: string) => (withPhotos ? s : redactText(s));
  const textOrNull = (s: string | null) => (s == null ? null : text(s));
  return {
    id: project.id,
    title: project.title,
    domain: project.domain,
    domainLabel: PROJECT_DOMAIN_LABEL[project.domain],
    summary: text(project.summary),
    communityId: parts.community.id,
    communityName: parts.community.name,
    status: project.status,
    statusLabel: PROJECT_STATUS_LABEL[project.status],
    organization: { id: org.id, name: org.name, kindLabel: ORG_KIND_LABEL[org.kind] },
    budgetFen: project.budgetFen,
    ...parts.money,
    startsOn: project.startsOn,
    endsOn: project.endsOn,
    peopleServed: project.peopleServed,
    milestones: milestones.map((x) => ({ id: x.id, title: x.title, plannedOn: x.plannedOn, doneOn: x.doneOn, waivedReason: withPhotos ? x.waivedReason : x.waivedReason && redactText(x.waivedReason), waivedOn: x.waivedOn })),
    progress: parts.progress.map(({ post: p, photoCount }) => ({
      id: p.id,
      at: p.createdAt.toISOString(),
      milestoneId: p.milestoneId,
      milestoneTitle: milestones.find((x) => x.id === p.milestoneId)?.title ?? null,
      text: text(p.text),
      peopleServed: p.peopleServed,
      photoCount: photos ? (photos.get(p.id)?.length ?? 0) : photoCount,
      ...(photos ? { photos: photos.get(p.id) ?? [] } : {}),
    })),
    guidanceCount: parts.guidanceCount,
    signedOff: project.signedOffAt != null,
    signedOffAt: iso(project.signedOffAt),
    completionReport: textOrNull(project.completionReport),
    completedAt: iso(project.completedAt),
    evidencePhotoCount: parts.evidencePhotoCount,
    evaluation: parts.evaluation ? toEvaluationView(parts.evaluation, text) : null,
    residentRating: parts.residentRating,
    resolution: r
      ? { id: r.id, topicId: r.topicId, topicTitle: r.topicTitle, text: redactText(r.text), figures: resolutionFigures(r), publishedAt: r.publishedAt.toISOString() }
      : null,
    needs: parts.publicNeeds.map(toLinkedNeed),
    createdAt: project.createdAt.toISOString(),
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

  /** The public page of a project (texts redacted, photos counted); 404 when there is none. */
  async publicPage(id: number): Promise<PublicProjectView> {
    const parts = await findProjectPage(this.db.manager, id);
    if (!parts) throw notFound('该服务项目');
    return toPublicProjectView(parts, null);
  }

  /**
   * The public page of a loaded project. `withPhotos` is the working view's base: texts as written
   * and the progress photos themselves.
   */
  async publicView(project: ServiceProject, withPhotos = false): Promise<PublicProjectView> {
    const parts = await findProjectPage(this.db.manager, project.id);
    if (!parts) throw notFound('该服务项目');
    const photos = withPhotos ? await this.uploads.listLinked('progress', parts.progress.map((p) => p.post.id)) : null;
    return toPublicProjectView(parts, photos);
  }

  /** The working view for the people on the project: private needs for staff, the evidence photos, what they may do. */
  async fullView(project: ServiceProject, rel: ProjectRelation): Promise<ProjectView> {
    const base = await this.publicView(project, true);
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
