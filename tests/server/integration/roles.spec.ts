import { AuditLog } from '../../../server/src/audit/audit-log.entity';
import { Organization } from '../../../server/src/orgs/organization.entity';
import { RoleAssignment } from '../../../server/src/roles/role-assignment.entity';
import { ServiceNode } from '../../../server/src/tree/service-node.entity';
import { buildTree, createOrg, person, type Tree } from '../../helpers/factories';
import { type Api, startTestApp, type TestApp } from '../../helpers/test-app';

describe('roles on the service tree: scoping, grants, revocation', () => {
  let t: TestApp;
  let tree: Tree;
  let staffA: Api & { userId: number };
  let staffB: Api & { userId: number };
  let streetAdmin: Api & { userId: number };
  let resident: Api & { userId: number };

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
    staffA = await person(t, 'o-staff-a', [['staff', tree.a]]);
    staffB = await person(t, 'o-staff-b', [['staff', tree.b]]);
    streetAdmin = await person(t, 'o-street-admin', [['admin', tree.street]]);
    resident = await person(t, 'o-resident-a', [['resident', tree.a]]);
  });
  afterAll(() => t.close());

  const auditCount = (action: string) => t.db.manager.count(AuditLog, { where: { action } });

  it('lets community staff see their own community only; a street admin sees every community of the street', async () => {
    const own = await staffA.get(`/roles?nodeId=${tree.a.id}`);
    expect(own.status).toBe(200);
    expect(own.data.items.map((r: { nodeId: number }) => r.nodeId)).toEqual(expect.arrayContaining([tree.a.id]));
    expect(own.data.items.every((r: { nodeId: number }) => r.nodeId === tree.a.id)).toBe(true);

    for (const node of [tree.b, tree.street, tree.other]) {
      const res = await staffA.get(`/roles?nodeId=${node.id}`);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'OUT_OF_SCOPE', message: expect.stringContaining('管辖范围') });
    }

    const street = await streetAdmin.get(`/roles?nodeId=${tree.street.id}`);
    expect(street.status).toBe(200);
    const nodes = new Set(street.data.items.map((r: { nodeId: number }) => r.nodeId));
    expect(nodes).toEqual(new Set([tree.street.id, tree.a.id, tree.b.id]));
    expect((await streetAdmin.get(`/roles?nodeId=${tree.other.id}`)).status).toBe(403);
  });

  it('shows phone numbers masked in member lists', async () => {
    await resident.post('/me/phone', { code: t.fake.issuePhoneCode('13611112222') });
    const res = await staffA.get(`/roles?nodeId=${tree.a.id}&role=resident`);
    const row = res.data.items.find((r: { userId: number }) => r.userId === resident.userId);
    expect(row.phoneMasked).toBe('136****2222');
    expect(JSON.stringify(res.body)).not.toContain('13611112222');
  });

  it('refuses role routes to people who hold no staff or admin role', async () => {
    const res = await resident.get(`/roles?nodeId=${tree.a.id}`);
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('FORBIDDEN');
  });

  it('lets staff grant within their community, never in another; the street admin grants in both', async () => {
    const newcomer = await person(t, 'o-newcomer');
    const grants = await auditCount('role.grant');

    const inA = await staffA.post('/roles', { userId: newcomer.userId, nodeId: tree.a.id, role: 'volunteer' });
    expect(inA.status).toBe(201);

    const inB = await staffA.post('/roles', { userId: newcomer.userId, nodeId: tree.b.id, role: 'volunteer' });
    expect(inB.status).toBe(403);
    expect(inB.body.error?.code).toBe('OUT_OF_SCOPE');

    const byAdmin = await streetAdmin.post('/roles', { userId: newcomer.userId, nodeId: tree.b.id, role: 'volunteer' });
    expect(byAdmin.status).toBe(201);

    const roles = await t.db.manager.find(RoleAssignment, { where: { userId: newcomer.userId }, order: { nodeId: 'ASC' } });
    expect(roles.map((r) => [r.role, r.nodeId])).toEqual([
      ['volunteer', tree.a.id],
      ['volunteer', tree.b.id],
    ]);
    // One audit row per accepted grant, none for the refused one.
    expect(await auditCount('role.grant')).toBe(grants + 2);
    const audit = await t.db.manager.findOneByOrFail(AuditLog, { action: 'role.grant', entityId: newcomer.userId, nodeId: tree.a.id });
    expect(audit).toMatchObject({ actorId: staffA.userId, actorRole: 'staff', toState: 'volunteer' });

    // The new role takes effect on the next request.
    expect((await newcomer.get('/me')).data.roles.map((r: { role: string }) => r.role)).toEqual(['volunteer', 'volunteer']);
  });

  it('refuses a duplicate grant, an admin grant by staff, a resident role above community level', async () => {
    const p = await person(t, 'o-rules', [['volunteer', tree.a]]);
    const dup = await staffA.post('/roles', { userId: p.userId, nodeId: tree.a.id, role: 'volunteer' });
    expect(dup.status).toBe(409);
    expect(dup.body.error?.message).toContain('已经是文昌社区的志愿者');

    const admin = await staffA.post('/roles', { userId: p.userId, nodeId: tree.a.id, role: 'admin' });
    expect(admin.status).toBe(403);
    expect((await streetAdmin.post('/roles', { userId: p.userId, nodeId: tree.a.id, role: 'admin' })).status).toBe(201);

    const residentOnStreet = await streetAdmin.post('/roles', { userId: p.userId, nodeId: tree.street.id, role: 'resident' });
    expect(residentOnStreet.status).toBe(400);
    expect(residentOnStreet.body.error?.fields).toEqual([{ field: 'nodeId', message: '请选择具体社区' }]);

    const badRole = await staffA.post('/roles', { userId: p.userId, nodeId: tree.a.id, role: 'mayor' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error?.fields?.[0]).toMatchObject({ field: 'role', message: expect.stringContaining('角色只能是') });

    const ghost = await staffA.post('/roles', { userId: 999999, nodeId: tree.a.id, role: 'volunteer' });
    expect(ghost.status).toBe(404);
  });

  it('ties an organization member to an organization registered on that node', async () => {
    const orgA = await createOrg(t.db, tree.a, '文昌社区邻里互助会');
    const orgB = await createOrg(t.db, tree.b, '清河社区夕阳红服务社');
    const p = await person(t, 'o-org-member');

    const missing = await staffA.post('/roles', { userId: p.userId, nodeId: tree.a.id, role: 'org_member' });
    expect(missing.status).toBe(400);
    expect(missing.body.error?.fields?.[0].field).toBe('orgId');

    const wrongNode = await staffA.post('/roles', { userId: p.userId, nodeId: tree.a.id, role: 'org_member', orgId: orgB.id });
    expect(wrongNode.status).toBe(400);

    const ok = await staffA.post('/roles', { userId: p.userId, nodeId: tree.a.id, role: 'org_member', orgId: orgA.id });
    expect(ok.status).toBe(201);
    const me = await p.get('/me');
    expect(me.data.roles).toEqual([expect.objectContaining({ role: 'org_member', orgName: '文昌社区邻里互助会' })]);
    expect(me.data.workbench).toBe(true);
    expect(me.data.manager).toBe(false);
  });

  it('revokes within scope only, never one’s own management role, and the revoked role stops working at once', async () => {
    const helper = await person(t, 'o-helper', [['staff', tree.a]]);
    const grant = await t.db.manager.findOneByOrFail(RoleAssignment, { userId: helper.userId, role: 'staff' });
    expect((await helper.get(`/roles?nodeId=${tree.a.id}`)).status).toBe(200);

    expect((await staffB.delete(`/roles/${grant.id}`)).status).toBe(403);
    const self = await helper.delete(`/roles/${grant.id}`);
    expect(self.status).toBe(403);
    expect(self.body.error?.message).toContain('不能撤销自己的管理权限');

    const revoked = await staffA.delete(`/roles/${grant.id}?reason=${encodeURIComponent('调岗')}`);
    expect(revoked.status).toBe(200);
    expect(await t.db.manager.countBy(RoleAssignment, { id: grant.id })).toBe(0);
    const audit = await t.db.manager.findOneByOrFail(AuditLog, { action: 'role.revoke', entityId: helper.userId });
    expect(audit).toMatchObject({ fromState: 'staff', reason: '调岗', actorId: staffA.userId });

    const after = await helper.get(`/roles?nodeId=${tree.a.id}`);
    expect(after.status).toBe(403);
    expect((await staffA.delete(`/roles/${grant.id}`)).status).toBe(404);
  });

  it('finds a person by phone for staff only, and records the lookup as access to personal data', async () => {
    const p = await person(t, 'o-lookup');
    await p.post('/me/phone', { code: t.fake.issuePhoneCode('13522223333') });
    const before = await auditCount('pii.lookup_phone');
    // Someone who has joined no place under the caller reads as not found (#14); once they live in 文昌社区, they are found.
    expect((await staffA.get('/users/lookup?phone=13522223333')).data.user).toBeNull();
    await p.put('/me/residence', { communityId: tree.a.id, building: '1栋', unit: '1单元' });
    expect((await staffB.get('/users/lookup?phone=13522223333')).data.user).toBeNull();

    const found = await staffA.get('/users/lookup?phone=13522223333');
    expect(found.status).toBe(200);
    expect(found.data.user).toEqual({ id: p.userId, nickname: expect.any(String), phoneMasked: '135****3333' });
    expect((await staffA.get('/users/lookup?phone=13500000000')).data.user).toBeNull();
    expect(await auditCount('pii.lookup_phone')).toBe(before + 4);

    expect((await resident.get('/users/lookup?phone=13522223333')).status).toBe(403);
    const malformed = await staffA.get('/users/lookup?phone=12345');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error?.fields).toEqual([{ field: 'phone', message: '手机号格式不正确' }]);
  });

  it('registers organizations within scope with a contact, after the content check, and lists them publicly without the contact', async () => {
    const contact = { contactName: '周丽华', contactPhone: '13912345678' };
    const noContact = await staffA.post('/orgs', { nodeId: tree.a.id, name: '文昌社区书香读书会', kind: 'community_org' });
    expect(noContact.status).toBe(400);
    expect(noContact.body.error?.fields?.map((f: { field: string }) => f.field).sort()).toEqual(['contactName', 'contactPhone']);
    expect((await staffA.post('/orgs', { nodeId: tree.a.id, name: '文昌社区书香读书会', kind: 'community_org', contactName: '周丽华', contactPhone: '12345' })).body.error?.fields?.[0]?.field).toBe('contactPhone');
    const ok = await staffA.post('/orgs', { nodeId: tree.a.id, name: '文昌社区书香读书会', kind: 'community_org', description: '每周六组织亲子共读。', ...contact });
    expect(ok.status).toBe(201);
    expect(ok.data).toMatchObject({ name: '文昌社区书香读书会', kindLabel: '社区社会组织', nodeName: '文昌社区', contact: { name: '周丽华', phoneMasked: '139****5678' } });
    const stored = await t.db.manager.findOneByOrFail(Organization, { id: ok.data.id });
    expect(stored.contactPhoneEnc).not.toContain('13912345678');

    expect((await staffA.post('/orgs', { nodeId: tree.b.id, name: '越权登记的组织', kind: 'community_org', ...contact })).status).toBe(403);
    expect((await staffA.post('/orgs', { nodeId: tree.a.id, name: '文昌社区书香读书会', kind: 'community_org', ...contact })).status).toBe(409);

    const before = await t.db.manager.count(Organization);
    const rejected = await staffA.post('/orgs', { nodeId: tree.a.id, name: '网络博彩推广队', kind: 'community_org', ...contact });
    expect(rejected.status).toBe(422);
    expect(await t.db.manager.count(Organization)).toBe(before);

    // Public: no contact; staff covering it see the contact (masked); staff of another community do not.
    const list = await t.api.get(`/orgs?nodeId=${tree.street.id}`);
    expect(list.status).toBe(200);
    const listed = list.data.find((o: { name: string }) => o.name === '文昌社区书香读书会');
    expect(listed).toBeDefined();
    expect(listed.contact).toBeUndefined();
    expect(JSON.stringify(list.data)).not.toContain('周丽华');
    expect((await staffA.get(`/orgs?nodeId=${tree.a.id}`)).data.find((o: { id: number }) => o.id === ok.data.id).contact).toEqual({ name: '周丽华', phoneMasked: '139****5678' });
    expect((await staffB.get(`/orgs?nodeId=${tree.street.id}`)).data.find((o: { id: number }) => o.id === ok.data.id).contact).toBeUndefined();
  });

  it('lets only an admin above a node add a community under it', async () => {
    const denied = await staffA.post('/nodes', { parentId: tree.street.id, name: '新建社区' });
    expect(denied.status).toBe(403);
    const created = await streetAdmin.post('/nodes', { parentId: tree.street.id, name: '新城社区' });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ level: 'community', levelLabel: '社区', ancestors: [{ name: '綦江区' }, { name: '古南街道' }] });
    const node = await t.db.manager.findOneByOrFail(ServiceNode, { id: created.data.id });
    expect(node.path).toBe(`${tree.street.path}${node.id}/`);
    expect((await streetAdmin.post('/nodes', { parentId: node.id, name: '楼栋' })).status).toBe(400);
    expect((await streetAdmin.post('/nodes', { parentId: tree.street.id, name: '新城社区' })).status).toBe(409);
  });
});
