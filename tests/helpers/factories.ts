import type { DataSource } from 'typeorm';
import { Organization, type OrgKind } from '../../server/src/orgs/organization.entity';
import type { Role } from '../../server/src/roles/role';
import { RoleAssignment, scopeKeyOf } from '../../server/src/roles/role-assignment.entity';
import type { ServiceNode } from '../../server/src/tree/service-node.entity';
import { insertNode } from '../../server/src/tree/tree.service';
import type { Api, TestApp } from './test-app';

/** Small fixture builders that write through the real entities (no mocks). */

export interface Tree {
  district: ServiceNode;
  street: ServiceNode;
  /** Two communities of the street. */
  a: ServiceNode;
  b: ServiceNode;
  /** A community of another street, outside the street admin's subtree. */
  other: ServiceNode;
}

export async function buildTree(db: DataSource): Promise<Tree> {
  return db.transaction(async (m) => {
    const district = await insertNode(m, { parentId: null, parentPath: null, level: 'district', name: '綦江区' });
    const street = await insertNode(m, { parentId: district.id, parentPath: district.path, level: 'street', name: '古南街道' });
    const a = await insertNode(m, { parentId: street.id, parentPath: street.path, level: 'community', name: '文昌社区' });
    const b = await insertNode(m, { parentId: street.id, parentPath: street.path, level: 'community', name: '清河社区' });
    const street2 = await insertNode(m, { parentId: district.id, parentPath: district.path, level: 'street', name: '文龙街道' });
    const other = await insertNode(m, { parentId: street2.id, parentPath: street2.path, level: 'community', name: '九龙社区' });
    return { district, street, a, b, other };
  });
}

export async function grantRole(db: DataSource, userId: number, node: ServiceNode, role: Role, orgId: number | null = null): Promise<RoleAssignment> {
  return db.manager.save(
    RoleAssignment,
    db.manager.create(RoleAssignment, { userId, nodeId: node.id, role, orgId, scopeKey: scopeKeyOf(role, node.id, orgId), grantedBy: null }),
  );
}

export async function createOrg(db: DataSource, node: ServiceNode, name: string, kind: OrgKind = 'community_org'): Promise<Organization> {
  return db.manager.save(Organization, db.manager.create(Organization, { nodeId: node.id, name, kind, creditCode: null, description: '', createdBy: null }));
}

/** Logs a new person in through the fake WeChat server and gives them roles. */
export async function person(t: TestApp, openid: string, roles: Array<[Role, ServiceNode, number?]> = []): Promise<Api & { userId: number }> {
  const api = await t.login(openid);
  for (const [role, node, orgId] of roles) await grantRole(t.db, api.userId, node, role, orgId ?? null);
  return api;
}
