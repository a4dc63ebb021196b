import type { NodeLevel } from '../tree/service-node.entity';
import type { Role } from '../roles/role';
import type { ResidenceStatus } from '../contract/users';

/** One role the signed-in user holds, with the place it covers. */
export interface RoleGrant {
  id: number;
  role: Role;
  nodeId: number;
  nodePath: string;
  nodeLevel: NodeLevel;
  orgId: number | null;
}

/** The signed-in user as every guard and service sees them; roles are read fresh on each request. */
export interface Principal {
  userId: number;
  openid: string;
  roles: RoleGrant[];
  /** The residence they declared, and whether the community has confirmed it. */
  residence: { communityId: number; status: ResidenceStatus; returnReason: string | null } | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
