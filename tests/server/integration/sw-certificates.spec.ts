import { AuditLog } from '../../../server/src/audit/audit-log.entity';
import { beijingDay, projectBody } from '../../helpers/consult-factories';
import { buildTree, categoryId, createOrg, person, reportNeed, resident, type Tree } from '../../helpers/factories';
import { type Api, startTestApp, type TestApp } from '../../helpers/test-app';

type User = Api & { userId: number };

/** 社工证 (#13): a social worker records level, number and expiry; a project's social worker holds one valid on its start date. */
describe('social workers\' certificates', () => {
  let t: TestApp;
  let tree: Tree;
  let staffA: User;
  let sw: User;
  let orgId: number;
  let alice: User;
  let cat: number;

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
    cat = await categoryId(t, 'elderly');
    orgId = (await createOrg(t.db, tree.a, '文昌社区邻里互助社')).id;
    staffA = await person(t, 'o-sw-staff', [['staff', tree.a]]);
    sw = await person(t, 'o-sw-uncertified', [['social_worker', tree.a]], false);
    alice = await resident(t, 'o-sw-alice', tree.a);
  });
  afterAll(() => t.close());

  const newProject = async (startsOn: string, endsOn: string) => {
    const needId = await reportNeed(alice, cat, { title: '独居老人吃饭难，希望有助餐点', isPublic: false });
    await staffA.post(`/needs/${needId}/accept`, {});
    return staffA.post('/projects', projectBody(t, { communityId: tree.a.id, orgId, socialWorkerId: sw.userId }, { needIds: [needId], startsOn, endsOn, milestones: [{ title: '启动', plannedOn: startsOn }] }));
  };

  it('refuses a project whose social worker has no certificate, then one that expires before the start, then accepts', async () => {
    const start = beijingDay(t, 30);
    const end = beijingDay(t, 120);
    const none = await newProject(start, end);
    expect(none.status).toBe(400);
    expect(none.body.error?.fields?.[0]).toMatchObject({ field: 'socialWorkerId', message: expect.stringContaining('还没有登记社工证') });

    expect((await sw.get('/social-workers/me/certificate')).data).toEqual({ certificate: null });
    // Bad input is refused by field; an expired certificate is not recorded.
    const bad = await sw.put('/social-workers/me/certificate', { level: 'master', number: '证书 1', expiresOn: '2027-02-30' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.fields?.map((f: { field: string }) => f.field).sort()).toEqual(['level', 'number']);
    expect((await sw.put('/social-workers/me/certificate', { level: 'intermediate', number: 'S2023001', expiresOn: '2027-02-30' })).body.error?.fields?.[0]?.field).toBe('expiresOn');
    expect((await sw.put('/social-workers/me/certificate', { level: 'intermediate', number: 'S2023001', expiresOn: beijingDay(t, -1) })).status).toBe(400);
    expect((await staffA.put('/social-workers/me/certificate', { level: 'intermediate', number: 'S2023001', expiresOn: beijingDay(t, 10) })).status).toBe(403);

    const short = await sw.put('/social-workers/me/certificate', { level: 'assistant', number: 'A2023001', expiresOn: beijingDay(t, 10) });
    expect(short.data).toEqual({ certificate: { level: 'assistant', levelLabel: '助理社会工作师', number: 'A2023001', expiresOn: beijingDay(t, 10), valid: true } });
    const expiresFirst = await newProject(start, end);
    expect(expiresFirst.status).toBe(400);
    expect(expiresFirst.body.error?.fields?.[0]?.message).toBe(`该社工的社工证于 ${beijingDay(t, 10)} 到期，早于项目开始日期 ${start}，请其更新证书或另选社工`);

    // Renewed: the project starts.
    await sw.put('/social-workers/me/certificate', { level: 'intermediate', number: 'S2026001', expiresOn: beijingDay(t, 365 * 3) });
    expect((await newProject(start, end)).status).toBe(201);
    expect(await t.db.manager.countBy(AuditLog, { action: 'sw_certificate.renew', entityId: sw.userId })).toBe(1);
    expect(await t.db.manager.countBy(AuditLog, { action: 'sw_certificate.record', entityId: sw.userId })).toBe(1);

    // The staff's picker shows who holds a valid certificate.
    const roles = (await staffA.get(`/roles?nodeId=${tree.a.id}&role=social_worker`)).data.items;
    expect(roles).toEqual([expect.objectContaining({ userId: sw.userId, certificate: { levelLabel: '社会工作师', expiresOn: beijingDay(t, 365 * 3), valid: true } })]);
  });
});
