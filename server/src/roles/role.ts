/** The roles a person can hold on a node of the service tree. A role on a node covers its subtree. */
export const ROLES = ['resident', 'volunteer', 'social_worker', 'org_member', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = {
  resident: '居民',
  volunteer: '志愿者',
  social_worker: '社工',
  org_member: '社会组织成员',
  staff: '社区工作人员',
  admin: '管理员',
};

/** Roles that open the workbench (工作台) in the mini-program. */
export const WORKBENCH_ROLES: readonly Role[] = ['staff', 'admin', 'social_worker', 'org_member'];
/** Roles that manage people and organizations within their subtree. */
export const MANAGER_ROLES: readonly Role[] = ['staff', 'admin'];
