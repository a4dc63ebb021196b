import type { Principal } from '../auth/principal';
import { grantsOn } from '../roles/access';
import { MANAGER_ROLES, type Role, WORKBENCH_ROLES } from '../roles/role';
import type { ServiceNode } from '../tree/service-node.entity';
import type { ActorKind } from './need-status';
import type { NeedActor } from './need-workflow.service';
import type { Need } from './need.entity';

/**
 * Who stands in which relation to a need. Pure functions over the principal's grants and the
 * need's row (plus the community node and whether the caller follows it), shared by the needs
 * and uploads services so both answer the same question the same way.
 */
export interface NeedRelation {
  reporter: boolean;
  follower: boolean;
  handler: boolean;
  /** Staff or admin covering the need's community; `staffRole` is the highest such grant. */
  staff: boolean;
  staffRole: 'staff' | 'admin' | null;
}

export function relationTo(principal: Principal | undefined, need: Need, community: Pick<ServiceNode, 'id' | 'path'>, follower: boolean): NeedRelation {
  if (!principal) return { reporter: false, follower: false, handler: false, staff: false, staffRole: null };
  const grants = grantsOn(principal, community, MANAGER_ROLES).sort((a, b) => a.nodePath.length - b.nodePath.length);
  return {
    reporter: need.reporterId != null && need.reporterId === principal.userId,
    follower,
    handler: need.handlerId != null && need.handlerId === principal.userId,
    staff: grants.length > 0,
    staffRole: (grants[0]?.role as 'staff' | 'admin' | undefined) ?? null,
  };
}

/** May see the full need (private fields, timeline with notes): reporter, followers, handler, covering staff. */
export const canSeePrivate = (r: NeedRelation) => r.reporter || r.follower || r.handler || r.staff;

/** The caller as an actor on this need: every kind of relation it holds, and the role recorded for each. */
export function actorOf(principal: Principal, need: Need, r: NeedRelation): NeedActor {
  const kinds: ActorKind[] = [];
  const roles: Partial<Record<ActorKind, string>> = {};
  if (r.staff) {
    kinds.push('staff');
    roles.staff = r.staffRole!;
  }
  // For a 代报 need, covering staff confirm and rate on the offline resident's behalf (a 回访
  // call) — never its handler: nobody rates their own work.
  if (r.reporter || (need.proxy && r.staff && !r.handler)) {
    kinds.push('reporter');
    roles.reporter = r.reporter ? 'resident' : r.staffRole!;
  }
  if (r.handler) {
    kinds.push('handler');
    roles.handler = r.staffRole ?? workbenchRole(principal, need) ?? 'handler';
  }
  return { userId: principal.userId, kinds, roles };
}

/** The workbench role a handler without a staff grant acts in: the one on the need's community, else the first. */
function workbenchRole(principal: Principal, need: Need): Role | null {
  const community = principal.roles.find((g) => g.nodeId === need.communityId);
  const grants = principal.roles.filter((g) => WORKBENCH_ROLES.includes(g.role));
  return community && WORKBENCH_ROLES.includes(community.role) ? community.role : (grants[0]?.role ?? null);
}
