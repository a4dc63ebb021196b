import type { Principal } from '../auth/principal';
import { grantsOn } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import type { ServiceNode } from '../tree/service-node.entity';
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
