import type { Principal, RoleGrant } from '../auth/principal';
import { requireRoleOn } from '../roles/access';
import { ORGANIZER_ROLES } from '../contract/volunteers';
import { MANAGER_ROLES } from '../roles/role';
import type { ServiceNode } from '../tree/service-node.entity';

/** Who may organize volunteer work on a node: staff, admins, social workers and org members covering it. */
export { ORGANIZER_ROLES };

export function requireOrganizer(principal: Principal, community: Pick<ServiceNode, 'id' | 'path'>): RoleGrant {
  return requireRoleOn(principal, community, ORGANIZER_ROLES, '只有覆盖本社区的工作人员、社工或社会组织成员可以组织志愿活动');
}

export function requireStaff(principal: Principal, community: Pick<ServiceNode, 'id' | 'path'>, message?: string): RoleGrant {
  return requireRoleOn(principal, community, MANAGER_ROLES, message ?? '只有本社区的工作人员或上级管理员可以办理');
}

export { cut } from '../common/text';
export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
