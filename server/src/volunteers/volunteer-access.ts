import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { requireRoleOn } from '../roles/access';
import { MANAGER_ROLES, type Role, WORKBENCH_ROLES } from '../roles/role';
import type { RoleGrant } from '../auth/principal';
import type { ServiceNode } from '../tree/service-node.entity';
import { ancestorIds } from '../tree/tree.service';

/** Who may organize volunteer work on a node: staff, admins, social workers and org members covering it. */
export const ORGANIZER_ROLES: readonly Role[] = WORKBENCH_ROLES;

export function requireOrganizer(principal: Principal, community: Pick<ServiceNode, 'id' | 'path'>): RoleGrant {
  return requireRoleOn(principal, community, ORGANIZER_ROLES, '只有覆盖本社区的工作人员、社工或社会组织成员可以组织志愿活动');
}

export function requireStaff(principal: Principal, community: Pick<ServiceNode, 'id' | 'path'>, message?: string): RoleGrant {
  return requireRoleOn(principal, community, MANAGER_ROLES, message ?? '只有本社区的工作人员或上级管理员可以办理');
}


export { sqlTime } from '../database/raw';

/** Users holding `roles` on the community or a node above it (the people who cover it). */
export async function coveringUsers(m: EntityManager, community: Pick<ServiceNode, 'id' | 'path'>, roles: readonly Role[]): Promise<number[]> {
  const nodes = [...ancestorIds(community), community.id];
  const rows: Array<{ user_id: unknown }> = await m.query(
    `SELECT DISTINCT user_id FROM role_assignment WHERE node_id IN (${nodes.map(() => '?').join(',')}) AND role IN (${roles.map(() => '?').join(',')})`,
    [...nodes, ...roles],
  );
  return rows.map((r) => Number(r.user_id));
}


export { cut } from '../common/text';
export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
