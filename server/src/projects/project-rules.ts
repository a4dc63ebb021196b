import { isRealDate } from '../contract/format';
import type { Principal, RoleGrant } from '../auth/principal';
import { badRequest, forbidden } from '../common/errors';
import type { ProjectCan } from '../contract/projects';
import type { NeedStatus } from '../needs/need-status';
import type { NeedActor } from '../needs/need-workflow.service';
import { grantsOn, hasRoleOn } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import type { ServiceNode } from '../tree/service-node.entity';
import type { ProjectMilestone, ServiceProject } from './project.entity';

/** Who may do what on a project, and the few rules every project service applies. */

/** The audit trail's name for a project. */
export const PROJECT_ENTITY = 'service_project';

/** The mini-program page (loop subpackage) an inbox row opens. */
export const projectPage = (id: number) => `loop/pages/project/index?id=${id}`;

/** Needs a project takes over when it is created. */
export const INTAKE: readonly NeedStatus[] = ['accepted', 'in_consultation', 'resourcing'];

/** How the caller stands to a project. */
export interface ProjectRelation {
  /** The broadest covering staff/admin grant, if any. */
  staff: RoleGrant | null;
  /** The project's own social worker, still holding the role over its community. */
  socialWorker: boolean;
  /** A member of the implementing organization. */
  orgMember: boolean;
}

export function projectRelation(principal: Principal, project: ServiceProject, community: ServiceNode): ProjectRelation {
  const staff = grantsOn(principal, community, MANAGER_ROLES).sort((a, b) => a.nodePath.length - b.nodePath.length)[0] ?? null;
  return {
    staff,
    socialWorker: project.socialWorkerId === principal.userId && hasRoleOn(principal, community, ['social_worker']),
    orgMember: principal.roles.some((g) => g.role === 'org_member' && g.orgId === project.orgId),
  };
}

export function requireOrgMember(principal: Principal, project: ServiceProject, community: ServiceNode): void {
  if (!projectRelation(principal, project, community).orgMember) throw forbidden('只有实施该项目的社会组织成员可以发布进展和结项报告');
}

export function requireSocialWorker(principal: Principal, project: ServiceProject, community: ServiceNode): void {
  if (!projectRelation(principal, project, community).socialWorker) throw forbidden('只有该项目的指导社工可以填写指导记录和签署结项意见');
}

/** A member of the implementing organization acting on a need (the `project` actor kind). */
export function orgActor(principal: Principal): NeedActor {
  return { userId: principal.userId, kinds: ['project'], roles: { project: 'org_member' } };
}

/**
 * What still stands between a project and its sign-off (and so its completion), as sentences a
 * person can act on: at least one guidance record, and every milestone done or waived with a reason.
 */
export function signOffMissing(guidanceCount: number, milestones: ReadonlyArray<Pick<ProjectMilestone, 'title' | 'doneOn' | 'waivedReason'>>): string[] {
  const missing: string[] = [];
  if (guidanceCount <= 0) missing.push('还没有社工指导记录：请先填写至少一条指导记录');
  const open = milestones.filter((x) => !x.doneOn && !x.waivedReason);
  if (open.length) {
    missing.push(`还有 ${open.length} 个项目节点未完成：${open.map((x) => `“${x.title}”`).join('、')}。完成后由实施机构在进展中标记；确实不再进行的，请社工写明原因标为“不再进行”`);
  }
  return missing;
}

/** What the caller may do now: the buttons of the working view. */
export function projectCan(project: Pick<ServiceProject, 'status'>, rel: ProjectRelation, missing: readonly string[], signedOff: boolean): ProjectCan {
  const active = project.status === 'active';
  return {
    postProgress: active && rel.orgMember,
    addGuidance: active && rel.socialWorker,
    signOff: active && rel.socialWorker && missing.length === 0 && !signedOff,
    waiveMilestone: active && rel.socialWorker && !signedOff,
    complete: active && rel.orgMember && signedOff && missing.length === 0,
    evaluate: project.status === 'completed' && Boolean(rel.staff) && !rel.socialWorker && !rel.orgMember,
  };
}

/** Refuses anything but a real calendar date written YYYY-MM-DD. */
export function assertDate(date: string, field: string, label: string): void {
  if (!isRealDate(date)) throw badRequest(`${label}不是有效的日期`, field);
}
