import type { Role } from '../contract/users';

export { ROLES, ROLE_LABEL, type Role } from '../contract/users';

/** Roles that open the workbench (工作台) in the mini-program. */
export const WORKBENCH_ROLES: readonly Role[] = ['staff', 'admin', 'social_worker', 'org_member'];
/** Roles that manage people and organizations within their subtree. */
export const MANAGER_ROLES: readonly Role[] = ['staff', 'admin'];
