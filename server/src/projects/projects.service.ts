import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Principal } from '../auth/principal';
import type { ProjectListItem, ProjectPageView, ProjectView, PublicProjectView } from '../contract/projects';
import { requireRoleOn } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import type { ServiceNode } from '../tree/service-node.entity';
import { TreeService } from '../tree/tree.service';
import { findProject, projectIdsInSubtree } from './project-queries';
import { projectRelation } from './project-rules';
import { ProjectViews } from './project-views';
import { ServiceProject } from './project.entity';

/**
 * Reading service projects (社会组织实施): lists for staff, for the people on a project and for
 * residents, and one project as the caller may see it. The writing services (creation, work,
 * guidance, evaluation) answer with `view()` after their change.
 */
@Injectable()
export class ProjectsService {
  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly views: ProjectViews,
  ) {}

  /** The projects of a node's subtree, for covering staff and admins. */
  async list(principal: Principal, nodeId: number): Promise<ProjectListItem[]> {
    const node = await this.tree.getNode(nodeId);
    requireRoleOn(principal, node, MANAGER_ROLES, '只能查看自己管辖范围内的服务项目');
    return this.views.listItems(await projectIdsInSubtree(this.db.manager, node.path));
  }

  /** Projects I guide (social worker) or my organization implements. */
  async mine(principal: Principal): Promise<ProjectListItem[]> {
    const orgIds = principal.roles.filter((g) => g.role === 'org_member' && g.orgId).map((g) => g.orgId!);
    const rows = await this.db.manager.find(ServiceProject, {
      where: [{ socialWorkerId: principal.userId }, ...(orgIds.length ? [{ orgId: In(orgIds) }] : [])],
      order: { id: 'DESC' },
      select: { id: true },
    });
    return this.views.listItems(rows.map((r) => r.id));
  }

  /** A community's projects (public). */
  async publicList(communityId: number): Promise<ProjectListItem[]> {
    const community = await this.tree.getNode(communityId);
    const rows = await this.db.manager.find(ServiceProject, { where: { communityId: community.id }, order: { id: 'DESC' }, take: 100, select: { id: true } });
    return this.views.listItems(rows.map((r) => r.id));
  }

  /** The full view for covering staff, the social worker and the organization's members; the public view for everyone else. */
  async get(principal: Principal | undefined, id: number): Promise<ProjectPageView> {
    const { project, community } = await this.load(this.db.manager, id);
    const rel = principal ? projectRelation(principal, project, community) : null;
    if (!rel || (!rel.staff && !rel.socialWorker && !rel.orgMember)) return this.views.publicView(project);
    return this.views.fullView(project, rel);
  }

  /** What a writing service answers with: the working view of the project it just changed. */
  view(principal: Principal, id: number): Promise<ProjectView> {
    return this.get(principal, id) as Promise<ProjectView>;
  }

  /** The public page: one round of four SELECTs (project-queries.ts findProjectPage, #15). */
  publicPage(id: number): Promise<PublicProjectView> {
    return this.views.publicPage(id);
  }

  /** A project and its community, for the services that act on it. */
  async load(m: EntityManager, id: number): Promise<{ project: ServiceProject; community: ServiceNode }> {
    const project = await findProject(m, id);
    return { project, community: await this.tree.getNode(project.communityId, m) };
  }
}
