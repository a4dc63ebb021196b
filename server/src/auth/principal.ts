import type { NodeLevel } from '../tree/service-node.entity';
import type { Role } from '../roles/role';

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
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
