import type { DataSource } from 'typeorm';
import { NeedCategory } from '../../server/src/needs/need-category.entity';
import { Organization, type OrgKind } from '../../server/src/orgs/organization.entity';
import type { Role } from '../../server/src/roles/role';
import { SwCertificate } from '../../server/src/projects/sw-certificate.entity';
import { RoleAssignment, scopeKeyOf } from '../../server/src/roles/role-assignment.entity';
import type { ServiceNode } from '../../server/src/tree/service-node.entity';
import { Residence } from '../../server/src/users/residence.entity';
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

/**
 * Logs a new person in through the fake WeChat server and gives them roles. A social worker holds
 * a certificate valid until 2099 (projects require one); the 社工证 tests record their own.
 */
export async function person(t: TestApp, openid: string, roles: Array<[Role, ServiceNode, number?]> = [], certified = true): Promise<Api & { userId: number }> {
  const api = await t.login(openid);
  for (const [role, node, orgId] of roles) await grantRole(t.db, api.userId, node, role, orgId ?? null);
  if (certified && roles.some(([role]) => role === 'social_worker')) await certify(t.db, api.userId);
  return api;
}

/** Records a social worker's certificate directly (the API path is tested in projects-certificates). */
export async function certify(db: DataSource, userId: number, expiresOn = '2099-12-31'): Promise<void> {
  const now = new Date();
  await db.manager.upsert(SwCertificate, { userId, level: 'intermediate', number: `S${userId}`, expiresOn, createdAt: now, updatedAt: now }, ['userId']);
}

// ------------------------------------------------------------------------ needs

/**
 * A resident: logs in and registers a residence (which grants the resident role on the community),
 * which the community has confirmed unless `confirmed` is false (the 居民认证 tests go through the queue).
 */
export async function resident(
  t: TestApp,
  openid: string,
  community: ServiceNode,
  building = '3栋',
  unit = '2单元',
  confirmed = true,
): Promise<Api & { userId: number }> {
  const api = await t.login(openid);
  const res = await api.put('/me/residence', { communityId: community.id, building, unit });
  if (res.status !== 200) throw new Error(`residence failed: ${res.status} ${JSON.stringify(res.body)}`);
  if (confirmed) await t.db.manager.update(Residence, { userId: api.userId }, { status: 'confirmed', reviewedAt: new Date() });
  return api;
}

/** The id of a seeded need category by key (elderly, facilities, …). */
export async function categoryId(t: TestApp, key = 'facilities'): Promise<number> {
  const row = await t.db.manager.findOneByOrFail(NeedCategory, { key });
  return row.id;
}

/** A valid report body; override any field. */
export function needBody(category: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    categoryId: category,
    title: '楼道灯坏了',
    description: '楼道灯坏了一周，晚上老人上下楼看不清。',
    location: { kind: 'residence' },
    urgency: 'normal',
    isPublic: true,
    ...overrides,
  };
}

/** Reports a need over HTTP and returns its id (throws unless 201). */
export async function reportNeed(api: Api, category: number, overrides: Record<string, unknown> = {}): Promise<number> {
  const res = await api.post('/needs', needBody(category, overrides));
  if (res.status !== 201) throw new Error(`report failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.data.id as number;
}

/** A real 1×1 PNG. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Uploads bytes as multipart form data (field `file`), the way wx.uploadFile does, and waits for
 * WeChat's image check to come back (the fake passes every image a moment later) unless `settle`
 * is false (the media-check tests hold the verdicts).
 */
export async function uploadFile(api: Api, bytes: Buffer, filename = 'photo.png', type = 'image/png', settle = true): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  const res = await fetch(`${api.baseUrl}/api/uploads`, {
    method: 'POST',
    headers: api.token ? { authorization: `Bearer ${api.token}` } : {},
    body: form,
  });
  const out: { status: number; body: any } = { status: res.status, body: await res.json() };
  if (settle && out.status === 201) {
    for (let i = 0; i < 100 && (await api.get(`/uploads/${out.body.data.id}/check`)).data?.check === 'pending'; i++) await new Promise((r) => setTimeout(r, 20));
  }
  return out;
}

/** GET a raw file (not JSON) with the caller's token. */
export async function fetchFile(api: Api, path: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(`${api.baseUrl}${path}`, { headers: api.token ? { authorization: `Bearer ${api.token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}
