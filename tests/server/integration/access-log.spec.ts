import { buildTree, categoryId, person, reportNeed, resident, type Tree } from '../../helpers/factories';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { approvedVolunteers, createActivity } from '../../helpers/volunteer-factories';

/** Every staff read of full personal data is logged; a street's or district's admin reads the log of their subtree (#14). */
describe('个人信息查阅记录', () => {
  let t: TestApp;
  let tree: Tree;

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
  });
  afterAll(() => t.close());

  it('logs the reads of real names, rosters and a need’s reporter and address, and shows them to the street’s admin only', async () => {
    const staffA = await person(t, 'o-al-staff', [['staff', tree.a]]);
    const streetAdmin = await person(t, 'o-al-street', [['admin', tree.street]]);
    const otherAdmin = await person(t, 'o-al-other', [['admin', tree.other]]);
    const communityAdmin = await person(t, 'o-al-comm-admin', [['admin', tree.a]]);
    const alice = await resident(t, 'o-al-alice', tree.a);
    const needId = await reportNeed(alice, await categoryId(t), { isPublic: false });
    await approvedVolunteers(t, tree.a, 1, 'o-al-vol');
    const activity = await createActivity(t, staffA, tree.a);

    expect((await staffA.get(`/volunteers/applications?nodeId=${tree.a.id}`)).status).toBe(200);
    expect((await staffA.get(`/volunteer-activities/${activity.id}/signups`)).status).toBe(200);
    expect((await staffA.get(`/needs/${needId}`)).status).toBe(200);
    expect((await alice.get(`/needs/${needId}`)).status).toBe(200); // her own: not a staff read

    const log = await streetAdmin.get(`/audit/access?nodeId=${tree.street.id}`);
    expect(log.status).toBe(200);
    const labels = log.data.items.map((i: { actionLabel: string; actorName: string; nodeName: string }) => `${i.actorName}|${i.actionLabel}|${i.nodeName}`);
    const staffName = (await staffA.get('/me')).data.nickname;
    expect(labels).toEqual(expect.arrayContaining([`${staffName}|查看志愿者实名登记|文昌社区`, `${staffName}|查看需求的反映人和具体地址|文昌社区`]));
    expect(labels.filter((l: string) => l.includes('花名册')).length).toBeLessThanOrEqual(1);
    expect(JSON.stringify(log.body)).not.toMatch(/13[0-9]{9}/);

    expect((await otherAdmin.get(`/audit/access?nodeId=${tree.street.id}`)).status).toBe(403);
    expect((await communityAdmin.get(`/audit/access?nodeId=${tree.a.id}`)).status).toBe(403);
    expect((await staffA.get(`/audit/access?nodeId=${tree.a.id}`)).status).toBe(403);
  });
});
